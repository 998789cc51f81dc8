import { lowerPriority } from '../../domain/automation/business-day.ts';
import type { ContactAttempt } from '../../domain/case/case.types.ts';
import { nextStateOfKind, stateOf } from '../../domain/case/lifecycle.ts';
import { type Locale, textIn } from '../../domain/policy/localized-text.ts';
import { commitChange } from '../cases/commit-change.ts';
import { enterState } from '../cases/lifecycle-cases.ts';
import { formatInstant } from '../chat/case-card.ts';
import { type FireContext, noticeToCustomer } from './alert-outbox.ts';
import { alertWords } from './alert-words.i18n.ts';

// The automations that change the case, as the system: the change is committed like an agent's (case row, audit
// event, the agent channel's update, the case's timers rewritten) and the customer is told by email.

/** Why a case-changing timer that came due must not act after all; undefined when it acts. */
export function changeSkipReason(f: FireContext): string | undefined {
  const { timer, policy, record } = f;
  if (timer.rule === 'auto-close' || timer.rule === 'acceptance') {
    const closed = nextStateOfKind(policy, record.state, 'closed');
    return closed.ok ? undefined : `no closed state after ${record.state}`;
  }
  if (timer.rule === 'deprioritize') return lowerPriority(policy, record.priority) ? undefined : 'lowest priority';
  return undefined;
}

/** "vie 27 nov 10:00 y lun 30 nov 11:00": each counted attempt, in the policy's zone and language. */
function attemptTimes(log: ContactAttempt[], zone: string, locale: Locale): string {
  const times = log.map((attempt) => formatInstant(attempt.at, zone, locale));
  const and = locale === 'en' ? ' and ' : ' y ';
  return times.length > 1 ? `${times.slice(0, -1).join(', ')}${and}${times.at(-1)}` : (times[0] ?? '');
}

export async function fireChange(f: FireContext): Promise<string> {
  const { timer, policy, record, caseContext } = f;
  const words = alertWords(policy.locale);
  const label = (text: Parameters<typeof textIn>[0]) => textIn(text, policy.locale, policy.locale);
  switch (timer.rule) {
    case 'auto-close':
    case 'acceptance': {
      const target = nextStateOfKind(policy, record.state, 'closed');
      if (!target.ok) throw new Error(`${record.ref}: ${target.error.code}`);
      const state = stateOf(policy, record.state);
      // The notice says how many attempts went out and when (seed 003: "dos (2) intentos … en días hábiles").
      const attempts = record.contactLog.length;
      const when = attemptTimes(record.contactLog, policy.timezone, policy.locale);
      const resolution =
        timer.rule === 'auto-close'
          ? words.autoClosedResolution(attempts, when)
          : words.acceptedResolution(state ? label(state.label) : record.state);
      const type = timer.rule === 'auto-close' ? 'automation.auto_closed' : 'automation.accepted';
      const customer = await noticeToCustomer(
        f,
        timer.rule === 'auto-close'
          ? words.notice.autoClosed(record.ref, record.title, attempts, when)
          : words.notice.accepted(record.ref, record.title),
      );
      const entered = enterState(caseContext, record, target.value);
      // The silence is the customer's acceptance (itbx: "se dará por entendido que la información fue correcta"): it is
      // recorded on the case as the acceptance, given by the rule, never as an agent's close.
      const acceptance =
        timer.rule === 'acceptance'
          ? {
              decision: 'given' as const,
              at: caseContext.now.toISOString(),
              via: 'silence' as const,
              channel: 'system' as const,
              contactId: record.reporterId,
              reason: resolution,
            }
          : undefined;
      await commitChange(
        caseContext,
        {
          ...entered,
          resolution,
          ...(acceptance && { confirmations: { ...entered.confirmations, acceptance } }),
        },
        {
          type,
          summary: `${record.state} → ${target.value.id}: ${resolution}`,
          data: {
            from: record.state,
            to: target.value.id,
            rule: timer.rule,
            contactAttempts: attempts,
            ...(timer.rule === 'auto-close' && { contactLog: record.contactLog }),
            customer: customer ?? null,
            ...(acceptance && { confirmation: { kind: 'acceptance', ...acceptance } }),
          },
        },
      );
      return resolution;
    }
    case 'deprioritize': {
      const lower = lowerPriority(policy, record.priority)!;
      const from = policy.priorities.find((p) => p.id === record.priority);
      const fromLabel = from ? label(from.label) : record.priority;
      const toLabel = label(lower.label);
      const customer = await noticeToCustomer(
        f,
        words.notice.deprioritized(record.ref, record.title, fromLabel, toLabel),
      );
      const summary = words.deprioritized(record.ref, fromLabel, toLabel);
      await commitChange(
        caseContext,
        { ...record, priority: lower.id },
        {
          type: 'automation.deprioritized',
          summary,
          data: {
            from: record.priority,
            to: lower.id,
            waitingSince: new Date(Number(timer.cycle)).toISOString(),
            customer: customer ?? null,
          },
        },
      );
      return summary;
    }
    default:
      throw new Error(`timer rule ${timer.rule} only speaks: fireAlert handles it`);
  }
}
