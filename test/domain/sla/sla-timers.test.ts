import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../src/domain/sla/sla.types.ts';
import { clockOutcome, slaReport } from '../../../src/domain/sla/sla-report.ts';
import { nextEscalation, slaTimerSpecs } from '../../../src/domain/sla/sla-timers.ts';
import { at, crosspointLike, local, MADRID } from '../calendar/calendar-fixtures.ts';

// Timers of the clocks: a warning per fraction in business time (pauses included), a breach at the due instant.
// crosspoint365-like hours: Monday–Thursday 09–17, Friday 09–15, Madrid; Monday 2 March 2026 is +01:00.

const cal = crosspointLike();
const monday = (hhmm: string) => at(`2026-03-02T${hhmm}+01:00`);
const clock = (extra: Partial<SlaClock> = {}): SlaClock => ({
  target: 'firstResponse',
  minutes: 240,
  startedAt: monday('15:00'),
  dueAt: cal.due(monday('15:00'), 240),
  ...extra,
});
const when = (specs: ReturnType<typeof slaTimerSpecs>) =>
  specs.map((spec) => `${spec.rule}@${spec.threshold} ${local(spec.fireAt, MADRID)}`);

describe('SLA timers of a clock', () => {
  it('a warning per fraction in business time, then the breach; the cycle is the clock’s start', () => {
    const specs = slaTimerSpecs([clock()], cal, [], [0.5, 0.75]);
    expect(when(specs)).toEqual([
      'sla.warning@0.5 2026-03-02T17:00:00+01:00',
      'sla.warning@0.75 2026-03-03T10:00:00+01:00',
      'sla.breach@1 2026-03-03T11:00:00+01:00',
    ]);
    expect(new Set(specs.map((spec) => spec.cycle))).toEqual(new Set([String(monday('15:00'))]));
  });

  it('a closed pause moves the warning by its business time; an open one stops the clock', () => {
    const pauses = [{ from: monday('15:30'), to: monday('16:30') }];
    const paused = clock({ dueAt: cal.due(monday('15:00'), 300) });
    expect(when(slaTimerSpecs([paused], cal, pauses, [0.75]))[0]).toBe('sla.warning@0.75 2026-03-03T11:00:00+01:00');
    const { dueAt: _stopped, ...open } = clock();
    expect(slaTimerSpecs([open], cal, [{ from: monday('15:30') }], [0.75])).toEqual([]);
  });

  it('a met clock has no timers', () => {
    expect(slaTimerSpecs([clock({ metAt: monday('15:10') })], cal, [], [0.75])).toEqual([]);
  });

  it('escalations follow the policy’s levels, each its delay after the previous one fired', () => {
    const levels = [
      { after: 60, to: 'manager-channel' as const },
      { after: 30, to: 'managers' as const },
    ];
    const breach = { target: 'resolution', cycle: '1' };
    expect(nextEscalation(levels, breach, 0, monday('10:00'))).toMatchObject({
      rule: 'sla.escalation',
      threshold: '1',
      fireAt: monday('11:00'),
      to: 'manager-channel',
    });
    expect(nextEscalation(levels, breach, 1, monday('11:00'))).toMatchObject({
      threshold: '2',
      fireAt: monday('11:30'),
    });
    expect(nextEscalation(levels, breach, 2, monday('11:30'))).toBeUndefined();
  });
});

describe('met or breached', () => {
  const due = monday('17:00');
  const open = { isOpen: true, closedAt: undefined };
  it('met in time, met late, overdue, still running, closed before its due', () => {
    expect(clockOutcome(clock({ dueAt: due, metAt: due - 1 }), open, due + 5)).toBe('met');
    expect(clockOutcome(clock({ dueAt: due, metAt: due + 1 }), open, due + 5)).toBe('breached');
    expect(clockOutcome(clock({ dueAt: due }), open, due)).toBe('breached');
    expect(clockOutcome(clock({ dueAt: due }), open, due - 1)).toBe('open');
    expect(clockOutcome(clock({ dueAt: due }), { isOpen: false, closedAt: due - 1 }, due + 99)).toBe('unmet');
  });

  it('counts per tenant, priority and target', () => {
    const rows = slaReport(
      [
        {
          tenantId: 'a',
          priority: 'alta',
          isOpen: true,
          closedAt: undefined,
          sla: [clock({ dueAt: due, metAt: due - 1 })],
        },
        { tenantId: 'a', priority: 'alta', isOpen: true, closedAt: undefined, sla: [clock({ dueAt: due })] },
        { tenantId: 'a', priority: 'baja', isOpen: true, closedAt: undefined, sla: [clock({ dueAt: due })] },
      ],
      due + 1,
    );
    expect(rows).toEqual([
      { tenantId: 'a', priority: 'alta', target: 'firstResponse', met: 1, breached: 1, open: 0, unmet: 0 },
      { tenantId: 'a', priority: 'baja', target: 'firstResponse', met: 0, breached: 1, open: 0, unmet: 0 },
    ]);
  });
});
