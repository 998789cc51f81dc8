import type { BusinessCalendar } from './calendar.types.ts';
import { checkBusinessMs, checkInstant, MS_PER_MINUTE, minutesToMs } from './calendar-units.ts';
import { appendSpan, buildYearSpans, type Week, yearOf, yearStartMs } from './calendar-year.ts';

// The hot path of every SLA sweep. The open spans of the years asked about so far sit in flat typed arrays with
// prefix sums of business time, so due() and elapsed() are two binary searches each, with no luxon and no allocation.

/** How many years past the last covered one due() and nextOpening() look before answering "never" (Infinity). */
const MAX_YEARS_AHEAD = 50;

export class ScheduledCalendar implements BusinessCalendar {
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  /** cum[i]: business ms in the covered years before span i; cum[count]: all of it. */
  private cum = new Float64Array(1);
  private count = 0;
  /** Instants in [coverFrom, coverTo) lie in covered years, whose spans are all in the arrays. */
  private coverFrom = Number.POSITIVE_INFINITY;
  private coverTo = Number.NEGATIVE_INFINITY;
  private firstYear = 0;
  private lastYear = -1;
  private readonly yearSpans = new Map<number, number[]>();

  constructor(
    private readonly week: Week,
    private readonly zone: string,
    private readonly closedDates: (year: number) => ReadonlySet<string>,
  ) {}

  due(startMs: number, minutes: number): number {
    return this.dueMs(startMs, minutesToMs(minutes));
  }

  dueMs(startMs: number, businessMs: number): number {
    checkInstant(startMs);
    checkBusinessMs(businessMs);
    if (businessMs === 0) return startMs;
    this.cover(startMs);
    for (let yearsAdded = 0; ; yearsAdded++) {
      const goal = this.businessBefore(startMs) + businessMs;
      if (goal <= this.cum[this.count]!) return this.instantAt(goal);
      if (yearsAdded === MAX_YEARS_AHEAD) return Number.POSITIVE_INFINITY;
      this.coverYears(this.firstYear, this.lastYear + 1);
    }
  }

  elapsedMinutes(fromMs: number, toMs: number): number {
    return this.elapsedMs(fromMs, toMs) / MS_PER_MINUTE;
  }

  elapsedMs(fromMs: number, toMs: number): number {
    checkInstant(fromMs);
    checkInstant(toMs);
    if (!(toMs > fromMs)) return 0;
    this.cover(fromMs);
    this.cover(toMs);
    return this.businessBefore(toMs) - this.businessBefore(fromMs);
  }

  isOpenAt(ms: number): boolean {
    checkInstant(ms);
    this.cover(ms);
    const i = this.firstEndAfter(ms);
    return i < this.count && this.starts[i]! <= ms;
  }

  nextOpening(ms: number): number {
    checkInstant(ms);
    this.cover(ms);
    for (let yearsAdded = 0; ; yearsAdded++) {
      const i = this.firstEndAfter(ms);
      if (i < this.count) return Math.max(ms, this.starts[i]!);
      if (yearsAdded === MAX_YEARS_AHEAD) return Number.POSITIVE_INFINITY;
      this.coverYears(this.firstYear, this.lastYear + 1);
    }
  }

  /** Index of the first span ending after ms (count when none): the span ms is in, or the next one. */
  private firstEndAfter(ms: number): number {
    const ends = this.ends;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! > ms) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Business ms in the covered years before the instant ms. */
  private businessBefore(ms: number): number {
    const i = this.firstEndAfter(ms);
    if (i === this.count) return this.cum[i]!;
    const start = this.starts[i]!;
    return this.cum[i]! + (ms > start ? ms - start : 0);
  }

  /** The earliest instant with `goal` business ms before it; goal must be in (0, cum[count]]. */
  private instantAt(goal: number): number {
    const cum = this.cum;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid + 1]! >= goal) hi = mid;
      else lo = mid + 1;
    }
    return this.starts[lo]! + (goal - cum[lo]!);
  }

  private cover(ms: number): void {
    if (ms >= this.coverFrom && ms < this.coverTo) return;
    const year = yearOf(this.zone, ms);
    const empty = this.lastYear < this.firstYear;
    this.coverYears(empty ? year : Math.min(this.firstYear, year), empty ? year : Math.max(this.lastYear, year));
    // luxon's year and the first wall-clock midnight can disagree by an instant at a year's edge.
    while (ms < this.coverFrom) this.coverYears(this.firstYear - 1, this.lastYear);
    while (ms >= this.coverTo) this.coverYears(this.firstYear, this.lastYear + 1);
  }

  /** Builds the missing years of [first, last] and rebuilds the flat arrays (rare: once per year a calendar meets). */
  private coverYears(first: number, last: number): void {
    const spans: number[] = [];
    for (let year = first; year <= last; year++) {
      let own = this.yearSpans.get(year);
      if (!own) {
        own = buildYearSpans(this.week, this.zone, year, this.closedDates(year));
        this.yearSpans.set(year, own);
      }
      for (let k = 0; k < own.length; k += 2) appendSpan(spans, own[k]!, own[k + 1]!);
    }
    const count = spans.length / 2;
    this.starts = new Float64Array(count);
    this.ends = new Float64Array(count);
    this.cum = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) {
      this.starts[i] = spans[2 * i]!;
      this.ends[i] = spans[2 * i + 1]!;
      this.cum[i + 1] = this.cum[i]! + (this.ends[i]! - this.starts[i]!);
    }
    this.count = count;
    this.firstYear = first;
    this.lastYear = last;
    this.coverFrom = yearStartMs(this.zone, first);
    this.coverTo = yearStartMs(this.zone, last + 1);
  }
}
