import type { CalendarDefinition } from '../policy/policy.schema.ts';

// Business time is real elapsed time inside the calendar's wall-clock intervals on days that are not holidays.
// Every instant is epoch milliseconds; the zone only matters when a year of intervals is built.

/** What SLA clocks ask of a calendar. Intervals are half-open: open at 08:00:00.000, closed at 17:00:00.000. */
export interface BusinessCalendar {
  /** The earliest instant t ≥ startMs with `minutes` business minutes in [startMs, t); Infinity when never. */
  due(startMs: number, minutes: number): number;
  /** `due` with the target in business milliseconds (the unit pause arithmetic works in). */
  dueMs(startMs: number, businessMs: number): number;
  /** Business minutes in [fromMs, toMs), fractional; 0 when toMs ≤ fromMs. */
  elapsedMinutes(fromMs: number, toMs: number): number;
  /** Business milliseconds in [fromMs, toMs); 0 when toMs ≤ fromMs. */
  elapsedMs(fromMs: number, toMs: number): number;
  isOpenAt(ms: number): boolean;
  /** The earliest instant ≥ ms at which the calendar is open (ms itself when open); Infinity when never. */
  nextOpening(ms: number): number;
}

/** ISO local dates ("2026-12-25") that are not business days in `year`: a country's public holidays. */
export type HolidaysOf = (year: number) => readonly string[];

export interface CalendarOptions {
  definition: CalendarDefinition;
  /** IANA zone of the wall-clock intervals (the policy's timezone). */
  timezone: string;
  /** Required when the definition names a holiday country; injected because the domain holds no holiday data. */
  holidaysOf?: HolidaysOf;
}
