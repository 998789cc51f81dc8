import { describe, expect, it } from 'vitest';
import { alwaysOnCalendar } from '../../../src/domain/calendar/business-calendar.ts';
import { dueWithPauses, elapsedWithPauses } from '../../../src/domain/sla/sla-clock.ts';
import { at, crosspointLike, local, MADRID } from '../calendar/calendar-fixtures.ts';

// crosspoint365-like hours (Mon–Thu 09–17, Fri 09–15, Madrid); Monday 2 March 2026 is +01:00.
const cal = crosspointLike();
const monday = (hhmm: string) => at(`2026-03-02T${hhmm}+01:00`);
const tuesday = (hhmm: string) => at(`2026-03-03T${hhmm}+01:00`);
const due = (minutes: number, pauses: { from: number; to?: number | null }[]) => {
  const instant = dueWithPauses(cal, monday('09:00'), minutes, pauses);
  return instant === undefined ? undefined : local(instant, MADRID);
};

describe('dueWithPauses', () => {
  it('equals the calendar due without pauses', () => {
    expect(dueWithPauses(cal, monday('09:00'), 240, [])).toBe(cal.due(monday('09:00'), 240));
  });

  it('moves the deadline by the business time a pause takes', () => {
    expect(due(240, [{ from: monday('10:00'), to: monday('11:30') }])).toBe('2026-03-02T14:30:00+01:00');
  });

  it('counts only the business part of a pause over closed hours', () => {
    // 7 h run before the 16:00 pause; the last hour runs from 10:00 on Tuesday.
    expect(due(480, [{ from: monday('16:00'), to: tuesday('10:00') }])).toBe('2026-03-03T11:00:00+01:00');
  });

  it('merges overlapping, unsorted pauses instead of counting them twice', () => {
    const pauses = [
      { from: monday('10:30'), to: monday('11:30') },
      { from: monday('10:00'), to: monday('11:00') },
      { from: monday('10:15'), to: monday('10:45') },
    ];
    expect(due(240, pauses)).toBe('2026-03-02T14:30:00+01:00');
  });

  it('ignores what a pause took before the clock started', () => {
    expect(due(240, [{ from: monday('08:00'), to: monday('09:30') }])).toBe('2026-03-02T13:30:00+01:00');
    expect(due(240, [{ from: at('2026-02-27T10:00+01:00'), to: at('2026-02-27T12:00+01:00') }])).toBe(
      '2026-03-02T13:00:00+01:00',
    );
  });

  it('has no deadline while an open pause stops the clock before the target', () => {
    expect(due(240, [{ from: monday('11:00') }])).toBeUndefined();
    expect(due(240, [{ from: monday('11:00'), to: null }])).toBeUndefined();
  });

  it('keeps the deadline when an open pause starts after the target is reached', () => {
    expect(due(240, [{ from: monday('15:00') }])).toBe('2026-03-02T13:00:00+01:00');
    // Reached exactly when the pause begins.
    expect(due(240, [{ from: monday('13:00') }])).toBe('2026-03-02T13:00:00+01:00');
  });

  it('is due at the start for a zero target, even while paused', () => {
    expect(dueWithPauses(cal, monday('10:00'), 0, [{ from: monday('09:30') }])).toBe(monday('10:00'));
  });

  it('subtracts pauses from 24x7 clocks in plain time', () => {
    const start = at('2026-03-28T12:00+01:00');
    const pause = { from: start + 10 * 60_000, to: start + 40 * 60_000 };
    expect(dueWithPauses(alwaysOnCalendar, start, 60, [pause])).toBe(start + 90 * 60_000);
  });
});

describe('elapsedWithPauses', () => {
  it('subtracts closed and open pauses, once each where they overlap', () => {
    const pauses = [
      { from: monday('10:30'), to: monday('11:30') },
      { from: monday('10:00'), to: monday('11:00') },
      { from: monday('16:00') },
    ];
    expect(elapsedWithPauses(cal, monday('09:00'), monday('17:00'), pauses)).toBe(480 - 90 - 60);
  });

  it('ignores pauses outside the measured span and measures nothing backwards', () => {
    const pauses = [{ from: monday('07:00'), to: monday('09:30') }, { from: tuesday('10:00') }];
    expect(elapsedWithPauses(cal, monday('09:00'), monday('12:00'), pauses)).toBe(150);
    expect(elapsedWithPauses(cal, monday('12:00'), monday('09:00'), [])).toBe(0);
  });

  it('reads back the target at the paused deadline', () => {
    const pauses = [
      { from: monday('16:00'), to: tuesday('10:00') },
      { from: monday('10:00'), to: monday('10:20') },
    ];
    const deadline = dueWithPauses(cal, monday('09:00'), 600, pauses)!;
    expect(elapsedWithPauses(cal, monday('09:00'), deadline, pauses)).toBe(600);
  });
});
