import { sql } from 'drizzle-orm';
import { bigint, boolean, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/**
 * The instants that matter to open cases (SLA warnings and breaches, escalations, the policies' automations).
 * Pending rows are rewritten with the case in each change's transaction; the SLA monitor claims due rows with
 * FOR UPDATE SKIP LOCKED and sets `fired_at` in the transaction that writes the alert's outbox rows, so the unique key
 * makes each timer fire once whatever the number of replicas. Fired rows stay: they are that once.
 */
export const slaTimers = pgTable(
  'sla_timers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    // No foreign key to cases, on purpose: its check would take a share lock on the case row, so the monitor firing a
    // breach (holding the timer) could wait for an agent's change of the case (waiting for the timer): a deadlock.
    caseId: uuid('case_id').notNull(),
    rule: text('rule').notNull(),
    target: text('target').notNull().default(''),
    threshold: text('threshold').notNull().default(''),
    cycle: text('cycle').notNull().default(''),
    fireAt: instant('fire_at').notNull(),
    changesCase: boolean('changes_case').notNull().default(false),
    firedAt: instant('fired_at'),
    /** What firing did: fired, or why it did nothing (the case closed, the clock was met, the breach acknowledged). */
    outcome: text('outcome'),
    acknowledgedAt: instant('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by'),
  },
  (t) => [
    unique('sla_timers_key').on(t.caseId, t.rule, t.target, t.threshold, t.cycle),
    // The monitor's only scans: the earliest pending instant, and the due ones in order.
    index('sla_timers_pending').on(t.fireAt).where(sql`${t.firedAt} is null`),
  ],
);
