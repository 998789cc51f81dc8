import type { CaseRecord } from '../../domain/case/case.types.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Clock } from '../clock.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
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
}

export async function managerDashboard(
  deps: { store: Store; ops: OpsStore; clock: Clock; policies: PolicyBook },
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
  };
}
