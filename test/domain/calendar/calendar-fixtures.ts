import { DateTime } from 'luxon';
import { createBusinessCalendar, type HolidaysOf } from '../../../src/domain/calendar/business-calendar.ts';
import { calendarSchema } from '../../../src/domain/policy/policy.schema.ts';

// Inline calendars shaped like the presets' (policies/*.yaml), so the domain is tested without reading files.

type WeekInput = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string[]>>;

export function calendar(
  week: WeekInput,
  timezone: string,
  options: { dates?: string[]; holidaysOf?: HolidaysOf } = {},
) {
  const definition = calendarSchema.parse({
    week,
    ...((options.dates || options.holidaysOf) && {
      holidays: { ...(options.holidaysOf && { country: 'CO' }), dates: options.dates ?? [] },
    }),
  });
  return createBusinessCalendar({
    definition,
    timezone,
    ...(options.holidaysOf && { holidaysOf: options.holidaysOf }),
  });
}

const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

export const MADRID = 'Europe/Madrid';
export const BOGOTA = 'America/Bogota';
export const SANTIAGO = 'America/Santiago';

/** Colombian public holidays of 2026 and New Year 2027, as the official calendar lists them. */
export const CO_HOLIDAYS: HolidaysOf = (year) =>
  ({
    2026: ['2026-01-01', '2026-01-12', '2026-03-23', '2026-04-02', '2026-04-03', '2026-05-01', '2026-12-25'],
    2027: ['2027-01-01'],
  })[year] ?? [];

/** crosspoint365: Monday to Thursday 09–17, Friday 09–15, Madrid. */
export const crosspointLike = (dates?: string[]) =>
  calendar({ ...weekdays(['09:00-17:00']), fri: ['09:00-15:00'] }, MADRID, dates ? { dates } : {});
/** itbx: Monday to Friday 08–17 and Saturday 09–12, Bogotá, Colombian holidays. */
export const itbxLike = () =>
  calendar({ ...weekdays(['08:00-17:00']), sat: ['09:00-12:00'] }, BOGOTA, { holidaysOf: CO_HOLIDAYS });
/** arcoirisapp: Monday to Friday 08–12 and 14–17, Bogotá. */
export const arcoirisLike = () => calendar(weekdays(['08:00-12:00', '14:00-17:00']), BOGOTA);
/** oys: Monday to Friday 09–18, Santiago de Chile. */
export const oysLike = () => calendar(weekdays(['09:00-18:00']), SANTIAGO);

/** An ISO instant with its offset, as epoch ms. */
export const at = (iso: string): number => {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) throw new Error(`bad test instant ${iso}`);
  return parsed.toMillis();
};

/** Epoch ms as an ISO instant in `zone`, so a failing assertion reads as wall-clock time. */
export const local = (ms: number, zone: string): string =>
  DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? String(ms);
