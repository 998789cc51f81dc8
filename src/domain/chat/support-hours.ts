import type { Locale } from '../policy/localized-text.ts';
import {
  type CalendarDefinition,
  type DayInterval,
  type Policy,
  WEEKDAYS,
  type Weekday,
} from '../policy/policy.schema.ts';

// Support hours as a customer reads them: "lunes a jueves de 09:00 a 17:00; viernes de 09:00 a 15:00, excepto
// festivos de Colombia (hora de America/Bogota)". Days with the same hours share one phrase; split shifts are listed.

interface HoursWords {
  days: Record<Weekday, string>;
  range: (first: string, last: string) => string;
  pair: (a: string, b: string) => string;
  interval: (from: string, to: string) => string;
  intervals: (parts: string[]) => string;
  daysThenHours: (days: string, hours: string) => string;
  alwaysOn: string;
  allDay: string;
  closed: string;
  publicHolidays: (country: string) => string;
  listedHolidays: string;
  zone: (timezone: string) => string;
}

const joinList = (parts: string[], and: string) =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${and} ${parts.at(-1)}`;

const WORDS: Record<Locale, HoursWords> = {
  es: {
    days: {
      mon: 'lunes',
      tue: 'martes',
      wed: 'miércoles',
      thu: 'jueves',
      fri: 'viernes',
      sat: 'sábado',
      sun: 'domingo',
    },
    range: (first, last) => `${first} a ${last}`,
    pair: (a, b) => `${a} y ${b}`,
    interval: (from, to) => `de ${from} a ${to}`,
    intervals: (parts) => joinList(parts, 'y'),
    daysThenHours: (days, hours) => `${days} ${hours}`,
    alwaysOn: '24 horas, 7 días',
    allDay: 'las 24 horas',
    closed: 'sin horario de atención',
    publicHolidays: (country) => `excepto festivos de ${country}`,
    listedHolidays: 'excepto festivos',
    zone: (timezone) => `hora de ${timezone}`,
  },
  en: {
    days: {
      mon: 'Monday',
      tue: 'Tuesday',
      wed: 'Wednesday',
      thu: 'Thursday',
      fri: 'Friday',
      sat: 'Saturday',
      sun: 'Sunday',
    },
    range: (first, last) => `${first} to ${last}`,
    pair: (a, b) => `${a} and ${b}`,
    interval: (from, to) => `${from}–${to}`,
    intervals: (parts) => joinList(parts, 'and'),
    daysThenHours: (days, hours) => `${days} ${hours}`,
    alwaysOn: '24 hours, 7 days',
    allDay: '24 hours',
    closed: 'no support hours',
    publicHolidays: (country) => `except public holidays in ${country}`,
    listedHolidays: 'except holidays',
    zone: (timezone) => `${timezone} time`,
  },
};

const COUNTRIES: Record<string, Record<Locale, string>> = {
  CO: { es: 'Colombia', en: 'Colombia' },
  ES: { es: 'España', en: 'Spain' },
  CL: { es: 'Chile', en: 'Chile' },
  MX: { es: 'México', en: 'Mexico' },
  PE: { es: 'Perú', en: 'Peru' },
  AR: { es: 'Argentina', en: 'Argentina' },
  EC: { es: 'Ecuador', en: 'Ecuador' },
  US: { es: 'Estados Unidos', en: 'the United States' },
  GB: { es: 'Reino Unido', en: 'the United Kingdom' },
};

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The weekly hours of `calendar` in words, with its holidays and time zone. */
export function describeHours(calendar: CalendarDefinition, locale: Locale, timezone: string): string {
  const words = WORDS[locale];
  if (calendar.alwaysOn) return words.alwaysOn;
  const week = calendar.week!;
  const hoursOf = (intervals: DayInterval[]) =>
    intervals.length === 1 && intervals[0]!.startMinute === 0 && intervals[0]!.endMinute === 24 * 60
      ? words.allDay
      : words.intervals(
          [...intervals]
            .sort((a, b) => a.startMinute - b.startMinute)
            .map((i) => words.interval(clock(i.startMinute), clock(i.endMinute))),
        );

  // Days with identical hours form one group, in week order; each group lists its runs of consecutive days.
  const groups = new Map<string, Weekday[]>();
  for (const day of WEEKDAYS) {
    if (week[day].length === 0) continue;
    const hours = hoursOf(week[day]);
    groups.set(hours, [...(groups.get(hours) ?? []), day]);
  }
  if (groups.size === 0) return words.closed;
  if (groups.size === 1 && groups.get(words.allDay)?.length === 7 && !calendar.holidays) return words.alwaysOn;

  const phrases = [...groups].map(([hours, days]) => words.daysThenHours(dayRuns(days, words), hours));
  const holidays = calendar.holidays;
  const exception = holidays?.country
    ? words.publicHolidays(
        (COUNTRIES[holidays.country]?.[locale] ?? holidays.country) + (holidays.region ? ` (${holidays.region})` : ''),
      )
    : holidays?.dates.length
      ? words.listedHolidays
      : undefined;
  return `${phrases.join('; ')}${exception ? `, ${exception}` : ''} (${words.zone(timezone)})`;
}

/** "lunes a jueves", "sábado y domingo", "lunes, miércoles y viernes". */
function dayRuns(days: Weekday[], words: HoursWords): string {
  const runs: Weekday[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && WEEKDAYS.indexOf(run.at(-1)!) === WEEKDAYS.indexOf(day) - 1) run.push(day);
    else runs.push([day]);
  }
  const named = runs.map((run) => {
    const first = words.days[run[0]!];
    const last = words.days[run.at(-1)!];
    if (run.length === 1) return first;
    return run.length === 2 ? words.pair(first, last) : words.range(first, last);
  });
  return named.length === 1 ? named[0]! : words.intervals(named);
}

const ALWAYS_ON: CalendarDefinition = { alwaysOn: true };

/** The support hours of `policy` (its default calendar unless another is named) in `locale`. */
export function describePolicyHours(
  policy: Policy,
  locale: Locale = policy.locale,
  calendarId: string = policy.defaultCalendar,
): string {
  // The schema guarantees the name exists: a calendar of the policy's own, or the built-in always-on one.
  const calendar = policy.calendars[calendarId] ?? ALWAYS_ON;
  return describeHours(calendar, locale, policy.timezone);
}
