import type { LRUCache } from 'lru-cache';
import type { TimeSamples, WeekCompliance } from '../../domain/sla/sla-weekly.ts';
import type { Clock } from '../clock.port.ts';
import type { WeeklyCaseRow } from '../ops/ops.port.ts';
import { ttlCache } from '../ttl-cache.ts';

// The weekly SLA figures of finished weeks, kept per tenant by the dashboard so that a page view reads only what the
// current week can still change. An entry's key names the tenant, the number of weeks, the current week and the
// tenant's SLA history revision: a new week or a case change that rewrites a finished week's decision (see
// `rewritesFinishedWeeks`) makes a new key, and the old entry ages out.

export interface FinishedWeeks {
  /** Decisions before the current week, per target and week. */
  compliance: WeekCompliance[];
  /** First responses and resolutions met before the current week. */
  samples: TimeSamples[];
  /**
   * Cases not read with the current week's (neither opened nor closed in it, nor open) whose clocks may still decide
   * in it: say a cancelled case whose unmet clock comes due this week.
   */
  carried: WeeklyCaseRow[];
}

export type FinishedWeeksCache = LRUCache<string, FinishedWeeks>;

/** One entry per tenant and revision; a day's TTL only returns memory, the key already says when an entry is old. */
export function finishedWeeksCache(clock: Clock): FinishedWeeksCache {
  return ttlCache<FinishedWeeks>({ max: 1000, ttlMs: 24 * 60 * 60_000, now: () => clock.now().getTime() });
}
