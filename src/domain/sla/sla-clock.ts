import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import { checkInstant, MS_PER_MINUTE, minutesToMs } from '../calendar/calendar-units.ts';

// Pausing states (waiting for the customer, client testing) stop the SLA clock: the business time inside a pause
// does not count. Pauses arrive as recorded: unsorted, possibly overlapping, possibly begun before the clock started.

/** What an SLA clock needs of a calendar. */
export type BusinessTime = BusinessCalendar;

/** A break of the clock over [from, to), epoch ms; `to` absent (or null) = still paused. */
export interface PauseSpan {
  from: number;
  to?: number | null | undefined;
}

/** The pauses from `fromMs` on, as sorted, disjoint [from, to) pairs; an open pause ends at Infinity. */
function mergedPauses(pauses: readonly PauseSpan[], fromMs: number): [number, number][] {
  const spans: [number, number][] = [];
  for (const pause of pauses) {
    checkInstant(pause.from);
    const to = pause.to ?? Number.POSITIVE_INFINITY;
    if (to !== Number.POSITIVE_INFINITY) checkInstant(to);
    const from = Math.max(pause.from, fromMs);
    if (to > from) spans.push([from, to]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

/**
 * The earliest instant at which `minutes` business minutes have run since startMs, pauses not counted;
 * undefined when an open pause stops the clock before that (Infinity when the calendar never gets there).
 */
export function dueWithPauses(
  calendar: BusinessTime,
  startMs: number,
  minutes: number,
  pauses: readonly PauseSpan[],
): number | undefined {
  checkInstant(startMs);
  let remaining = minutesToMs(minutes);
  let cursor = startMs;
  for (const [from, to] of mergedPauses(pauses, startMs)) {
    // The clock runs in [cursor, from), then stands still until `to`.
    const available = calendar.elapsedMs(cursor, from);
    if (available >= remaining) return calendar.dueMs(cursor, remaining);
    if (to === Number.POSITIVE_INFINITY) return undefined;
    remaining -= available;
    cursor = to;
  }
  return calendar.dueMs(cursor, remaining);
}

/** Business minutes in [fromMs, toMs) outside the pauses, fractional; 0 when toMs ≤ fromMs. */
export function elapsedWithPauses(
  calendar: BusinessTime,
  fromMs: number,
  toMs: number,
  pauses: readonly PauseSpan[],
): number {
  if (!(toMs > fromMs)) return 0;
  let business = calendar.elapsedMs(fromMs, toMs);
  for (const [from, to] of mergedPauses(pauses, fromMs)) {
    if (from >= toMs) break;
    business -= calendar.elapsedMs(from, Math.min(to, toMs));
  }
  return business / MS_PER_MINUTE;
}
