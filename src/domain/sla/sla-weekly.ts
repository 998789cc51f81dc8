import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../calendar/calendar.types.ts';
import type { SlaTarget } from '../policy/policy.schema.ts';
import type { SlaClock, SlaPause } from './sla.types.ts';

// The managers' figures over the last weeks (`portero sla report --weeks N`, the dashboard): compliance per target
// and week, and how long first responses and resolutions took per priority. A clock counts in the week it was
// decided: met in the week it was met, breached in the week its due instant passed. Times are business minutes on
// the priority's calendar with the case's pauses taken out, as the SLA itself counts them.

export interface WeeklyCase {
  tenantId: string;
  priority: string;
  sla: SlaClock[];
  pauses: SlaPause[];
}

export interface WeekCompliance {
  tenantId: string;
  target: SlaTarget;
  /** The week's Monday in the tenant's zone, an ISO date. */
  week: string;
  met: number;
  breached: number;
  /** met / (met + breached) as a whole percentage; null for a week with nothing decided. */
  percent: number | null;
}

export interface PriorityTimes {
  tenantId: string;
  priority: string;
  target: 'firstResponse' | 'resolution';
  /** Clocks of this target met within the weeks. */
  count: number;
  medianMinutes: number;
  p90Minutes: number;
}

export interface WeeklyOptions {
  weeks: number;
  now: number;
  zoneOf: (tenantId: string) => string;
  calendarOf: (tenantId: string, priority: string) => BusinessCalendar;
  /** Count only what was decided (met, breached) in [from, before): one part of the weeks, to be merged with the rest. */
  decided?: { from?: number; before?: number };
}

const inPart = (at: number, options: WeeklyOptions) =>
  (options.decided?.from === undefined || at >= options.decided.from) &&
  (options.decided?.before === undefined || at < options.decided.before);

/** The Mondays (ISO dates, in `zone`) of the last `weeks` weeks, this one last; and the first one's start instant. */
export function weekStarts(now: number, weeks: number, zone: string): { weeks: string[]; from: number } {
  const { labels, starts } = weekWindow(now, weeks, zone);
  return { weeks: labels, from: starts[0]! };
}

/** The weeks' labels and start instants: which week an instant falls in is then a search, not a date computation. */
function weekWindow(now: number, weeks: number, zone: string): { labels: string[]; starts: number[] } {
  const current = DateTime.fromMillis(now, { zone }).startOf('week');
  const starts = Array.from({ length: weeks }, (_, i) => current.minus({ weeks: weeks - 1 - i }));
  return { labels: starts.map((start) => start.toISODate()!), starts: starts.map((start) => start.toMillis()) };
}

/** The index of the week `at` falls in (the last start at or before it); -1 before the first. */
function weekIndex(starts: number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! <= at) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** One window per tenant, computed once. */
function windows(options: WeeklyOptions) {
  const byTenant = new Map<string, { labels: string[]; starts: number[] }>();
  return (tenantId: string) => {
    let window = byTenant.get(tenantId);
    if (!window) {
      window = weekWindow(options.now, options.weeks, options.zoneOf(tenantId));
      byTenant.set(tenantId, window);
    }
    return window;
  };
}

export function weeklyCompliance(cases: Iterable<WeeklyCase>, options: WeeklyOptions): WeekCompliance[] {
  const rows = new Map<string, WeekCompliance>();
  const windowOf = windows(options);
  for (const record of cases) {
    const { labels: weeks, starts } = windowOf(record.tenantId);
    for (const clock of record.sla) {
      const decided = decision(clock, options.now);
      if (!decided || decided.at > options.now || !inPart(decided.at, options)) continue;
      const index = weekIndex(starts, decided.at);
      if (index < 0) continue;
      const week = weeks[index]!;
      const key = `${record.tenantId}\u0000${clock.target}\u0000${week}`;
      let row = rows.get(key);
      if (!row) {
        // Every week of the window gets a row once the target shows up, so a chart has no holes.
        for (const each of weeks) {
          const k = `${record.tenantId}\u0000${clock.target}\u0000${each}`;
          if (!rows.has(k))
            rows.set(k, {
              tenantId: record.tenantId,
              target: clock.target,
              week: each,
              met: 0,
              breached: 0,
              percent: null,
            });
        }
        row = rows.get(key)!;
      }
      row[decided.outcome]++;
    }
  }
  return withPercents([...rows.values()]);
}

/** Sorted, each with its percentage. */
function withPercents(rows: WeekCompliance[]): WeekCompliance[] {
  const sorted = rows.sort(
    (a, b) => a.tenantId.localeCompare(b.tenantId) || a.target.localeCompare(b.target) || a.week.localeCompare(b.week),
  );
  for (const row of sorted) {
    const decidedCount = row.met + row.breached;
    row.percent = decidedCount === 0 ? null : Math.round((100 * row.met) / decidedCount);
  }
  return sorted;
}

