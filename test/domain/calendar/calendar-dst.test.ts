import { describe, expect, it } from 'vitest';
import { alwaysOnCalendar } from '../../../src/domain/calendar/business-calendar.ts';
import { at, calendar, crosspointLike, local, MADRID, oysLike, SANTIAGO } from './calendar-fixtures.ts';

const HOUR = 3_600_000;
const everyDay = (hours: string[]) => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: hours,
  sun: hours,
});

describe('Madrid DST (last Sunday of March and of October)', () => {
  it('keeps 09:00 local on both sides of the spring-forward weekend', () => {
    const cal = crosspointLike();
    // Friday 27 March is +01:00, Monday 30 March is +02:00: the real gap is one hour shorter.
    expect(local(cal.due(at('2026-03-27T14:30+01:00'), 60), MADRID)).toBe('2026-03-30T09:30:00+02:00');
  });

  it('keeps 09:00 local on both sides of the fall-back weekend', () => {
    const cal = crosspointLike();
    expect(local(cal.due(at('2026-10-23T14:30+02:00'), 90), MADRID)).toBe('2026-10-26T10:00:00+01:00');
    expect(cal.elapsedMinutes(at('2026-10-23T14:30+02:00'), at('2026-10-26T10:00+01:00'))).toBe(90);
  });

  it('gives a 00:00–24:00 day 23 hours in March and 25 in October', () => {
    const allDay = calendar(everyDay(['00:00-24:00']), MADRID);
    expect(allDay.elapsedMinutes(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(23 * 60);
    expect(allDay.elapsedMinutes(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(25 * 60);
  });

  it('lands a 24-hour 24x7 target 25 wall-clock hours later across the spring-forward', () => {
    const start = at('2026-03-28T12:00+01:00');
    expect(local(alwaysOnCalendar.due(start, 24 * 60), MADRID)).toBe('2026-03-29T13:00:00+02:00');
    // A week of 00:00–24:00 days agrees with the built-in 24x7.
    const allDay = calendar(everyDay(['00:00-24:00']), MADRID);
    expect(allDay.due(start, 24 * 60)).toBe(start + 24 * HOUR);
  });

  it('starts an interval that opens inside the DST gap when the gap ends, as luxon resolves it', () => {
    // 02:00–04:00 on 29 March: 02:00 does not exist and becomes 03:00+02:00, so one real hour is open.
    const night = calendar({ sun: ['02:00-04:00'] }, MADRID);
    expect(night.elapsedMinutes(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(60);
    expect(local(night.nextOpening(at('2026-03-29T00:00+01:00')), MADRID)).toBe('2026-03-29T03:00:00+02:00');
  });
});

describe('Santiago DST (clocks change at midnight, early April and early September)', () => {
  it('resumes at 09:00 local after the April fall-back', () => {
    const cal = oysLike();
    // Friday 3 April is -03:00; on Sunday 5 April Chile goes back to -04:00.
    expect(local(cal.due(at('2026-04-03T17:00-03:00'), 120), SANTIAGO)).toBe('2026-04-06T10:00:00-04:00');
    expect(cal.elapsedMinutes(at('2026-04-03T17:00-03:00'), at('2026-04-06T10:00-04:00'))).toBe(120);
  });

  it('resumes at 09:00 local after the September spring-forward', () => {
    const cal = oysLike();
    expect(local(cal.due(at('2026-09-04T17:00-04:00'), 120), SANTIAGO)).toBe('2026-09-07T10:00:00-03:00');
    expect(local(cal.nextOpening(at('2026-09-05T12:00-04:00')), SANTIAGO)).toBe('2026-09-07T09:00:00-03:00');
  });

  it('counts the missing Santiago midnight hour out of a 00:00–24:00 day', () => {
    // 6 September 2026 begins at 01:00-03:00: the day has 23 hours.
    const allDay = calendar(everyDay(['00:00-24:00']), SANTIAGO);
    expect(allDay.elapsedMinutes(at('2026-09-06T01:00-03:00'), at('2026-09-07T00:00-03:00'))).toBe(23 * 60);
  });
});
