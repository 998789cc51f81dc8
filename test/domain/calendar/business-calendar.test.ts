import { describe, expect, it } from 'vitest';
import { alwaysOnCalendar } from '../../../src/domain/calendar/business-calendar.ts';
import { arcoirisLike, at, BOGOTA, calendar, crosspointLike, itbxLike, local, MADRID } from './calendar-fixtures.ts';

describe('crosspoint365-like calendar (Mon–Thu 09–17, Fri 09–15, Madrid)', () => {
  const cal = crosspointLike();

  it('keeps a deadline that lands exactly at the end of the day at 17:00', () => {
    expect(local(cal.due(at('2026-03-26T16:00+01:00'), 60), MADRID)).toBe('2026-03-26T17:00:00+01:00');
  });

  it('carries one more minute to the next morning', () => {
    expect(local(cal.due(at('2026-03-26T16:00+01:00'), 61), MADRID)).toBe('2026-03-27T09:01:00+01:00');
  });

  it('closes at 15:00 on Friday and resumes on Monday', () => {
    const friday = at('2026-03-27T14:00+01:00');
    expect(local(cal.due(friday, 60), MADRID)).toBe('2026-03-27T15:00:00+01:00');
    // 60 minutes on Friday, then 60 on Monday, after the spring-forward weekend.
    expect(local(cal.due(friday, 120), MADRID)).toBe('2026-03-30T10:00:00+02:00');
    expect(cal.elapsedMinutes(friday, at('2026-03-30T10:00+02:00'))).toBe(120);
  });

  it('starts counting at the next opening when started outside hours', () => {
    expect(local(cal.due(at('2026-03-28T12:00+01:00'), 30), MADRID)).toBe('2026-03-30T09:30:00+02:00');
    expect(local(cal.due(at('2026-03-26T20:00+01:00'), 30), MADRID)).toBe('2026-03-27T09:30:00+01:00');
  });

  it('is due at the start itself for a zero target, in hours or not', () => {
    const saturday = at('2026-03-28T12:34:56.789+01:00');
    expect(cal.due(saturday, 0)).toBe(saturday);
    expect(cal.due(at('2026-03-26T10:00+01:00'), 0)).toBe(at('2026-03-26T10:00+01:00'));
  });

  it('counts nothing over a weekend and nothing backwards', () => {
    expect(cal.elapsedMinutes(at('2026-03-27T15:00+01:00'), at('2026-03-30T09:00+02:00'))).toBe(0);
    expect(cal.elapsedMinutes(at('2026-03-30T12:00+02:00'), at('2026-03-30T10:00+02:00'))).toBe(0);
    // A whole week: 4 × 8 h + 6 h.
    expect(cal.elapsedMinutes(at('2026-03-02T00:00+01:00'), at('2026-03-09T00:00+01:00'))).toBe(38 * 60);
  });

  it('returns fractional minutes from elapsedMinutes', () => {
    expect(cal.elapsedMinutes(at('2026-03-26T09:00+01:00'), at('2026-03-26T09:00:30+01:00'))).toBe(0.5);
  });

  it('skips explicit holiday dates', () => {
    const withHoliday = crosspointLike(['2026-03-30']);
    expect(local(withHoliday.due(at('2026-03-27T14:00+01:00'), 120), MADRID)).toBe('2026-03-31T10:00:00+02:00');
  });

  it('knows when it is open and when it opens next', () => {
    expect(cal.isOpenAt(at('2026-03-27T09:00+01:00'))).toBe(true);
    expect(cal.isOpenAt(at('2026-03-27T14:59:59.999+01:00'))).toBe(true);
    expect(cal.isOpenAt(at('2026-03-27T15:00+01:00'))).toBe(false);
    expect(cal.isOpenAt(at('2026-03-28T11:00+01:00'))).toBe(false);
    expect(local(cal.nextOpening(at('2026-03-27T15:00+01:00')), MADRID)).toBe('2026-03-30T09:00:00+02:00');
    const open = at('2026-03-27T10:15+01:00');
    expect(cal.nextOpening(open)).toBe(open);
  });
});

