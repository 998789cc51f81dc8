import { type HoursRow, hoursReport, type ReportRow, slaReport } from '../../domain/sla/sla-report.ts';
import type { Clock } from '../clock.port.ts';
import type { Store } from '../store.port.ts';

export type { HoursRow, ReportRow } from '../../domain/sla/sla-report.ts';

/**
 * Met and breached targets per tenant, priority and target, over the cases opened since `since` (all when absent).
 * Counted from each case's clocks as they stand: a next-update clock shows its latest cycle. Beside them, the hours
 * spent on each case against its estimate.
 */
/** The customers' ratings of closed cases (the portal's 1–5 question) given in the report's period, per tenant. */
export interface RatingRow {
  tenantId: string;
  count: number;
  /** Rounded to one decimal. */
  average: number;
  byScore: Record<number, number>;
}

export async function reportSla(
  deps: { store: Store; clock: Clock },
  options: { tenantId?: string; since?: Date } = {},
): Promise<{ targets: ReportRow[]; hours: HoursRow[]; ratings: RatingRow[] }> {
  const cases = await deps.store.transaction((repos) => repos.sla.reportCases(options));
  const ratings = await deps.store.transaction(async (repos) => {
    const tenantIds = options.tenantId ? [options.tenantId] : (await repos.tenants.list()).map((tenant) => tenant.id);
    const rows: RatingRow[] = [];
    for (const tenantId of tenantIds) {
      const summary = await repos.portal.ratingSummary(tenantId, options.since ?? new Date(0), deps.clock.now());
      if (summary.count === 0) continue;
      const total = Object.entries(summary.byScore).reduce((sum, [score, n]) => sum + Number(score) * n, 0);
      rows.push({ tenantId, ...summary, average: Math.round((total / summary.count) * 10) / 10 });
    }
    return rows;
  });
  return {
    ratings,
    targets: slaReport(
      cases.map((row) => ({ ...row, closedAt: row.closedAt?.getTime() })),
      deps.clock.now().getTime(),
    ),
    hours: hoursReport(cases),
  };
}
