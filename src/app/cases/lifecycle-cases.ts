import { countContactAttempt } from '../../domain/automation/contact-attempts.ts';
import type { CaseRecord, ContactAttempt } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { checkConfirmations, confirmationsOnEntry } from '../../domain/case/confirmations.ts';
import { checkLeaving, checkTransition, nextStateOfKind, stateOf } from '../../domain/case/lifecycle.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { checkText } from '../../domain/input/input-rules.ts';
import type { StateDefinition } from '../../domain/policy/policy.schema.ts';
import { withFirstResponse } from '../../domain/sla/first-response.ts';
import { calendarNamed } from '../calendar/policy-calendars.ts';
import type { CaseContext, CaseInput, CaseRef } from './case-context.ts';
import { type CaseEdit, editCase } from './edit-case.ts';
import { CONTACT_ATTEMPT_KIND, type CustomerDelivery, messageToCustomer } from './message-to-customer.ts';

// Lifecycle moves: each finds the target state the policy allows from where the case is, never a hard-coded one.

/** Opens or closes the pause list as the case enters or leaves a pausing state. */
export function withPause(record: CaseRecord, pausing: boolean, at: Date): CaseRecord['pauses'] {
  const open = record.pauses.find((pause) => pause.to === undefined);
  if (pausing && !open) return [...record.pauses, { from: at.getTime() }];
  if (!pausing && open)
    return record.pauses.map((pause) => (pause === open ? { from: pause.from, to: at.getTime() } : pause));
  return record.pauses;
}

/** Enters `target`: pauses/resumes the SLA, stamps resolution and closing, keeps isOpen in step. */
export function enterState(context: CaseContext, record: CaseRecord, target: StateDefinition): CaseRecord {
  const now = context.now;
  const resolved = target.kind === 'resolved' || target.kind === 'closed';
  return {
    ...record,
    state: target.id,
    isOpen: !target.terminal,
    pauses: withPause(record, target.pausesSla || target.terminal, now),
    resolvedAt: resolved ? (record.resolvedAt ?? now) : target.kind === 'cancelled' ? record.resolvedAt : null,
    closedAt: target.terminal ? now : null,
    confirmations: confirmationsOnEntry(context.policy, record, target),
    askedConfirmations: target.id === record.state ? record.askedConfirmations : [],
  };
}

function move(
  context: CaseContext,
  record: CaseRecord,
  target: StateDefinition,
  type: string,
  text?: string,
  override?: string,
): CaseEdit {
  if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
  const leaving = checkLeaving(context.policy, record, target);
  if (!leaving.ok) return leaving;
  const confirmed = checkConfirmations(context.policy, record, target, override);
  if (!confirmed.ok) return confirmed;
  const { overridden } = confirmed.value;
  const note = text ? redactSecrets(text) : undefined;
  const next = enterState(context, record, target);
  const overrideText = overridden.length ? ` [override ${overridden.join(', ')}]` : '';
  return accept({
    record: next,
    event: {
      type,
      summary: `${stateOf(context.policy, record.state)?.id ?? record.state} → ${target.id}${overrideText}${note ? `: ${note.text}` : ''}`,
      data: {
        from: record.state,
        to: target.id,
        ...(note && { text: note.text, redactions: note.redactions }),
        ...(overridden.length && { override: { missing: overridden, reason: note?.text ?? '' } }),
      },
    },
  });
}

/**
 * An agent moves the case although the customer's confirmations the policy asks for are missing: audited as
 * `overridden`, naming what was missing and the agent's reason. Into a closed state, the reason is the resolution.
 */
export function overrideMove(input: CaseInput & { ref: CaseRef; state: string; reason: string }) {
  return editCase('override', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const reason = input.reason.trim();
    if (!reason) return refuse('case.empty_text', { field: 'reason' });
    const target = checkTransition(context.policy, record.state, input.state);
    if (!target.ok) return target;
    const moved = move(context, record, target.value, 'overridden', reason, reason);
    if (!moved.ok || target.value.kind !== 'closed') return moved;
    return accept({ ...moved.value, record: { ...moved.value.record, resolution: redactSecrets(reason).text } });
  });
}

export function moveCase(input: CaseInput & { ref: CaseRef; state: string }) {
  return editCase('move', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const target = checkTransition(context.policy, record.state, input.state);
    return target.ok ? move(context, record, target.value, 'moved') : target;
  });
}

