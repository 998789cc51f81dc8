import {
  type PriorityTimes,
  priorityTimes,
  type WeekCompliance,
  weeklyCompliance,
  weekStarts,
} from '../../domain/sla/sla-weekly.ts';
import type { Clock } from '../clock.port.ts';
import type { OpsStore, TurnedAwayRow } from '../ops/ops.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import type { Store } from '../store.port.ts';

export type { PriorityTimes, WeekCompliance } from '../../domain/sla/sla-weekly.ts';
export type { TurnedAwayRow } from '../ops/ops.port.ts';

/** The managers' figures per tenant over the last `weeks` weeks: what `portero sla report --weeks` and the dashboard show. */
export interface SlaWeeks {
  tenantId: string;
  /** The weeks' Mondays in the tenant's zone, oldest first. */
  weeks: string[];
  compliance: WeekCompliance[];
  times: PriorityTimes[];
  turnedAway: TurnedAwayRow[];
}

export const MAX_WEEKS = 104;

export async function reportSlaWeeks(
  deps: { store: Store; ops: OpsStore; clock: Clock; policies: PolicyBook },
  options: { weeks: number; tenantId?: string },
): Promise<SlaWeeks[]> {
  if (!Number.isInteger(options.weeks) || options.weeks < 1 || options.weeks > MAX_WEEKS)
    throw new RangeError(`weeks must be a whole number from 1 to ${MAX_WEEKS}`);
  const now = deps.clock.now().getTime();
  const tenants = (await deps.store.transaction((repos) => repos.tenants.list())).filter(
    (tenant) => options.tenantId === undefined || tenant.id === options.tenantId,
  );
  return Promise.all(
    tenants.map(async (tenant) => {
      const policy = deps.policies.policy(tenant.policyId);
      const zone = policy?.timezone ?? 'UTC';
      const { weeks, from } = weekStarts(now, options.weeks, zone);
      const since = new Date(from);
      const [cases, turnedAway] = await Promise.all([
        deps.ops.weeklyCases(tenant.id, since),
        deps.ops.turnedAway(tenant.id, since),
      ]);
      // One calendar per priority: building one is far dearer than asking it (its years are laid out on creation).
      const calendars = new Map<string, ReturnType<PolicyBook['calendar']>>();
      const figures = {
        weeks: options.weeks,
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
      return {
        tenantId: tenant.id,
        weeks,
        compliance: weeklyCompliance(cases, figures),
        times: priorityTimes(cases, figures),
        turnedAway,
      };
    }),
  );
}
