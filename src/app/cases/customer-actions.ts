import type { CustomerConfirmation } from '../../domain/case/case.types.ts';
import { accept, refuse } from '../../domain/case/case-error.ts';
import { checkConfirmable } from '../../domain/case/confirmations.ts';
import { nextStateOfKind } from '../../domain/case/lifecycle.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import type { ConfirmationKind } from '../../domain/policy/policy.schema.ts';
import type { CaseContext, CaseInput, CaseRef } from './case-context.ts';
import { editCase } from './edit-case.ts';
import { enterState } from './lifecycle-cases.ts';

// What the customer does on their own case (the portal; later the mailboxes): confirm or reject what the policy asks
// of them, cancel where the policy lets them. Each is one transaction, audited, and reaches the case's agent thread.

/** Only a contact of the case's company acts as its customer. */
async function isCustomerOfCase(context: CaseContext, customerId: string): Promise<boolean> {
  const { actor } = context.caller;
  if (actor.kind !== 'contact') return false;
  const contact = await context.repos.contacts.byId(context.tenant.id, actor.contactId);
  return contact?.customerId === customerId;
}

/** The customer's own confirmation (or rejection) of what the case's state asks: `via` the channel it came through. */
export function confirmByCustomer(
  input: CaseInput & { ref: CaseRef; kind: ConfirmationKind; rejected: boolean; comment?: string | undefined },
) {
  return editCase('confirm', input, async (context, record) => {
    if (!(await isCustomerOfCase(context, record.customerId)))
      return refuse('case.forbidden', { tenant: context.tenant.id });
    const confirmable = checkConfirmable(context.policy, record, input.kind);
    if (!confirmable.ok) return confirmable;
    const comment = input.comment?.trim() ? redactSecrets(input.comment.trim()) : undefined;
    const { actor, channel } = context.caller;
    const confirmation: CustomerConfirmation = {
      decision: input.rejected ? 'rejected' : 'given',
      at: context.now.toISOString(),
      via: channel === 'email' ? 'email' : 'portal',
      channel,
      contactId: actor.kind === 'contact' ? actor.contactId : null,
      ...(comment && { reason: comment.text }),
      ...(input.kind === 'approval' && record.estimate && { estimateMinutes: record.estimate.minutes }),
    };
    return accept({
      record: { ...record, confirmations: { ...record.confirmations, [input.kind]: confirmation } },
      event: {
        type: 'customer_confirmation',
        summary: `${input.kind} ${confirmation.decision} (${confirmation.via})${comment ? `: ${comment.text}` : ''}`,
        data: {
          kind: input.kind,
          ...confirmation,
          ...(comment?.redactions.length && { redactions: comment.redactions }),
        },
      },
    });
  });
}

/** The customer cancels their open case, where the policy allows it (crosspoint365). */
export function cancelByCustomer(input: CaseInput & { ref: CaseRef; reason?: string | undefined }) {
  return editCase('cancel', input, async (context, record) => {
    if (!(await isCustomerOfCase(context, record.customerId)))
      return refuse('case.forbidden', { tenant: context.tenant.id });
    if (!context.policy.rules.customerMayCancel) return refuse('case.forbidden', { tenant: context.tenant.id });
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const target = nextStateOfKind(context.policy, record.state, 'cancelled');
    if (!target.ok) return target;
    const reason = input.reason?.trim() ? redactSecrets(input.reason.trim()) : undefined;
    return accept({
      record: enterState(context, record, target.value),
      event: {
        type: 'cancelled',
        summary: `${record.state} → ${target.value.id}${reason ? `: ${reason.text}` : ''}`,
        data: {
          from: record.state,
          to: target.value.id,
          byCustomer: true,
          ...(reason && { text: reason.text, redactions: reason.redactions }),
        },
      },
    });
  });
}
