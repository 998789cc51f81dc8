import { WEEKDAYS } from '../policy/policy.schema.ts';
import type { BusinessCalendar, CalendarOptions, HolidaysOf } from './calendar.types.ts';
import { checkBusinessMs, checkInstant, MS_PER_MINUTE, minutesToMs } from './calendar-units.ts';
import { ScheduledCalendar } from './scheduled-calendar.ts';

export type { BusinessCalendar, CalendarOptions, HolidaysOf } from './calendar.types.ts';

/** The built-in `24x7`: always open, so business time is plain elapsed time (a DST day lasts 23 or 25 hours). */
export const alwaysOnCalendar: BusinessCalendar = {
  due: (startMs, minutes) => alwaysOnCalendar.dueMs(startMs, minutesToMs(minutes)),
  dueMs(startMs, businessMs) {
    checkInstant(startMs);
    checkBusinessMs(businessMs);
    return startMs + businessMs;
  },
  elapsedMinutes: (fromMs, toMs) => alwaysOnCalendar.elapsedMs(fromMs, toMs) / MS_PER_MINUTE,
  elapsedMs(fromMs, toMs) {
    checkInstant(fromMs);
    checkInstant(toMs);
    return toMs > fromMs ? toMs - fromMs : 0;
  },
  isOpenAt: () => true,
  nextOpening: (ms) => ms,
};

/** A week without hours: no business time ever passes, so only a zero target is ever due. */
const neverOpenCalendar: BusinessCalendar = {
  due: (startMs, minutes) => neverOpenCalendar.dueMs(startMs, minutesToMs(minutes)),
  dueMs(startMs, businessMs) {
    checkInstant(startMs);
    checkBusinessMs(businessMs);
    return businessMs === 0 ? startMs : Number.POSITIVE_INFINITY;
  },
  elapsedMinutes: () => 0,
  elapsedMs: () => 0,
  isOpenAt: () => false,
  nextOpening: () => Number.POSITIVE_INFINITY,
};

export function createBusinessCalendar(options: CalendarOptions): BusinessCalendar {
  const { definition, timezone, holidaysOf } = options;
  if (definition.alwaysOn) return alwaysOnCalendar;
  const week = definition.week;
  if (!week || WEEKDAYS.every((day) => (week[day] ?? []).length === 0)) return neverOpenCalendar;
  if (definition.holidays?.country && !holidaysOf) {
    throw new Error(`a calendar with ${definition.holidays.country} holidays needs holidaysOf`);
  }
  return new ScheduledCalendar(week, timezone, closedDatesOf(definition.holidays?.dates ?? [], holidaysOf));
}

/** Explicit dates plus the injected country holidays, per year. */
function closedDatesOf(explicit: readonly string[], holidaysOf: HolidaysOf | undefined) {
  return (year: number): ReadonlySet<string> => {
    const prefix = `${year}-`;
    return new Set([...explicit.filter((date) => date.startsWith(prefix)), ...(holidaysOf?.(year) ?? [])]);
  };
}
