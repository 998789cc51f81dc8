import type { Policy } from '../policy/policy.schema.ts';
import { warningInstant } from './case-sla.ts';
import type { SlaClock, SlaPause } from './sla.types.ts';
import type { BusinessTime } from './sla-clock.ts';
import type { TimerSpec } from './sla-timer.types.ts';

// Each running clock has a warning per fraction the policy names (business time, pauses included: the instant at
// which `fraction × target` business minutes have run) and a breach at its due instant. A paused clock has no due
// instant and so no timers: they come back, later by the paused business time, when the pause ends.

export function slaTimerSpecs(
  clocks: readonly SlaClock[],
  calendar: BusinessTime,
  pauses: SlaPause[],
  warnAt: readonly number[],
): TimerSpec[] {
  const specs: TimerSpec[] = [];
  for (const clock of clocks) {
    if (clock.metAt !== undefined || clock.dueAt === undefined) continue;
    const base = { target: clock.target, cycle: String(clock.startedAt), changesCase: false };
    for (const fraction of warnAt) {
      const at = warningInstant(clock, calendar, pauses, fraction);
      if (at !== undefined && Number.isFinite(at) && at < clock.dueAt) {
        specs.push({ ...base, rule: 'sla.warning', threshold: String(fraction), fireAt: at });
      }
    }
    specs.push({ ...base, rule: 'sla.breach', threshold: '1', fireAt: clock.dueAt });
  }
  return specs;
}

type Escalation = Policy['routing']['escalation'][number];

/**
 * The escalation after `level` (0 = the breach itself) of an unacknowledged breach: the policy's next level, due its
 * `after` (wall-clock minutes) after the previous one fired. Undefined when the policy names no further level.
 */
export function nextEscalation(
  escalation: readonly Escalation[],
  breach: Pick<TimerSpec, 'target' | 'cycle'>,
  level: number,
  firedAt: number,
): (TimerSpec & { to: Escalation['to'] }) | undefined {
  const step = escalation[level];
  if (!step) return undefined;
  return {
    rule: 'sla.escalation',
    target: breach.target,
    threshold: String(level + 1),
    cycle: breach.cycle,
    fireAt: firedAt + step.after * 60_000,
    changesCase: false,
    to: step.to,
  };
}
