import type { CaseRecord } from '../case/case.types.ts';
import { stateOf } from '../case/lifecycle.ts';
import type { Policy } from '../policy/policy.schema.ts';
import type { BusinessTime } from '../sla/sla-clock.ts';
import type { TimerSpec } from '../sla/sla-timer.types.ts';
import { lowerPriority } from './business-day.ts';

// The seeds' automations as timers of a case, derived from its state like the SLA timers. Each rule is switched on
// by a field of the policy, never by its id:
//   rules.autoClose            arcoirisapp  contact attempts on business days, then the case closes
//   rules.acceptance           itbx         silence in testing (PRUEBAS) closes the case as accepted
//   rules.closureRequires…     oys          remind the agent and the customer; never auto-close
//   rules.deprioritizeWhen…    jd-services  requested information not provided: one priority down
// and for every policy: a case in its initial state needs an engineer, who is reminded to contact the customer (itbx).

export interface AutomationCalendars {
  /** The calendar of the case's priority (its SLA clocks). */
  priority: BusinessTime;
  /** The policy's default calendar: what "business days" of a rule count in. */
  policy: BusinessTime;
  /** Business minutes of one working day of the policy's calendar. */
  businessDayMinutes: number;
}

/** How many reminders a case awaiting the customer's confirmation gets, one business day apart. */
export const CLOSURE_REMINDERS = 3;
/** The share of the first-response target after which an unassigned new case is pointed out to its channel. */
export const ASSIGN_NUDGE_FRACTION = 0.25;

export function automationTimerSpecs(
  policy: Policy,
  record: CaseRecord,
  calendars: AutomationCalendars,
  now: number,
): TimerSpec[] {
  if (!record.isOpen) return [];
  const kind = stateOf(policy, record.state)?.kind;
  const { rules } = policy;
  const specs: TimerSpec[] = [];
  const add = (rule: TimerSpec['rule'], threshold: string, cycle: number | string, fireAt: number | undefined) => {
    if (fireAt === undefined || !Number.isFinite(fireAt)) return;
    const changesCase = rule === 'auto-close' || rule === 'acceptance' || rule === 'deprioritize';
    specs.push({ rule, target: '', threshold, cycle: String(cycle), fireAt, changesCase });
  };
  const dayAfter = (ms: number, days = 1) => calendars.policy.due(ms, days * calendars.businessDayMinutes);
  const openPause = record.pauses.find((pause) => pause.to === undefined);

  if (kind === 'new') {
    const firstResponse = policy.priorities.find((p) => p.id === record.priority)?.targets.firstResponse;
    if (!record.assigneeId && firstResponse !== undefined) {
      const minutes = Math.max(1, Math.round(firstResponse * ASSIGN_NUDGE_FRACTION));
      const opened = record.openedAt.getTime();
      add('assign.nudge', '', opened, calendars.priority.due(opened, minutes));
    }
    // Each engineer given the case is told once; the reminder goes out as soon as the monitor sees it.
    if (record.assigneeId && !record.firstRespondedAt) add('assign.contact', '', record.assigneeId, now);
  }

  // Only attempts that went out count (contact-attempts.ts): a message still in the outbox plans nothing yet.
  const last = record.contactLog.at(-1);
  if (rules.autoClose && kind === 'waiting' && last) {
    const lastAttempt = Date.parse(last.at);
    const attempts = record.contactLog.length;
    const after = rules.autoClose.businessDaysOnly ? dayAfter(lastAttempt) : lastAttempt + 24 * 3_600_000;
    const needed = rules.autoClose.contactAttempts;
    if (attempts < needed) add('contact.reminder', String(attempts + 1), lastAttempt, after);
    else add('auto-close', String(needed), lastAttempt, after);
  }

  const solved = kind === 'testing' || kind === 'resolved' ? solutionGivenAt(record, kind, openPause) : undefined;
  if (solved !== undefined) {
    if (rules.closureRequiresCustomerConfirmation) {
      for (let n = 1; n <= CLOSURE_REMINDERS; n++) add('closure.reminder', String(n), solved, dayAfter(solved, n));
    } else if (rules.acceptance?.silenceCountsAsAcceptance) {
      add('acceptance', '', solved, calendars.policy.due(solved, rules.acceptance.after));
    }
  }

  const deprioritize = rules.deprioritizeWhenInfoMissing;
  if (deprioritize && kind === 'waiting' && openPause && lowerPriority(policy, record.priority)) {
    add('deprioritize', '', openPause.from, calendars.policy.due(openPause.from, deprioritize.after));
  }
  return specs;
}

/** When the case entered the state in which it waits for the customer's verdict. */
function solutionGivenAt(record: CaseRecord, kind: 'testing' | 'resolved', openPause: { from: number } | undefined) {
  if (kind === 'resolved') return record.resolvedAt?.getTime();
  return openPause?.from ?? record.updatedAt.getTime();
}
