import type { SlaTarget } from '../policy/policy.schema.ts';
import type { SlaClock, SlaPause, SlaStatus } from './sla.types.ts';
import { type BusinessTime, dueWithPauses } from './sla-clock.ts';

// Zammad's model in small units: one clock per target of the case's priority; pausing states become breaks;
// the case's next deadline is the earliest due of the clocks still running.

export interface CaseTimeline {
  openedAt: number;
  reopenedAt?: number;
  firstRespondedAt?: number;
  lastAgentUpdateAt?: number;
  resolvedAt?: number;
  pauses: SlaPause[];
}

export function computeSlaClocks(
  targets: Partial<Record<SlaTarget, number>>,
  calendar: BusinessTime,
  timeline: CaseTimeline,
): SlaClock[] {
  const clocks: SlaClock[] = [];
  const clock = (target: SlaTarget, startedAt: number, metAt?: number) => {
    const minutes = targets[target];
    if (minutes === undefined) return;
    const due = dueWithPauses(calendar, startedAt, minutes, timeline.pauses);
    // A calendar with no hours never comes due: no deadline rather than an instant at infinity.
    const dueAt = due !== undefined && Number.isFinite(due) ? due : undefined;
    clocks.push({
      target,
      minutes,
      startedAt,
      ...(dueAt !== undefined && { dueAt }),
      ...(metAt !== undefined && { metAt }),
    });
  };
  const resolutionStart = timeline.reopenedAt ?? timeline.openedAt;
  const resolvedAt =
    timeline.resolvedAt !== undefined && timeline.resolvedAt >= resolutionStart ? timeline.resolvedAt : undefined;

  clock('firstResponse', timeline.openedAt, timeline.firstRespondedAt);
  // The update clock runs from the last word an agent sent the customer, once there is one, until the case is solved.
  const lastUpdate = timeline.lastAgentUpdateAt ?? timeline.firstRespondedAt;
  if (lastUpdate !== undefined) clock('nextUpdate', Math.max(lastUpdate, resolutionStart), resolvedAt);
  clock('resolution', resolutionStart, resolvedAt);
  return clocks;
}

/** The earliest due instant of the clocks still running: what "breaching" sorts by and the monitor waits for. */
export function nextDueAt(clocks: SlaClock[]): number | undefined {
  let next: number | undefined;
  for (const clock of clocks) {
    if (clock.metAt === undefined && clock.dueAt !== undefined && (next === undefined || clock.dueAt < next)) {
      next = clock.dueAt;
    }
  }
  return next;
}

export const isPaused = (pauses: SlaPause[]) => pauses.some((pause) => pause.to === undefined);

export function slaStatus(clock: SlaClock, now: number, pauses: SlaPause[], warningAt: number | undefined): SlaStatus {
  if (clock.metAt !== undefined) return 'met';
  if (clock.dueAt !== undefined && now >= clock.dueAt) return 'breached';
  if (isPaused(pauses)) return 'paused';
  if (warningAt !== undefined && now >= warningAt) return 'warning';
  return 'running';
}

/** When a clock reaches `fraction` of its target (the warning threshold), pauses included. */
export function warningInstant(clock: SlaClock, calendar: BusinessTime, pauses: SlaPause[], fraction: number) {
  return dueWithPauses(calendar, clock.startedAt, Math.round(clock.minutes * fraction), pauses) ?? undefined;
}
