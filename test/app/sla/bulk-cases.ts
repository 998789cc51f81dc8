import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cases, slaTimers, tenants } from '../../../db/schema/index.ts';
import type { PolicyBook } from '../../../src/app/policy-book.port.ts';
import { plannedTimers } from '../../../src/app/sla/planned-timers.ts';
import type { CaseRecord } from '../../../src/domain/case/case.types.ts';
import { computeSlaClocks, nextDueAt } from '../../../src/domain/sla/case-sla.ts';

// Many open cases at once, for the multi-replica test and the alert bench: the rows openCase writes (the case with
// its SLA clocks, and its timers, planned by the same code), inserted 500 at a time. openCase costs ~10 queries under
// the tenant's lock (15–30 ms on PostgreSQL here): 1,000 of them would eat the test's time. No audit event, no
// channel update. test/app/sla/bulk-cases.test.ts checks the rows match openCase's.

export interface BulkCases {
  tenantId: string;
  customerId: string;
  reporterId: string | null;
  priority: string;
  /** The state the cases are in (the policy's initial one when absent). */
  state?: string;
  count: number;
  /** When case `i` (0-based) was opened. */
  openedAt(i: number): Date;
  /** The instant the timers are planned at (what `now` a change would have). */
  now: Date;
}

export async function insertOpenCases(db: Db, policies: PolicyBook, input: BulkCases): Promise<CaseRecord[]> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, input.tenantId));
  if (!tenant) throw new Error(`no tenant ${input.tenantId}`);
  const policy = policies.policy(tenant.policyId)!;
  const priority = policy.priorities.find((p) => p.id === input.priority)!;
  const calendar = policies.calendar(policy, priority.id);
  const inserted: CaseRecord[] = [];
  for (let from = 0; from < input.count; from += 500) {
    const size = Math.min(500, input.count - from);
    await db.transaction(async (tx) => {
      const [next] = await tx
        .update(tenants)
        .set({ nextCaseNumber: sql`${tenants.nextCaseNumber} + ${size}` })
        .where(eq(tenants.id, tenant.id))
        .returning({ next: tenants.nextCaseNumber });
      const first = next!.next - size;
      const rows = Array.from({ length: size }, (_, k) => {
        const openedAt = input.openedAt(from + k);
        const clocks = computeSlaClocks(priority.targets, calendar, { openedAt: openedAt.getTime(), pauses: [] });
        const due = nextDueAt(clocks);
        const number = first + k;
        return {
          tenantId: tenant.id,
          number,
          ref: `${tenant.casePrefix}-${number}`,
          customerId: input.customerId,
          reporterId: input.reporterId,
          title: `Caso de carga ${from + k}`,
          description: '',
          type: policy.caseTypes[0]!.id,
          priority: priority.id,
          state: input.state ?? policy.lifecycle.initial,
          isOpen: true,
          assigneeId: null,
          language: 'es' as const,
          languageFlagged: false,
          openedVia: 'cli',
          openedAt,
          updatedAt: openedAt,
          firstRespondedAt: null,
          lastAgentUpdateAt: null,
          resolvedAt: null,
          closedAt: null,
          resolution: null,
          reopenedAt: null,
          reopenCount: 0,
          contactAttempts: 0,
          escalationLevel: 0,
          pauses: [],
          sla: clocks,
          nextDueAt: due === undefined ? null : new Date(due),
        };
      });
      const saved = (await tx.insert(cases).values(rows).returning()).map(
        ({ createdAt: _createdAt, ...record }) => record as CaseRecord,
      );
      const timers = saved.flatMap((record) =>
        plannedTimers(policies, policy, record, input.now).map((spec) => ({
          tenantId: tenant.id,
          caseId: record.id,
          rule: spec.rule,
          target: spec.target,
          threshold: spec.threshold,
          cycle: spec.cycle,
          fireAt: new Date(spec.fireAt),
          changesCase: spec.changesCase,
        })),
      );
      if (timers.length > 0) await tx.insert(slaTimers).values(timers);
      inserted.push(...saved);
    });
  }
  return inserted;
}