/** The figures of two parts of the same weeks (see `decided`) as one: what `weeklyCompliance` gives for the whole. */
export function mergeCompliance(...parts: WeekCompliance[][]): WeekCompliance[] {
  const rows = new Map<string, WeekCompliance>();
  for (const row of parts.flat()) {
    const key = `${row.tenantId}\u0000${row.target}\u0000${row.week}`;
    const seen = rows.get(key);
    if (seen) {
      seen.met += row.met;
      seen.breached += row.breached;
    } else rows.set(key, { ...row });
  }
  return withPercents([...rows.values()]);
}

/**
 * Whether recomputing a case's clocks (`before` → `after`) changes what was decided before this week began in `zone`.
 * Decisions of finished weeks otherwise never change: a clock met late was already breached at its due instant.
 * What rewrites them is a change of the clock's inputs: a reopen restarts resolution, a new priority moves the dues,
 * an agent's update starts a new next-update cycle in place of a breached one.
 */
export function rewritesFinishedWeeks(before: SlaClock[], after: SlaClock[], now: number, zone: string): boolean {
  const weekStart = DateTime.fromMillis(now, { zone }).startOf('week').toMillis();
  const finished = (clocks: SlaClock[]) =>
    clocks
      .map((clock) => ({ target: clock.target, decided: decision(clock, now) }))
      .filter((each) => each.decided !== undefined && each.decided.at < weekStart)
      .map((each) => `${each.target}:${each.decided!.outcome}:${each.decided!.at}`)
      .sort()
      .join();
  return finished(before) !== finished(after);
}

/** When a clock was decided and how: met when met in time, breached at its due instant (met late or not at all). */
function decision(clock: SlaClock, now: number): { at: number; outcome: 'met' | 'breached' } | undefined {
  // `!= null`: a clock read back from JSON may say null where it means absent.
  if (clock.dueAt != null && (clock.metAt ?? now) > clock.dueAt && clock.dueAt <= now)
    return { at: clock.dueAt, outcome: 'breached' };
  if (clock.metAt != null) return { at: clock.metAt, outcome: 'met' };
  return undefined;
}

/** The business minutes each first response and resolution took, per tenant, priority and target. */
export interface TimeSamples {
  tenantId: string;
  priority: string;
  target: PriorityTimes['target'];
  minutes: number[];
}

export function priorityTimes(cases: Iterable<WeeklyCase>, options: WeeklyOptions): PriorityTimes[] {
  return summarizeTimes(timeSamples(cases, options));
}

/** The samples of `priorityTimes`, to be kept and merged with another part's before they are summarized. */
export function timeSamples(cases: Iterable<WeeklyCase>, options: WeeklyOptions): TimeSamples[] {
  const samples = new Map<string, TimeSamples>();
  const windowOf = windows(options);
  for (const record of cases) {
    const from = windowOf(record.tenantId).starts[0]!;
    for (const clock of record.sla) {
      if (clock.target !== 'firstResponse' && clock.target !== 'resolution') continue;
      if (clock.metAt == null || clock.metAt < from || clock.metAt > options.now || !inPart(clock.metAt, options))
        continue;
      const calendar = options.calendarOf(record.tenantId, record.priority);
      const key = `${record.tenantId}\u0000${record.priority}\u0000${clock.target}`;
      let entry = samples.get(key);
      if (!entry) {
        entry = { tenantId: record.tenantId, priority: record.priority, target: clock.target, minutes: [] };
        samples.set(key, entry);
      }
      entry.minutes.push(businessMinutes(clock.startedAt, clock.metAt, record.pauses, calendar));
    }
  }
  return [...samples.values()];
}

/** Median and p90 per tenant, priority and target of one or more parts' samples, in that order. */
export function summarizeTimes(...parts: TimeSamples[][]): PriorityTimes[] {
  const merged = new Map<string, TimeSamples>();
  for (const part of parts)
    for (const { minutes, ...key } of part) {
      const id = `${key.tenantId}\u0000${key.priority}\u0000${key.target}`;
      const entry = merged.get(id);
      if (entry)
        // concat, not push(...): a big part as arguments would overflow the stack
        entry.minutes = entry.minutes.concat(minutes);
      else merged.set(id, { ...key, minutes: [...minutes] });
    }
  return [...merged.values()]
    .sort(
      (a, b) =>
        a.tenantId.localeCompare(b.tenantId) ||
        a.priority.localeCompare(b.priority) ||
        a.target.localeCompare(b.target),
    )
    .map(({ minutes, ...key }) => {
      const sorted = minutes.sort((a, b) => a - b);
      return {
        ...key,
        count: sorted.length,
        medianMinutes: percentile(sorted, 0.5),
        p90Minutes: percentile(sorted, 0.9),
      };
    });
}

/** Business minutes from `start` to `end`, less those spent in pauses (rounded to the minute). */
export function businessMinutes(start: number, end: number, pauses: SlaPause[], calendar: BusinessCalendar): number {
  let minutes = calendar.elapsedMinutes(start, end);
  for (const pause of pauses) {
    const from = Math.max(pause.from, start);
    const to = Math.min(pause.to ?? end, end);
    if (to > from) minutes -= calendar.elapsedMinutes(from, to);
  }
  return Math.round(Math.max(0, minutes));
}

/** The nearest-rank percentile of sorted values: a value that occurred, not an interpolation. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
}
