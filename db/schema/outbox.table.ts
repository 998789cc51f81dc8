import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** Messages to deliver, written in the transaction of the change they announce; the relay delivers them. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    caseId: uuid('case_id'),
    /** Which deliverer takes it: slack, teams, email, console. */
    target: text('target').notNull(),
    /** Where, in the target's terms: a channel id, an email address, a user id. */
    destination: text('destination').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Lets a receiver (and the relay) recognise a retried delivery. */
    dedupKey: text('dedup_key').notNull().unique(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_due').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // What /metrics and `portero status` count: dead letters, without reading the delivered history.
    index('outbox_dead').on(t.target).where(sql`${t.status} = 'dead'`),
    index('outbox_case_target').on(t.caseId, t.target, t.destination, t.id).where(sql`${t.status} = 'pending'`),
  ],
);
