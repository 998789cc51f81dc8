import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';

/** A support organization served by this deployment, with the policy it runs on. */
export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  policyId: text('policy_id').notNull(),
  /** Prefix of human case numbers: ITBX-1042. */
  casePrefix: text('case_prefix').notNull().unique(),
  /** The next number to hand out; incremented under the row lock so numbers have no gaps. */
  nextCaseNumber: integer('next_case_number').notNull().default(1),
  /** Set by `tenant remove` when the tenant has history: it keeps its cases, opens no new ones. */
  deactivatedAt: instant('deactivated_at'),
  /**
   * Moves when a change of one of the tenant's cases rewrites an SLA decision of a finished week (a reopen, a new
   * priority): the dashboard keeps finished weeks' figures until it moves.
   */
  slaHistoryRevision: integer('sla_history_revision').notNull().default(0),
  createdAt: createdAt(),
});
