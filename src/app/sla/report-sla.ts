import { type HoursRow, hoursReport, type ReportRow, slaReport } from '../../domain/sla/sla-report.ts';
import type { Clock } from '../clock.port.ts';
import type { Store } from '../store.port.ts';

export type { HoursRow, ReportRow } from '../../domain/sla/sla-report.ts';

/**
 * Met and breached targets per tenant, priority and target, over the cases opened since `since` (all when absent).
 * Counted from each case's clocks as they stand: a next-update clock shows its latest cycle. Beside them, the hours
 * spent on each case against its estimate.
 */
export async function reportSla(
  deps: { store: Store; clock: Clock },
  options: { tenantId?: string; since?: Date } = {},
): Promise<{ targets: ReportRow[]; hours: HoursRow[] }> {
  const cases = await deps.store.transaction((repos) => repos.sla.reportCases(options));
  return {
    targets: slaReport(
      cases.map((row) => ({ ...row, closedAt: row.closedAt?.getTime() })),
      deps.clock.now().getTime(),
    ),
    hours: hoursReport(cases),
  };
}
