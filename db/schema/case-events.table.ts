import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** Append-only audit: every change, refusal and rule decision, with who, when and from which channel. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** Absent for decisions about no case (a chat redirect, a refused intake). */
    caseId: uuid('case_id'),
    type: text('type').notNull(),
    at: instant('at').notNull(),
    actorKind: text('actor_kind', { enum: ['agent', 'contact', 'customer', 'system'] }).notNull(),
    actorId: text('actor_id'),
    channel: text('channel').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('case_events_case').on(t.tenantId, t.caseId, t.id),
    index('case_events_tenant_type').on(t.tenantId, t.type, t.at),
  ],
);
