import type { AutomationCalendars } from '../../domain/automation/automation-timers.ts';
import { businessDayMinutes } from '../../domain/automation/business-day.ts';
import type { CaseRecord } from '../../domain/case/case.types.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import { caseTimerSpecs } from '../../domain/sla/case-timers.ts';
import { DERIVED_RULES, TIMER_RULES, type TimerRule, type TimerSpec } from '../../domain/sla/sla-timer.types.ts';
import { calendarNamed } from '../calendar/policy-calendars.ts';
import type { PolicyBook } from '../policy-book.port.ts';

// The hook of every case change (commit-change.ts): the case's timers are rewritten in the change's transaction, so the
// monitor's index of pending instants is never behind the cases it stands for.

export function timerCalendars(policies: PolicyBook, policy: Policy, priority: string): AutomationCalendars {
  return {
    priority: policies.calendar(policy, priority),
    policy: calendarNamed(policy, policy.defaultCalendar),
    businessDayMinutes: businessDayMinutes(policy.calendars[policy.defaultCalendar]),
  };
}

export function plannedTimers(policies: PolicyBook, policy: Policy, record: CaseRecord, now: Date): TimerSpec[] {
  return caseTimerSpecs(policy, record, timerCalendars(policies, policy, record.priority), now.getTime());
}

/** The case's derived timers and the rules they replace: what every case change (commit-change.ts) writes with it. */
export function pendingTimers(
  context: { deps: { policies: PolicyBook }; policy: Policy; now: Date },
  record: CaseRecord,
): { specs: TimerSpec[]; rules: readonly TimerRule[] } {
  const specs = plannedTimers(context.deps.policies, context.policy, record, context.now);
  // A closed case has nothing left to wait for, escalations of its breaches included.
  return { specs, rules: record.isOpen ? DERIVED_RULES : TIMER_RULES };
}
