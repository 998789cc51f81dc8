import { type BusinessCalendar, createBusinessCalendar } from '../../domain/calendar/business-calendar.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import { publicHolidaysOf } from '../calendar/holidays.ts';

// A person's working hours are the policy's business week read in that person's own zone: a manager in Bogotá of a
// Madrid desk works 09:00–18:00 Bogotá time. Non-critical alerts to a person wait for them; channels never wait.

const cache = new Map<string, BusinessCalendar | undefined>();

/** The calendar of a person's working hours; undefined when the policy's default calendar is always open. */
export function workingHoursOf(policy: Policy, zone: string): BusinessCalendar | undefined {
  const key = `${policy.id}\u0000${policy.defaultCalendar}\u0000${zone}`;
  if (cache.has(key)) return cache.get(key);
  const definition = policy.calendars[policy.defaultCalendar];
  const holidays = definition?.holidays;
  const calendar =
    !definition || definition.alwaysOn
      ? undefined
      : createBusinessCalendar({
          definition,
          timezone: zone,
          ...(holidays?.country && { holidaysOf: publicHolidaysOf(holidays.country, holidays.region) }),
        });
  cache.set(key, calendar);
  return calendar;
}

/** When a non-critical alert to a person may go: now inside their hours, else their next opening. */
export function heldUntil(policy: Policy, zone: string, now: Date): Date | undefined {
  if (!policy.routing.holdNonCriticalOutsideWorkingHours) return undefined;
  const opening = workingHoursOf(policy, zone)?.nextOpening(now.getTime());
  return opening !== undefined && Number.isFinite(opening) && opening > now.getTime() ? new Date(opening) : undefined;
}
