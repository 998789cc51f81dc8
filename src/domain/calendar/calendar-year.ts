import { DateTime } from 'luxon';
import { type DayInterval, WEEKDAYS, type Weekday } from '../policy/policy.schema.ts';

// The only place luxon turns wall-clock hours into instants. It runs once per calendar and year, never per query.
// Wall-clock times that do not exist (a DST gap) move forward by the gap, as luxon resolves them: 02:30 on Madrid's
// spring-forward Sunday is 03:30+02:00. Times that exist twice (a DST overlap) take the offset luxon picks.

export type Week = Record<Weekday, DayInterval[]>;

const DAY_MS = 86_400_000;

/** Local dates are walked with UTC arithmetic on a date-only timeline, so no zone shift can skip or repeat a day. */
function isoDate(date: Date): string {
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${date.getUTCFullYear()}-${month}-${day}`;
}

/** The instant of `minute` minutes after midnight (1440 = the next midnight) on the local date `dayUtcMs` stands for. */
export function wallClockMs(zone: string, dayUtcMs: number, minute: number): number {
  const date = new Date(dayUtcMs + Math.floor(minute / 1440) * DAY_MS);
  const minuteOfDay = minute % 1440;
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(minuteOfDay / 60),
      minute: minuteOfDay % 60,
    },
    { zone },
  ).toMillis();
}

/** The instant the local year begins: its first wall-clock midnight. */
export function yearStartMs(zone: string, year: number): number {
  return wallClockMs(zone, Date.UTC(year, 0, 1), 0);
}

export function yearOf(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).year;
}

/** Open spans of one local year as flat [start, end, start, end, …] pairs: sorted, disjoint, touching ones merged. */
export function buildYearSpans(week: Week, zone: string, year: number, closed: ReadonlySet<string>): number[] {
  const byWeekday = WEEKDAYS.map((day) => [...(week[day] ?? [])].sort((a, b) => a.startMinute - b.startMinute));
  const spans: number[] = [];
  for (let day = Date.UTC(year, 0, 1); ; day += DAY_MS) {
    const date = new Date(day);
    if (date.getUTCFullYear() !== year) break;
    if (closed.has(isoDate(date))) continue;
    // getUTCDay() counts from Sunday; WEEKDAYS from Monday.
    for (const interval of byWeekday[(date.getUTCDay() + 6) % 7] ?? []) {
      appendSpan(spans, wallClockMs(zone, day, interval.startMinute), wallClockMs(zone, day, interval.endMinute));
    }
  }
  return spans;
}

/** Appends [start, end) to sorted flat pairs, merging with the last span when they touch or overlap. */
export function appendSpan(spans: number[], start: number, end: number): void {
  const last = spans.length - 1;
  if (last > 0 && start <= spans[last]!) {
    spans[last] = Math.max(spans[last]!, end);
  } else if (end > start) {
    spans.push(start, end);
  }
}
