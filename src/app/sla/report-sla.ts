import { type ReportRow, slaReport } from '../../domain/sla/sla-report.ts';
import type { Clock } from '../clock.port.ts';
import type { Store } from '../store.port.ts';

export type { ReportRow } from '../../domain/sla/sla-report.ts';

/**
 * Met and breached targets per tenant, priority and target, over the cases opened since `since` (all when absent).
 * Counted from each case's clocks as they stand: a next-update clock shows its latest cycle.
 */
export async function reportSla(
  deps: { store: Store; clock: Clock },
  options: { tenantId?: string; since?: Date } = {},
): Promise<ReportRow[]> {
  const cases = await deps.store.transaction((repos) => repos.sla.reportCases(options));
  return slaReport(
    cases.map((row) => ({ ...row, closedAt: row.closedAt?.getTime() })),
    deps.clock.now().getTime(),
  );
}
