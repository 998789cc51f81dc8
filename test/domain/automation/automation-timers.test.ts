import { describe, expect, it } from 'vitest';
import { type AutomationCalendars, automationTimerSpecs } from '../../../src/domain/automation/automation-timers.ts';
import { businessDayMinutes, lowerPriority } from '../../../src/domain/automation/business-day.ts';
import { alwaysOnCalendar } from '../../../src/domain/calendar/business-calendar.ts';
import type { CaseRecord } from '../../../src/domain/case/case.types.ts';
import { calendarSchema, type PolicyInput } from '../../../src/domain/policy/policy.schema.ts';
import { arcoirisLike, at, BOGOTA, local } from '../calendar/calendar-fixtures.ts';
import { buildPolicy } from '../chat/policy-builder.ts';

// The automations as pure timers: which rule a policy field switches on, from which instant it counts, and what
// turns it off. Instants are epoch ms; the always-on calendar makes the arithmetic plain unless a test says otherwise.

const HOUR = 3_600_000;
const T0 = at('2026-11-23T10:00:00-05:00'); // a Monday, in Bogotá

const lifecycle: PolicyInput['lifecycle'] = {
  initial: 'nuevo',
  reopenTo: 'curso',
  states: [
    { id: 'nuevo', label: 'Nuevo', kind: 'new', next: ['curso', 'esperando'] },
    { id: 'curso', label: 'En curso', kind: 'active', next: ['esperando', 'pruebas', 'resuelto', 'cerrado'] },
    { id: 'esperando', label: 'Esperando', kind: 'waiting', next: ['curso', 'cerrado'] },
    { id: 'pruebas', label: 'Pruebas', kind: 'testing', next: ['curso', 'cerrado'] },
    { id: 'resuelto', label: 'Resuelto', kind: 'resolved', next: ['cerrado', 'curso'] },
    { id: 'cerrado', label: 'Cerrado', kind: 'closed' },
  ],
};
const policyWith = (rules: PolicyInput['rules'] = {}) =>
  buildPolicy({
    lifecycle,
    rules,
    priorities: [
      { id: 'alta', label: 'Alta', severity: 'critical', targets: { firstResponse: '1h' } },
      { id: 'media', label: 'Media', severity: 'moderate', targets: { firstResponse: '4h' } },
      { id: 'baja', label: 'Baja', severity: 'minimal' },
    ],
  });

function caseIn(state: string, extra: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'c1',
    tenantId: 't',
    number: 1,
    ref: 'T-1',
    customerId: 'cu',
    reporterId: null,
    title: 'x',
    description: '',
    type: 'problema',
    priority: 'media',
    state,
    isOpen: true,
    assigneeId: null,
    language: 'es',
    languageFlagged: false,
    openedVia: 'cli',
    openedAt: new Date(T0),
    updatedAt: new Date(T0),
    firstRespondedAt: null,
    lastAgentUpdateAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    reopenedAt: null,
    reopenCount: 0,
    contactAttempts: 0,
    escalationLevel: 0,
    pauses: [],
    sla: [],
    nextDueAt: null,
    estimate: null,
    confirmations: {},
    askedConfirmations: [],
    minutesSpent: 0,
    billable: false,
    aboutRef: null,
    contactLog: [],
    version: 1,
    ...extra,
  };
}

const plain: AutomationCalendars = { priority: alwaysOnCalendar, policy: alwaysOnCalendar, businessDayMinutes: 8 * 60 };
const specs = (policy: ReturnType<typeof policyWith>, record: CaseRecord, calendars = plain) =>
  automationTimerSpecs(policy, record, calendars, T0 + HOUR).map((spec) => ({
    rule: spec.rule,
    threshold: spec.threshold,
    hoursAfterT0: (spec.fireAt - T0) / HOUR,
    changesCase: spec.changesCase,
  }));