/** What became of the message `wait` carried, for the agent's answer. */
export type WaitContact =
  | { message: 'none' }
  | { message: 'queued'; to: string }
  | ({ message: 'recorded'; counted: boolean; attempt: ContactAttempt; attempts: number } & Exclude<
      CustomerDelivery,
      { via: 'email' }
    >);
export type WaitedCase = CaseRecord & { contact: WaitContact };

/**
 * Waiting for the customer: pauses the SLA and, with a text, sends it through the customer's channel
 * (message-to-customer.ts), which may be the first response. A contact attempt counts only once the message went
 * out, on a business day of its own (seed 003: "dos (2) intentos de comunicarse … en días hábiles"): an email when
 * the relay delivers it (contact-attempt.ts), a message recorded on the case at once. A wait without a text sends
 * nothing and counts nothing.
 */
export async function waitForCustomer(
  input: CaseInput & { ref: CaseRef; text?: string | undefined },
): Promise<Outcome<WaitedCase>> {
  let contact: WaitContact = { message: 'none' };
  const outcome = await editCase('wait', input, async (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const current = stateOf(context.policy, record.state);
    // Asking again while already waiting is one more contact attempt, not a move.
    const already = current?.kind === 'waiting';
    const target = already ? accept(current) : nextStateOfKind(context.policy, record.state, 'waiting');
    if (!target.ok) return target;
    const moved = move(context, record, target.value, 'waiting', input.text);
    if (!moved.ok) return moved;
    // A new wait starts a new count: the attempts of an earlier one were answered.
    let next: CaseRecord = {
      ...moved.value.record,
      lastAgentUpdateAt: context.now,
      ...(!already && { contactAttempts: 0, contactLog: [] }),
    };
    const text = moved.value.event.data?.text as string | undefined;
    let message: Record<string, unknown> = {};
    if (text) {
      const sent = await messageToCustomer(context, next, text, CONTACT_ATTEMPT_KIND);
      if (!sent.ok) return sent;
      if (sent.value.via === 'email') {
        contact = { message: 'queued', to: sent.value.to };
        message = { via: 'email', to: sent.value.to };
      } else {
        const calendar = calendarNamed(context.policy, context.policy.defaultCalendar);
        const counted = countContactAttempt(
          next,
          { at: context.now, via: sent.value.via },
          calendar,
          context.policy.timezone,
        );
        if (counted.counted) next = counted.record;
        contact = {
          message: 'recorded',
          ...sent.value,
          counted: counted.counted,
          attempt: counted.attempt,
          attempts: next.contactLog.length,
        };
        message = {
          via: sent.value.via,
          customerVisible: true,
          contactAttempt: { ...counted.attempt, counted: counted.counted, attempts: next.contactLog.length },
        };
      }
    }
    return accept({
      record: withFirstResponse(context.policy, next, 'wait', context.now),
      event: {
        ...moved.value.event,
        data: { ...moved.value.event.data, ...message, contactAttempts: next.contactLog.length },
      },
    });
  });
  return outcome.ok ? accept({ ...outcome.value, contact }) : outcome;
}

/** The customer answered: the case leaves the waiting state for the first working state the policy allows. */
export function customerAnswered(input: CaseInput & { ref: CaseRef }) {
  return editCase('customer-answered', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const target = nextStateOfKind(context.policy, record.state, 'active');
    if (!target.ok) return target;
    const moved = move(context, record, target.value, 'customer_answered');
    return moved.ok
      ? accept({ ...moved.value, record: { ...moved.value.record, contactAttempts: 0, contactLog: [] } })
      : moved;
  });
}

export function closeCase(input: CaseInput & { ref: CaseRef; resolution: string }) {
  return editCase('close', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const text = redactSecrets(input.resolution.trim());
    if (!text.text) return refuse('case.empty_text', { field: 'resolution' });
    const bounded = checkText('resolution', text.text);
    if (!bounded.ok) return bounded;
    const target = nextStateOfKind(context.policy, record.state, 'closed');
    if (!target.ok) return target;
    const moved = move(context, record, target.value, 'closed', text.text);
    return moved.ok ? accept({ ...moved.value, record: { ...moved.value.record, resolution: text.text } }) : moved;
  });
}

export function cancelCase(input: CaseInput & { ref: CaseRef; reason?: string | undefined }) {
  return editCase('cancel', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const target = nextStateOfKind(context.policy, record.state, 'cancelled');
    return target.ok ? move(context, record, target.value, 'cancelled', input.reason) : target;
  });
}
