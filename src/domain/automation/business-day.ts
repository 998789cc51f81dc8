import type { CalendarDefinition, Policy, PriorityDefinition } from '../policy/policy.schema.ts';
import { SEVERITIES, WEEKDAYS } from '../policy/policy.schema.ts';

/**
 * The business minutes of one working day of a calendar: the average over the days it opens (arcoirisapp's split
 * shift: 7 h). `due(t, businessDayMinutes)` is then "the same hour on the next business day", holidays skipped.
 * An always-on calendar (or none) has 24-hour days.
 */
export function businessDayMinutes(definition: CalendarDefinition | undefined): number {
  if (!definition || definition.alwaysOn || !definition.week) return 24 * 60;
  const days = WEEKDAYS.map((day) =>
    (definition.week?.[day] ?? []).reduce((sum, interval) => sum + interval.endMinute - interval.startMinute, 0),
  ).filter((minutes) => minutes > 0);
  if (days.length === 0) return 24 * 60;
  return Math.round(days.reduce((sum, minutes) => sum + minutes, 0) / days.length);
}

const rank = (priority: PriorityDefinition) => SEVERITIES.indexOf(priority.severity);

/** The priority one step less severe than `id` (jd-services: A → B → C); undefined at the bottom. */
export function lowerPriority(policy: Policy, id: string): PriorityDefinition | undefined {
  const current = policy.priorities.find((priority) => priority.id === id);
  if (!current) return undefined;
  const below = policy.priorities.filter((priority) => rank(priority) > rank(current));
  return below.sort((a, b) => rank(a) - rank(b))[0];
}
