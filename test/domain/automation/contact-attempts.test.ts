import { describe, expect, it } from 'vitest';
import { calendarNamed } from '../../../src/app/calendar/policy-calendars.ts';
import { loadPolicy } from '../../../src/app/policy/policy-catalog.ts';
import { businessDayOf, countContactAttempt } from '../../../src/domain/automation/contact-attempts.ts';
import type { CaseRecord } from '../../../src/domain/case/case.types.ts';

// Issue 19, point 1. Seed 003: "hace dos (2) intentos de comunicarse … en días hábiles": the business day an attempt
// counts on, with arcoirisapp's split shift (08–12, 14–17 in Bogotá, UTC−5) and Colombian holidays.

const arcoirisapp = await loadPolicy('arcoirisapp');
const calendar = calendarNamed(arcoirisapp, arcoirisapp.defaultCalendar);
const day = (iso: string) => businessDayOf(calendar, arcoirisapp.timezone, Date.parse(iso));

describe('the business day of a contact attempt', () => {
  it('is the day it went out while the office is open or still to open, else the next business day', () => {
    expect(day('2026-12-04T12:59:00Z')).toBe('2026-12-04'); // Fri 07:59, before opening
    expect(day('2026-12-04T17:30:00Z')).toBe('2026-12-04'); // Fri 12:30, the lunch break
    expect(day('2026-12-04T21:59:00Z')).toBe('2026-12-04'); // Fri 16:59
    expect(day('2026-12-04T22:00:00Z')).toBe('2026-12-07'); // Fri 17:00, closed: Monday
    expect(day('2026-12-05T15:00:00Z')).toBe('2026-12-07'); // Saturday
    // Tuesday 8 December is a Colombian holiday (Inmaculada Concepción): Monday evening counts on Wednesday.
    expect(day('2026-12-07T23:00:00Z')).toBe('2026-12-09');
  });

  it('a second attempt on the same business day is not counted; the next business day it is', () => {
    const record = { contactAttempts: 0, contactLog: [] } as unknown as CaseRecord;
    const first = countContactAttempt(
      record,
      { at: new Date('2026-12-04T22:30:00Z'), via: 'form' },
      calendar,
      'America/Bogota',
    );
    if (!first.counted) throw new Error('the first attempt counts');
    expect(first.record).toMatchObject({
      contactAttempts: 1,
      contactLog: [{ at: '2026-12-04T22:30:00.000Z', day: '2026-12-07', via: 'form' }],
    });
    // Monday morning is the business day the Friday-evening attempt already counts on.
    expect(
      countContactAttempt(
        first.record,
        { at: new Date('2026-12-07T14:00:00Z'), via: 'form' },
        calendar,
        'America/Bogota',
      ),
    ).toMatchObject({ counted: false, reason: 'same_business_day', attempt: { day: '2026-12-07' } });
    expect(
      countContactAttempt(
        first.record,
        { at: new Date('2026-12-09T14:00:00Z'), via: 'email' },
        calendar,
        'America/Bogota',
      ),
    ).toMatchObject({ counted: true, record: { contactAttempts: 2 } });
  });
});