describe('automation timers', () => {
  it('a new case without an engineer is pointed out at a quarter of its first response; an engineer is told at once', () => {
    const policy = policyWith();
    expect(specs(policy, caseIn('nuevo'))).toEqual([
      { rule: 'assign.nudge', threshold: '', hoursAfterT0: 1, changesCase: false },
    ]);
    expect(specs(policy, caseIn('nuevo', { assigneeId: 'ana' }))).toEqual([
      { rule: 'assign.contact', threshold: '', hoursAfterT0: 1, changesCase: false },
    ]);
    expect(specs(policy, caseIn('nuevo', { assigneeId: 'ana', firstRespondedAt: new Date(T0) }))).toEqual([]);
  });

  it('contact attempts: a reminder before the last one, the close a business day after the last one', () => {
    const policy = policyWith({ autoClose: { contactAttempts: 2, businessDaysOnly: true } });
    const waiting = {
      pauses: [{ from: T0 }],
      lastAgentUpdateAt: new Date(T0),
      assigneeId: 'ana',
      firstRespondedAt: new Date(T0),
    };
    const attempt = { at: new Date(T0).toISOString(), day: 'd1', via: 'portal' };
    expect(specs(policy, caseIn('esperando', { ...waiting, contactAttempts: 1, contactLog: [attempt] }))).toEqual([
      { rule: 'contact.reminder', threshold: '2', hoursAfterT0: 8, changesCase: false },
    ]);
    const earlier = { ...attempt, at: new Date(T0 - 8 * HOUR).toISOString(), day: 'd0' };
    const twice = { contactAttempts: 2, contactLog: [earlier, attempt] };
    expect(specs(policy, caseIn('esperando', { ...waiting, ...twice }))).toEqual([
      { rule: 'auto-close', threshold: '2', hoursAfterT0: 8, changesCase: true },
    ]);
    // Outside the waiting state the countdown is gone, whatever the attempts.
    expect(specs(policy, caseIn('curso', { ...waiting, pauses: [], ...twice }))).toEqual([]);
    // A message still in the outbox (no attempt counted yet) plans nothing.
    expect(specs(policy, caseIn('esperando', waiting))).toEqual([]);
  });

  it('without businessDaysOnly a day is 24 hours of the clock', () => {
    const policy = policyWith({ autoClose: { contactAttempts: 1, businessDaysOnly: false } });
    const record = caseIn('esperando', {
      pauses: [{ from: T0 }],
      lastAgentUpdateAt: new Date(T0),
      contactAttempts: 1,
      contactLog: [{ at: new Date(T0).toISOString(), day: 'd1', via: 'form' }],
      firstRespondedAt: new Date(T0),
    });
    const arcoiris = { priority: arcoirisLike(), policy: arcoirisLike(), businessDayMinutes: 420 };
    expect(specs(policy, record, arcoiris)).toEqual([
      { rule: 'auto-close', threshold: '1', hoursAfterT0: 24, changesCase: true },
    ]);
  });

  it("a business day of arcoirisapp's split shift is the same hour of the next business day", () => {
    const policy = policyWith({ autoClose: { contactAttempts: 2, businessDaysOnly: true } });
    const friday = at('2026-11-27T10:00:00-05:00');
    const record = caseIn('esperando', {
      pauses: [{ from: friday }],
      lastAgentUpdateAt: new Date(friday),
      contactAttempts: 1,
      contactLog: [{ at: new Date(friday).toISOString(), day: '2026-11-27', via: 'form' }],
      firstRespondedAt: new Date(friday),
    });
    const arcoiris = { priority: arcoirisLike(), policy: arcoirisLike(), businessDayMinutes: 420 };
    const [reminder] = automationTimerSpecs(policy, record, arcoiris, friday);
    expect(local(reminder!.fireAt, BOGOTA)).toBe('2026-11-30T10:00:00-05:00');
  });

  it('silence in testing closes as accepted after the window, counted from entering the state', () => {
    const policy = policyWith({ acceptance: { silenceCountsAsAcceptance: true, after: '45h' } });
    const testing = caseIn('pruebas', { pauses: [{ from: T0 + 2 * HOUR }], firstRespondedAt: new Date(T0) });
    expect(specs(policy, testing)).toEqual([
      { rule: 'acceptance', threshold: '', hoursAfterT0: 47, changesCase: true },
    ]);
    const resolved = caseIn('resuelto', { resolvedAt: new Date(T0 + HOUR), firstRespondedAt: new Date(T0) });
    expect(specs(policy, resolved)).toEqual([
      { rule: 'acceptance', threshold: '', hoursAfterT0: 46, changesCase: true },
    ]);
  });

  it('when closing needs the customer’s confirmation there are reminders and never an automatic close', () => {
    const policy = policyWith({
      closureRequiresCustomerConfirmation: true,
      acceptance: { silenceCountsAsAcceptance: true, after: '45h' },
    });
    const resolved = caseIn('resuelto', { resolvedAt: new Date(T0), firstRespondedAt: new Date(T0) });
    expect(specs(policy, resolved)).toEqual(
      [1, 2, 3].map((n) => ({
        rule: 'closure.reminder',
        threshold: String(n),
        hoursAfterT0: 8 * n,
        changesCase: false,
      })),
    );
  });

  it('missing information lowers the priority once per wait, never below the lowest', () => {
    const policy = policyWith({ deprioritizeWhenInfoMissing: { after: '18h' } });
    const waiting = { pauses: [{ from: T0 }], firstRespondedAt: new Date(T0) };
    expect(specs(policy, caseIn('esperando', { ...waiting, priority: 'media' }))).toEqual([
      { rule: 'deprioritize', threshold: '', hoursAfterT0: 18, changesCase: true },
    ]);
    expect(specs(policy, caseIn('esperando', { ...waiting, priority: 'baja' }))).toEqual([]);
  });

  it('a closed case has no timers', () => {
    const policy = policyWith({ autoClose: { contactAttempts: 1, businessDaysOnly: true } });
    expect(
      specs(policy, caseIn('cerrado', { isOpen: false, contactAttempts: 1, lastAgentUpdateAt: new Date(T0) })),
    ).toEqual([]);
  });
});

describe('business days and priorities', () => {
  it('a business day is the average open day of the week; an always-on calendar has 24 hours', () => {
    const split = calendarSchema.parse({
      week: { mon: ['08:00-12:00', '14:00-17:00'], fri: ['08:00-12:00', '14:00-17:00'] },
    });
    expect(businessDayMinutes(split)).toBe(420);
    const short = calendarSchema.parse({ week: { mon: ['09:00-17:00'], fri: ['09:00-15:00'] } });
    expect(businessDayMinutes(short)).toBe(420);
    expect(businessDayMinutes(calendarSchema.parse({ alwaysOn: true }))).toBe(1440);
    expect(businessDayMinutes(undefined)).toBe(1440);
  });

  it('one step less severe, by severity rather than by the order the policy lists them', () => {
    const policy = buildPolicy({
      priorities: [
        { id: 'C', label: 'C', severity: 'minimal' },
        { id: 'A', label: 'A', severity: 'critical' },
        { id: 'B', label: 'B', severity: 'moderate' },
      ],
      defaultPriority: 'B',
    });
    expect(lowerPriority(policy, 'A')?.id).toBe('B');
    expect(lowerPriority(policy, 'B')?.id).toBe('C');
    expect(lowerPriority(policy, 'C')).toBeUndefined();
  });
});
