import { hoursStanding } from '../policy/policy.assumptions.ts';
import type { Policy } from '../policy/policy.schema.ts';
import type { SlaClock } from './sla.types.ts';

// What a customer is told of an SLA target's deadline. An instant computed on hours a preset only assumed (a calendar
// marked `assumption: unconfirmed`, oys) would state that schedule as a fact: the customer gets the target's length in
// business hours instead, with no schedule. Agents still see the computed instants.

export type CustomerDeadline = { at: Date } | { businessMinutes: number };

/** The deadline to show a customer for a running clock, or undefined when it has none (paused, or no target). */
export function customerDeadline(policy: Policy, priorityId: string, clock: SlaClock): CustomerDeadline | undefined {
  if (clock.dueAt === undefined) return undefined;
  const priority = policy.priorities.find((p) => p.id === priorityId);
  const calendar = policy.calendars[priority?.calendar ?? policy.defaultCalendar];
  return hoursStanding(calendar) === 'unknown' ? { businessMinutes: clock.minutes } : { at: new Date(clock.dueAt) };
}
