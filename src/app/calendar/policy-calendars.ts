import {
  alwaysOnCalendar,
  type BusinessCalendar,
  createBusinessCalendar,
} from '../../domain/calendar/business-calendar.ts';
import { ALWAYS_ON_CALENDAR, type CalendarDefinition, type Policy } from '../../domain/policy/policy.schema.ts';
import { publicHolidaysOf } from './holidays.ts';

// A calendar keeps the years it has built, so it is built once per policy and calendar name and then reused by
// every sweep. A policy reloaded with changed hours gets a new calendar: the cached one is reused only while its
// definition and zone are the same.

interface CacheEntry {
  definition: CalendarDefinition;
  timezone: string;
  calendar: BusinessCalendar;
}

const cache = new Map<string, CacheEntry>();

/** The name of the calendar behind a priority's SLA clock: its own, else the policy's default (also for unknown ids). */
export function calendarNameFor(policy: Policy, priorityId?: string): string {
  const priority = priorityId === undefined ? undefined : policy.priorities.find((p) => p.id === priorityId);
  return priority?.calendar ?? policy.defaultCalendar;
}

/** The business calendar of a priority's SLA clock (the policy's default calendar without, or for an unknown, one). */
export function calendarFor(policy: Policy, priorityId?: string): BusinessCalendar {
  return calendarNamed(policy, calendarNameFor(policy, priorityId));
}

/** A policy's calendar by name, `24x7` included. Throws on a name the policy lacks (the schema rules that out). */
export function calendarNamed(policy: Policy, name: string): BusinessCalendar {
  const definition = policy.calendars[name];
  if (!definition) {
    if (name === ALWAYS_ON_CALENDAR) return alwaysOnCalendar;
    throw new Error(`policy ${policy.id} has no calendar "${name}"`);
  }
  const key = `${policy.id}\u0000${name}`;
  const entry = cache.get(key);
  if (entry && entry.timezone === policy.timezone && sameDefinition(entry.definition, definition)) {
    entry.definition = definition;
    return entry.calendar;
  }
  const holidays = definition.holidays;
  const calendar = createBusinessCalendar({
    definition,
    timezone: policy.timezone,
    ...(holidays?.country && { holidaysOf: publicHolidaysOf(holidays.country, holidays.region) }),
  });
  cache.set(key, { definition, timezone: policy.timezone, calendar });
  return calendar;
}

function sameDefinition(a: CalendarDefinition, b: CalendarDefinition): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
