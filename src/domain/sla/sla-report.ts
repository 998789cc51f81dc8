import type { SlaClock } from './sla.types.ts';

// Met or breached, per target: what `portero sla report` counts. A target met after its due instant was breached;
// one still open past its due instant is breached already; a case closed with the clock unmet before its due
// instant neither met nor breached it.

export type ClockOutcome = 'met' | 'breached' | 'open' | 'unmet';

export function clockOutcome(
  clock: SlaClock,
  caseState: { isOpen: boolean; closedAt: number | undefined },
  now: number,
): ClockOutcome {
  if (clock.metAt !== undefined) return clock.dueAt !== undefined && clock.metAt > clock.dueAt ? 'breached' : 'met';
  const end = caseState.isOpen ? now : (caseState.closedAt ?? now);
  if (clock.dueAt !== undefined && end >= clock.dueAt) return 'breached';
  return caseState.isOpen ? 'open' : 'unmet';
}

export interface ReportCase {
  tenantId: string;
  priority: string;
  isOpen: boolean;
  closedAt: number | undefined;
  sla: SlaClock[];
}

export interface ReportRow {
  tenantId: string;
  priority: string;
  target: string;
  met: number;
  breached: number;
  open: number;
  unmet: number;
}

/** Counts per tenant, priority and target, in the order the rows first appear. */
export function slaReport(cases: Iterable<ReportCase>, now: number): ReportRow[] {
  const rows = new Map<string, ReportRow>();
  for (const record of cases) {
    for (const clock of record.sla) {
      const key = `${record.tenantId}\u0000${record.priority}\u0000${clock.target}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          tenantId: record.tenantId,
          priority: record.priority,
          target: clock.target,
          met: 0,
          breached: 0,
          open: 0,
          unmet: 0,
        };
        rows.set(key, row);
      }
      row[clockOutcome(clock, record, now)]++;
    }
  }
  return [...rows.values()];
}

/** A case's hours against its estimate (oys: "estimación de horas necesarias"), and whether the customer approved it. */
export interface HoursRow {
  tenantId: string;
  ref: string;
  estimateMinutes: number | null;
  minutesSpent: number;
  /** Spent as a whole percentage of the estimate; null without an estimate. */
  percent: number | null;
  approval: 'given' | 'rejected' | null;
  /** Billable consulting work (arcoirisapp after its warranty): its hours are billed, not free support. */
  billable: boolean;
}

export interface HoursCase {
  tenantId: string;
  ref: string;
  estimate: { minutes: number } | null;
  minutesSpent: number;
  confirmations: { approval?: { decision: 'given' | 'rejected' } };
  billable: boolean;
}

/** The cases with an estimate, hours spent or billable work, in the order given. */
export function hoursReport(cases: Iterable<HoursCase>): HoursRow[] {
  const rows: HoursRow[] = [];
  for (const c of cases) {
    if (!c.estimate && c.minutesSpent === 0 && !c.billable) continue;
    const estimateMinutes = c.estimate?.minutes ?? null;
    rows.push({
      tenantId: c.tenantId,
      ref: c.ref,
      estimateMinutes,
      minutesSpent: c.minutesSpent,
      percent: estimateMinutes ? Math.round((100 * c.minutesSpent) / estimateMinutes) : null,
      approval: c.confirmations.approval?.decision ?? null,
      billable: c.billable,
    });
  }
  return rows;
}
