import { type AutomationCalendars, automationTimerSpecs } from '../automation/automation-timers.ts';
import type { CaseRecord } from '../case/case.types.ts';
import type { Policy } from '../policy/policy.schema.ts';
import type { TimerSpec } from './sla-timer.types.ts';
import { slaTimerSpecs } from './sla-timers.ts';

/**
 * Every instant that will matter to this case as it stands: its SLA warnings and breaches and the automations of its
 * policy. A closed case has none. Recomputed on every change, in the change's transaction.
 */
export function caseTimerSpecs(
  policy: Policy,
  record: CaseRecord,
  calendars: AutomationCalendars,
  now: number,
): TimerSpec[] {
  if (!record.isOpen) return [];
  return [
    ...slaTimerSpecs(record.sla, calendars.priority, record.pauses, policy.routing.warnAt),
    ...automationTimerSpecs(policy, record, calendars, now),
  ];
}
