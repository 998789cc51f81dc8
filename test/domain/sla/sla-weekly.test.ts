import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../src/domain/sla/sla.types.ts';
import {
  businessMinutes,
  mergeCompliance,
  percentile,
  priorityTimes,
  rewritesFinishedWeeks,
  summarizeTimes,
  timeSamples,
  weeklyCompliance,
  weekStarts,
} from '../../../src/domain/sla/sla-weekly.ts';
import { calendar, MADRID } from '../calendar/calendar-fixtures.ts';

// The weekly figures of `sla report --weeks` and the dashboard: which week a clock counts in (its tenant's Monday),
// met against breached, and business minutes with pauses taken out.

const MINUTE = 60_000;
const nineToFive = calendar({ mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'] }, MADRID);
const at = (iso: string) => Date.parse(iso);
const clock = (target: SlaClock['target'], fields: Partial<SlaClock>): SlaClock => ({
  target,
  minutes: 60,
  startedAt: at('2026-11-23T08:00:00Z'),
  ...fields,
});
const options = (now: string, weeks = 2) => ({
  weeks,
  now: at(now),
  zoneOf: () => MADRID,
  calendarOf: () => nineToFive,
});

describe('weekly SLA figures', () => {
  it('weeks start on Monday in the tenant’s zone: Sunday 23:30 UTC is already Monday in Madrid', () => {
    expect(weekStarts(at('2026-11-29T23:30:00Z'), 3, MADRID).weeks).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(weekStarts(at('2026-11-29T22:30:00Z'), 1, MADRID).weeks).toEqual(['2026-11-23']);
  });

  it('a clock met in time counts in the week it was met; one met late or overdue in the week its due instant passed', () => {
    const cases = [
      { sla: [clock('firstResponse', { dueAt: at('2026-11-23T09:00:00Z'), metAt: at('2026-11-23T08:30:00Z') })] },
      // Due on Friday, met the next Monday: a breach of the first week.
      { sla: [clock('firstResponse', { dueAt: at('2026-11-20T09:00:00Z'), metAt: at('2026-11-23T08:10:00Z') })] },
      // Due and still unmet: breached. Not yet due: not counted.
      { sla: [clock('resolution', { dueAt: at('2026-11-24T09:00:00Z') })] },
      { sla: [clock('resolution', { dueAt: at('2026-11-30T09:00:00Z') })] },
    ].map((c) => ({ tenantId: 't', priority: 'A', pauses: [], ...c }));
    expect(weeklyCompliance(cases, options('2026-11-25T12:00:00Z'))).toEqual([
      { tenantId: 't', target: 'firstResponse', week: '2026-11-16', met: 0, breached: 1, percent: 0 },
      { tenantId: 't', target: 'firstResponse', week: '2026-11-23', met: 1, breached: 0, percent: 100 },
      { tenantId: 't', target: 'resolution', week: '2026-11-16', met: 0, breached: 0, percent: null },
      { tenantId: 't', target: 'resolution', week: '2026-11-23', met: 0, breached: 1, percent: 0 },
    ]);
  });

  it('times are business minutes less the pauses; median and p90 are values that occurred (nearest rank)', () => {
    // Opened Monday 16:30 Madrid, answered Tuesday 09:30: 30 + 30 business minutes.
    expect(businessMinutes(at('2026-11-23T15:30:00Z'), at('2026-11-24T08:30:00Z'), [], nineToFive)).toBe(60);
    // Paused 10:00–11:00 Madrid inside a 09:00–12:00 stretch: 120.
    const pause = { from: at('2026-11-24T09:00:00Z'), to: at('2026-11-24T10:00:00Z') };
    expect(businessMinutes(at('2026-11-24T08:00:00Z'), at('2026-11-24T11:00:00Z'), [pause], nineToFive)).toBe(120);
    expect(percentile([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560], 0.5)).toBe(80);
    expect(percentile([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560], 0.9)).toBe(1280);
    expect(percentile([], 0.9)).toBe(0);
    const answered = (minutes: number) => ({
      tenantId: 't',
      priority: 'A',
      pauses: [],
      sla: [
        clock('firstResponse', {
          startedAt: at('2026-11-24T08:00:00Z'),
          metAt: at('2026-11-24T08:00:00Z') + minutes * MINUTE,
        }),
      ],
    });
    expect(priorityTimes([answered(30), answered(10), answered(90)], options('2026-11-25T12:00:00Z'))).toEqual([
      { tenantId: 't', priority: 'A', target: 'firstResponse', count: 3, medianMinutes: 30, p90Minutes: 90 },
    ]);
  });

  it('the finished weeks and the current one, computed apart and merged, are the figures of the whole', () => {
    const cases = [
      { sla: [clock('firstResponse', { dueAt: at('2026-11-20T09:00:00Z'), metAt: at('2026-11-23T08:10:00Z') })] },
      { sla: [clock('firstResponse', { dueAt: at('2026-11-23T09:00:00Z'), metAt: at('2026-11-23T08:30:00Z') })] },
      { sla: [clock('resolution', { dueAt: at('2026-11-18T09:00:00Z'), metAt: at('2026-11-17T09:00:00Z') })] },
      { sla: [clock('resolution', { dueAt: at('2026-11-24T09:00:00Z') })] },
    ].map((c) => ({ tenantId: 't', priority: 'A', pauses: [], ...c }));
    const whole = options('2026-11-25T12:00:00Z');
    const monday = weekStarts(whole.now, 1, MADRID).from;
    const before = { ...whole, decided: { before: monday } };
    const after = { ...whole, decided: { from: monday } };
    expect(mergeCompliance(weeklyCompliance(cases, before), weeklyCompliance(cases, after))).toEqual(
      weeklyCompliance(cases, whole),
    );
    // The resolution target shows up only in the first week's part, the first response in both.
    expect(weeklyCompliance(cases, after).map((row) => row.target)).toEqual([
      'firstResponse',
      'firstResponse',
      'resolution',
      'resolution',
    ]);
    expect(summarizeTimes(timeSamples(cases, before), timeSamples(cases, after))).toEqual(priorityTimes(cases, whole));
  });

  it('a finished week is rewritten only when a recomputed clock decides differently before this week began', () => {
    const now = at('2026-11-25T12:00:00Z');
    const breachedLastWeek = clock('resolution', { dueAt: at('2026-11-20T09:00:00Z') });
    // Met late this week: still the breach of last week.
    const metLate = { ...breachedLastWeek, metAt: now };
    expect(rewritesFinishedWeeks([breachedLastWeek], [metLate], now, MADRID)).toBe(false);
    // Restarted by a reopen: last week's breach is gone.
    const restarted = clock('resolution', { startedAt: now, dueAt: now + 60 * MINUTE });
    expect(rewritesFinishedWeeks([breachedLastWeek], [restarted], now, MADRID)).toBe(true);
    // Only this week's decisions change: no finished week moves.
    const dueThisWeek = clock('firstResponse', { dueAt: at('2026-11-24T09:00:00Z') });
    expect(rewritesFinishedWeeks([dueThisWeek], [{ ...dueThisWeek, dueAt: now + MINUTE }], now, MADRID)).toBe(false);
  });
});
