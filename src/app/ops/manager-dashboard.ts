import type { CaseRecord } from '../../domain/case/case.types.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Clock } from '../clock.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import type { FinishedWeeksCache } from '../sla/finished-weeks-cache.ts';
import { reportSlaWeeks, type SlaWeeks } from '../sla/report-weeks.ts';
import type { Store } from '../store.port.ts';
import type { OpsStore } from './ops.port.ts';

// What a manager's dashboard shows of one tenant: the open cases by state and priority, those breaching now and about
// to, and the weekly SLA figures, the very ones `portero sla report --weeks` prints.

/** "About to breach": due within this long. */
export const SOON_MS = 60 * 60_000;
const CASES_SHOWN = 20;

export interface DashboardCase {
  ref: string;
  number: number;
  title: string;
  priority: string;
  state: string;
  dueAt: Date;
}

export interface ManagerDashboard {
  policy: Policy;
  open: { state: string; priority: string; count: number }[];
  breaching: DashboardCase[];
  dueSoon: DashboardCase[];
  weekly: SlaWeeks;
  /** The customers' 1–5 ratings of closed cases over the same weeks (the portal asks them): `weekly.ratings` summed. */
  ratings: { count: number; average: number; byScore: Record<number, number> };
}

export async function managerDashboard(
  deps: { store: Store; ops: OpsStore; clock: Clock; policies: PolicyBook; finishedWeeks?: FinishedWeeksCache },
  tenantId: string,
  weeks = 12,
): Promise<ManagerDashboard | undefined> {
  const now = deps.clock.now();
  const tenant = await deps.store.transaction((repos) => repos.tenants.get(tenantId));
  const policy = tenant && deps.policies.policy(tenant.policyId);
  if (!tenant || !policy) return undefined;
  const [open, dueBySoon, [weekly]] = await Promise.all([
    deps.ops.openCases(tenantId),
    deps.store.transaction((repos) =>
      repos.cases.list(tenantId, {
        filter: { kind: 'breaching', before: new Date(now.getTime() + SOON_MS) },
        limit: 2 * CASES_SHOWN,
      }),
    ),
    reportSlaWeeks(deps, { weeks, tenantId }),
  ]);
  const byScore: Record<number, number> = {};
  for (const week of weekly!.ratings)
    for (const [score, n] of Object.entries(week.byScore)) byScore[Number(score)] = (byScore[Number(score)] ?? 0) + n;
  const count = weekly!.ratings.reduce((sum, week) => sum + week.count, 0);
  const total = Object.entries(byScore).reduce((sum, [score, n]) => sum + Number(score) * n, 0);
  const ratings = { count, byScore, average: count ? Math.round((total / count) * 10) / 10 : 0 };
  const shown = (record: CaseRecord): DashboardCase => ({
    ref: record.ref,
    number: record.number,
    title: record.title,
    priority: record.priority,
    state: record.state,
    dueAt: record.nextDueAt!,
  });
  const due = dueBySoon.filter((record) => record.nextDueAt);
  return {
    policy,
    open,
    breaching: due
      .filter((r) => r.nextDueAt! <= now)
      .slice(0, CASES_SHOWN)
      .map(shown),
    dueSoon: due
      .filter((r) => r.nextDueAt! > now)
      .slice(0, CASES_SHOWN)
      .map(shown),
    weekly: weekly!,
    ratings,
  };
}
