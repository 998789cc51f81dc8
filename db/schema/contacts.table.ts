import { boolean, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { customers } from './customers.table.ts';
import { tenants } from './tenants.table.ts';

/** A person of a customer company. Reporters may open cases (the policy may cap how many a company has). */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    handle: text('handle').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    isReporter: boolean('is_reporter').notNull().default(true),
    /** A shared mailbox (several people read it): no case is opened from it by email. */
    sharedMailbox: boolean('shared_mailbox').notNull().default(false),
    /** When mail to this contact's address last bounced (a delivery-status report came back); null: it works. */
    emailBouncingAt: instant('email_bouncing_at'),
    createdAt: createdAt(),
  },
  (t) => [unique('contacts_tenant_handle').on(t.tenantId, t.handle)],
);