describe('itbx-like calendar (Mon–Fri 08–17, Sat 09–12, Bogotá, Colombian holidays)', () => {
  const cal = itbxLike();

  it('works Saturday mornings', () => {
    expect(local(cal.due(at('2026-03-20T16:00-05:00'), 120), BOGOTA)).toBe('2026-03-21T10:00:00-05:00');
  });

  it('skips Sunday and the holiday Monday (San José moved to 23 March)', () => {
    expect(local(cal.due(at('2026-03-21T11:30-05:00'), 60), BOGOTA)).toBe('2026-03-24T08:30:00-05:00');
    // Friday 9 h + Saturday 3 h; Sunday and the holiday count nothing.
    expect(cal.elapsedMinutes(at('2026-03-20T08:00-05:00'), at('2026-03-24T08:00-05:00'))).toBe(12 * 60);
  });

  it('skips Holy Thursday and Good Friday', () => {
    expect(local(cal.due(at('2026-04-01T16:00-05:00'), 120), BOGOTA)).toBe('2026-04-04T10:00:00-05:00');
  });

  it('crosses the year end into the next year, holidays included', () => {
    // Thu 31 Dec: 60 min; Fri 1 Jan 2027 is a holiday; Sat 2 Jan opens at 09:00.
    expect(local(cal.due(at('2026-12-31T16:00-05:00'), 120), BOGOTA)).toBe('2027-01-02T10:00:00-05:00');
  });

  it('answers the same after looking at later years first', () => {
    const fresh = itbxLike();
    fresh.due(at('2030-06-01T10:00-05:00'), 60);
    fresh.elapsedMinutes(at('2024-01-01T00:00-05:00'), at('2024-01-02T00:00-05:00'));
    expect(fresh.due(at('2026-03-21T11:30-05:00'), 60)).toBe(cal.due(at('2026-03-21T11:30-05:00'), 60));
    const from = at('2025-12-30T12:00-05:00');
    const to = at('2026-01-13T12:00-05:00');
    expect(fresh.elapsedMinutes(from, to)).toBe(cal.elapsedMinutes(from, to));
  });
});

describe('arcoirisapp-like calendar (Mon–Fri 08–12 and 14–17, Bogotá)', () => {
  const cal = arcoirisLike();

  it('keeps a deadline landing at 12:00 before lunch', () => {
    expect(local(cal.due(at('2026-03-02T11:00-05:00'), 60), BOGOTA)).toBe('2026-03-02T12:00:00-05:00');
  });

  it('skips the lunch gap', () => {
    expect(local(cal.due(at('2026-03-02T11:00-05:00'), 90), BOGOTA)).toBe('2026-03-02T14:30:00-05:00');
    expect(local(cal.due(at('2026-03-02T12:30-05:00'), 10), BOGOTA)).toBe('2026-03-02T14:10:00-05:00');
    expect(cal.elapsedMinutes(at('2026-03-02T08:00-05:00'), at('2026-03-02T17:00-05:00'))).toBe(7 * 60);
    expect(cal.isOpenAt(at('2026-03-02T13:00-05:00'))).toBe(false);
    expect(local(cal.nextOpening(at('2026-03-02T13:00-05:00')), BOGOTA)).toBe('2026-03-02T14:00:00-05:00');
  });
});

describe('always-on and never-open calendars', () => {
  it('counts plain elapsed time for 24x7', () => {
    const start = at('2026-05-10T03:00+02:00');
    expect(alwaysOnCalendar.due(start, 90)).toBe(start + 90 * 60_000);
    expect(alwaysOnCalendar.elapsedMinutes(start, start + 45 * 60_000)).toBe(45);
    expect(alwaysOnCalendar.isOpenAt(start)).toBe(true);
  });

  it('is never due when a week has no hours, except for a zero target', () => {
    const closed = calendar({}, MADRID);
    const start = at('2026-03-02T10:00+01:00');
    expect(closed.due(start, 0)).toBe(start);
    expect(closed.due(start, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(closed.nextOpening(start)).toBe(Number.POSITIVE_INFINITY);
    expect(closed.elapsedMinutes(start, start + 86_400_000)).toBe(0);
  });

  it('throws on arguments that can only be bugs', () => {
    const cal = crosspointLike();
    expect(() => cal.due(Number.NaN, 10)).toThrow(RangeError);
    expect(() => cal.due(0, -1)).toThrow(RangeError);
    expect(() => cal.elapsedMinutes(0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
