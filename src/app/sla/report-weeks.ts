import { TURNED_AWAY_CODES } from '../../domain/case/turned-away.ts';
import {
  mergeCompliance,
  type PriorityTimes,
  priorityTimes,
  summarizeTimes,
  timeSamples,
  type WeekCompliance,
  type WeeklyOptions,
  weeklyCompliance,
  weekStarts,
} from '../../domain/sla/sla-weekly.ts';
import type { Clock } from '../clock.port.ts';
import type { OpsStore, TurnedAwayRow } from '../ops/ops.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import type { Store, TenantRecord } from '../store.port.ts';
import type { FinishedWeeks, FinishedWeeksCache } from './finished-weeks-cache.ts';

export type { PriorityTimes, WeekCompliance } from '../../domain/sla/sla-weekly.ts';
export type { TurnedAwayRow } from '../ops/ops.port.ts';

/** The customers' 1–5 ratings of closed cases given in one week. */
export interface WeekRatings {
  week: string;
  count: number;
  /** Rounded to one decimal; null for a week without ratings. */
  average: number | null;
  byScore: Record<number, number>;
}

/** The managers' figures per tenant over the last `weeks` weeks: what `portero sla report --weeks` and the dashboard show. */
export interface SlaWeeks {
  tenantId: string;
  /** The weeks' Mondays in the tenant's zone, oldest first. */
  weeks: string[];
  compliance: WeekCompliance[];
  times: PriorityTimes[];
  turnedAway: TurnedAwayRow[];
  /** One row per week, oldest first. */
  ratings: WeekRatings[];
}

export const MAX_WEEKS = 104;

type Deps = { store: Store; ops: OpsStore; clock: Clock; policies: PolicyBook; finishedWeeks?: FinishedWeeksCache };

/**
 * With `finishedWeeks` (the dashboard), the figures of finished weeks come from that cache and only the current
 * week's are computed afresh; without it (the CLI), everything is read and computed. Both give the same numbers.
 */
export async function reportSlaWeeks(deps: Deps, options: { weeks: number; tenantId?: string }): Promise<SlaWeeks[]> {
  if (!Number.isInteger(options.weeks) || options.weeks < 1 || options.weeks > MAX_WEEKS)
    throw new RangeError(`weeks must be a whole number from 1 to ${MAX_WEEKS}`);
  const now = deps.clock.now().getTime();
  const tenants = (await deps.store.transaction((repos) => repos.tenants.list())).filter(
    (tenant) => options.tenantId === undefined || tenant.id === options.tenantId,
  );
  return Promise.all(tenants.map((tenant) => tenantWeeks(deps, tenant, options.weeks, now)));
}

async function tenantWeeks(deps: Deps, tenant: TenantRecord, count: number, now: number): Promise<SlaWeeks> {
  const policy = deps.policies.policy(tenant.policyId);
  const zone = policy?.timezone ?? 'UTC';
  const { weeks, from } = weekStarts(now, count, zone);
  const since = new Date(from);
  // One calendar per priority: building one is far dearer than asking it (its years are laid out on creation).
  const calendars = new Map<string, ReturnType<PolicyBook['calendar']>>();
  const figures: WeeklyOptions = {
    weeks: count,
    now,
    zoneOf: () => zone,
    calendarOf: (_tenant: string, priority: string) => {
      if (!policy) throw new Error(`tenant ${tenant.id} has no policy ${tenant.policyId}`);
      let calendar = calendars.get(priority);
      if (!calendar) {
        calendar = deps.policies.calendar(policy, priority);
        calendars.set(priority, calendar);
      }
      return calendar;
    },
  };
  const [sla, turnedAway, rated] = await Promise.all([
    deps.finishedWeeks
      ? cachedFigures(deps, deps.finishedWeeks, tenant.id, figures, since)
      : wholeFigures(deps, tenant.id, figures, since),
    deps.ops.turnedAway(tenant.id, since, TURNED_AWAY_CODES),
    deps.ops.ratingsByWeek(tenant.id, since, zone),
  ]);
  return { tenantId: tenant.id, weeks, ...sla, turnedAway, ratings: weekRatings(weeks, rated) };
}

async function wholeFigures(deps: Deps, tenantId: string, figures: WeeklyOptions, since: Date) {
  const cases = await deps.ops.weeklyCases(tenantId, since);
  return { compliance: weeklyCompliance(cases, figures), times: priorityTimes(cases, figures) };
}

async function cachedFigures(
  deps: Deps,
  cache: FinishedWeeksCache,
  tenantId: string,
  figures: WeeklyOptions,
  since: Date,
) {
  const thisWeek = weekStarts(figures.now, 1, figures.zoneOf(tenantId)).from;
  // The revision is read before the finished weeks' cases: a rewrite committed in between leaves an entry under the
  // old revision, computed again at the next view.
  const [revision, live] = await Promise.all([
    deps.ops.slaHistoryRevision(tenantId),
    deps.ops.weeklyCases(tenantId, new Date(thisWeek)),
  ]);
  const key = `${tenantId}\u0000${figures.weeks}\u0000${thisWeek}\u0000${revision}`;
  let finished = cache.get(key);
  if (!finished) {
    finished = await finishedFigures(deps, tenantId, figures, since, thisWeek, live);
    cache.set(key, finished);
  }
  // A carried case read again with the current week's (reopened since) counts once, as it stands now.
  const liveIds = new Set(live.map((row) => row.id));
  const current = [...live, ...finished.carried.filter((row) => !liveIds.has(row.id))];
  const thisWeekOnly = { ...figures, decided: { from: thisWeek } };
  return {
    compliance: mergeCompliance(finished.compliance, weeklyCompliance(current, thisWeekOnly)),
    times: summarizeTimes(finished.samples, timeSamples(current, thisWeekOnly)),
  };
}

async function finishedFigures(
  deps: Deps,
  tenantId: string,
  figures: WeeklyOptions,
  since: Date,
  thisWeek: number,
  live: { id: string }[],
): Promise<FinishedWeeks> {
  const all = await deps.ops.weeklyCases(tenantId, since);
  const before = { ...figures, decided: { before: thisWeek } };
  const liveIds = new Set(live.map((row) => row.id));
  const mayDecideThisWeek = (row: (typeof all)[number]) =>
    row.sla.some((clock) => (clock.dueAt ?? -1) >= thisWeek || (clock.metAt ?? -1) >= thisWeek);
  return {
    compliance: weeklyCompliance(all, before),
    samples: timeSamples(all, before),
    carried: all.filter((row) => !liveIds.has(row.id) && mayDecideThisWeek(row)),
  };
}

function weekRatings(weeks: string[], rows: { week: string; score: number; count: number }[]): WeekRatings[] {
  return weeks.map((week) => {
    const byScore: Record<number, number> = {};
    let count = 0;
    let total = 0;
    for (const row of rows.filter((r) => r.week === week)) {
      byScore[row.score] = row.count;
      count += row.count;
      total += row.score * row.count;
    }
    return { week, count, average: count ? Math.round((total / count) * 10) / 10 : null, byScore };
  });
}
