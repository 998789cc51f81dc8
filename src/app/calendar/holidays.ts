import Holidays from 'date-holidays';
import type { HolidaysOf } from '../../domain/calendar/business-calendar.ts';

// A country's public holidays for the domain calendar, from date-holidays. Only type "public" closes a day:
// observances (Palm Sunday, Mother's Day) and bank holidays do not. Substitute days (Colombia's "Ley Emiliani"
// Mondays, Madrid's "día sustituto") are public holidays in their own right and close the day they move to.

export class UnknownHolidayRegionError extends Error {}

const DAY_MS = 86_400_000;
const sources = new Map<string, HolidaysOf>();

/**
 * ISO local dates of the public holidays of `country` (and its `region`, date-holidays' "state", e.g. ES/MD), per year.
 * Throws UnknownHolidayRegionError when date-holidays does not know the country or region.
 */
export function publicHolidaysOf(country: string, region?: string): HolidaysOf {
  const key = `${country}/${region ?? ''}`;
  const known = sources.get(key);
  if (known) return known;

  const catalog = new Holidays();
  if (!(country in catalog.getCountries())) {
    throw new UnknownHolidayRegionError(`no holiday data for country "${country}"`);
  }
  if (region !== undefined && !(region in (catalog.getStates(country) ?? {}))) {
    const states = Object.keys(catalog.getStates(country) ?? {});
    throw new UnknownHolidayRegionError(
      `no holiday data for region "${region}" of ${country}; expected one of: ${states.join(', ') || '(none)'}`,
    );
  }
  const data = region === undefined ? new Holidays(country) : new Holidays(country, region);
  const byYear = new Map<number, string[]>();
  const holidaysOf: HolidaysOf = (year) => {
    let dates = byYear.get(year);
    if (!dates) {
      dates = data
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .flatMap((holiday) => datesCovered(holiday.date.slice(0, 10), holiday.end.getTime() - holiday.start.getTime()));
      byYear.set(year, dates);
    }
    return dates;
  };
  sources.set(key, holidaysOf);
  return holidaysOf;
}

/** A holiday lasting several days closes each of them; a part-day holiday closes its whole day. */
function datesCovered(firstDate: string, lengthMs: number): string[] {
  const days = Math.max(1, Math.round(lengthMs / DAY_MS));
  const first = Date.parse(`${firstDate}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
}
