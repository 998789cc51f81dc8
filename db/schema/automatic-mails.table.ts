import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/**
 * One row per recipient of each automatic email Portero queued (acknowledgements, refusals): counted to send a person
 * at most a few an hour, whatever loop or flood is going on (queueCustomerEmail).
 */
export const automaticMails = pgTable(
  'automatic_mails',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** Lower case. */
    recipient: text('recipient').notNull(),
    at: instant('at').notNull(),
    /** The outbox row that sends it. */
    dedupKey: text('dedup_key').notNull(),
  },
  (t) => [index('automatic_mails_recipient').on(t.tenantId, t.recipient, t.at)],
);
