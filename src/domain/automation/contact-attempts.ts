import { DateTime } from 'luxon';
import type { CaseRecord, ContactAttempt } from '../case/case.types.ts';
import type { BusinessTime } from '../sla/sla-clock.ts';

// arcoirisapp (seed 003): "hace dos (2) intentos de comunicarse … en días hábiles": a contact attempt is a message
// that went out to the customer, and attempts count on distinct business days. An attempt belongs to the business day
// on which the customer can first act on it: the day it went out when that is a business day and the calendar has
// not closed for it yet, else the next one (a Friday-evening email counts on Monday).

/** The business day (ISO date in `zone`) an attempt made at `ms` counts on. */
export function businessDayOf(calendar: BusinessTime, zone: string, ms: number): string {
  const opening = calendar.nextOpening(ms);
  const day = Number.isFinite(opening) ? opening : ms;
  return DateTime.fromMillis(day, { zone }).toISODate()!;
}

export type AttemptOutcome =
  | { counted: true; record: CaseRecord; attempt: ContactAttempt }
  | { counted: false; reason: 'same_business_day'; attempt: ContactAttempt };

/**
 * Counts a message that went out as a contact attempt, unless the last counted attempt of this wait fell on the same
 * business day: a second message that day is sent, but it is not a second attempt.
 */
export function countContactAttempt(
  record: CaseRecord,
  went: { at: Date; via: string },
  calendar: BusinessTime,
  zone: string,
): AttemptOutcome {
  const attempt: ContactAttempt = {
    at: went.at.toISOString(),
    day: businessDayOf(calendar, zone, went.at.getTime()),
    via: went.via,
  };
  if (record.contactLog.at(-1)?.day === attempt.day) return { counted: false, reason: 'same_business_day', attempt };
  const contactLog = [...record.contactLog, attempt];
  return { counted: true, attempt, record: { ...record, contactLog, contactAttempts: contactLog.length } };
}
