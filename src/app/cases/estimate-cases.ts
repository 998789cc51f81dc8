import type { CaseRecord, CustomerConfirmation } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { checkConfirmable } from '../../domain/case/confirmations.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import type { ConfirmationKind } from '../../domain/policy/policy.schema.ts';
import type { CaseInput, CaseRef } from './case-context.ts';
import { editCase } from './edit-case.ts';

// OYS's estimate and the customer's confirmations ("se entregará estimación de horas necesarias … y se solicitará al
// cliente la aprobación"), and the hours spent on a case. Until the portal and the mailboxes take the customer's own
// answers, an agent records them on the customer's behalf, with a reason.

const hoursText = (minutes: number) => `${Math.round((minutes / 60) * 100) / 100} h`;

/**
 * The agent's hours estimate; a new estimate withdraws the approval of the previous one (`withdrawnApproval` says
 * whether one had been given, for the agent to be told).
 */
export async function estimateCase(
  input: CaseInput & { ref: CaseRef; minutes: number; note?: string | undefined },
): Promise<Outcome<CaseRecord & { withdrawnApproval: boolean }>> {
  let withdrawnApproval = false;
  const outcome = await editCase('estimate', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const note = input.note?.trim() ? redactSecrets(input.note.trim()) : undefined;
    const { approval, ...confirmations } = record.confirmations;
    withdrawnApproval = approval?.decision === 'given';
    const agentId = context.caller.actor.kind === 'agent' ? context.caller.actor.agentId : undefined;
    return accept({
      record: {
        ...record,
        confirmations,
        estimate: {
          minutes: input.minutes,
          at: context.now.toISOString(),
          ...(note && { note: note.text }),
          ...(agentId && { agentId }),
        },
      },
      event: {
        type: 'estimated',
        summary: `${hoursText(input.minutes)}${note ? `: ${note.text}` : ''}`,
        data: {
          minutes: input.minutes,
          previous: record.estimate?.minutes ?? null,
          ...(note && { note: note.text }),
          ...(approval && { withdrawnApproval: approval }),
        },
      },
    });
  });
  return outcome.ok ? accept({ ...outcome.value, withdrawnApproval }) : outcome;
}

/** Time an agent spent on the case; it adds up to the case's total, compared with the estimate. */
export function logHours(input: CaseInput & { ref: CaseRef; minutes: number; note?: string | undefined }) {
  return editCase('hours', input, (_context, record) => {
    const note = input.note?.trim() ? redactSecrets(input.note.trim()) : undefined;
    const total = record.minutesSpent + input.minutes;
    return accept({
      record: { ...record, minutesSpent: total },
      event: {
        type: 'hours_logged',
        summary: `+${hoursText(input.minutes)} (${hoursText(total)})${note ? `: ${note.text}` : ''}`,
        data: { minutes: input.minutes, total, ...(note && { note: note.text }) },
      },
    });
  });
}

/**
 * The customer's confirmation (or rejection) recorded by an agent on the customer's behalf: `via: on_behalf`, the
 * agent, the channel the agent used and the reason (how the customer said so) are kept on the case and in the audit.
 */
export function confirmOnBehalf(
  input: CaseInput & { ref: CaseRef; kind: ConfirmationKind; rejected: boolean; reason: string },
) {
  return editCase('confirm', input, (context, record) => {
    // On the customer's behalf means by a named agent: the customer's own answers will come through the portal and mail.
    if (context.caller.actor.kind !== 'agent') return refuse('case.forbidden', { tenant: context.tenant.id });
    const reason = redactSecrets(input.reason.trim());
    if (!reason.text) return refuse('case.empty_text', { field: 'reason' });
    const confirmable = checkConfirmable(context.policy, record, input.kind, { onBehalf: true });
    if (!confirmable.ok) return confirmable;
    const { actor } = context.caller;
    const confirmation: CustomerConfirmation = {
      decision: input.rejected ? 'rejected' : 'given',
      at: context.now.toISOString(),
      via: 'on_behalf',
      channel: context.caller.channel,
      contactId: record.reporterId,
      ...(actor.kind === 'agent' && { agentId: actor.agentId }),
      reason: reason.text,
      ...(input.kind === 'approval' && record.estimate && { estimateMinutes: record.estimate.minutes }),
    };
    return accept({
      record: { ...record, confirmations: { ...record.confirmations, [input.kind]: confirmation } },
      event: {
        type: 'customer_confirmation',
        summary: `${input.kind} ${confirmation.decision} (on_behalf): ${reason.text}`,
        data: { kind: input.kind, ...confirmation, ...(reason.redactions.length && { redactions: reason.redactions }) },
      },
    });
  });
}
