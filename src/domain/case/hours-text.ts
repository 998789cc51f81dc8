import type { Locale } from '../policy/localized-text.ts';

/** Minutes as hours written the reader's way, at most two decimals: `6,5` in Spanish, `6.5` in English. */
export function hoursNumber(minutes: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(minutes / 60);
}
