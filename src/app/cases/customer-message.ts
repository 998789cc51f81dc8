import { accept, refuse } from '../../domain/case/case-error.ts';
import { nextStateOfKind, stateOf } from '../../domain/case/lifecycle.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { checkText } from '../../domain/input/input-rules.ts';
import type { CaseInput, CaseRef } from './case-context.ts';
import { editCase } from './edit-case.ts';
import { enterState } from './lifecycle-cases.ts';

/** A file the message came with, as the case lists it (the bytes are stored by the caller, in the same transaction). */
export interface MessageAttachment {
  name: string;
  size: number;
}

/** A file with its bytes, stored with the message in its transaction (size already checked by the caller). */
export interface MessageFile {
  name: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * The customer wrote on their case (a reply by email, the portal's reply box): a customer-visible message in the
 * case's history, secrets redacted. A case waiting on the customer goes back to work, its contact attempts reset.
 * A closed case is refused (`case.already_closed`): what happens then is the policy's reopen rule, which the caller
 * applies (reopenCase).
 */
export function addCustomerMessage(
  input: CaseInput & {
    ref: CaseRef;
    text: string;
    attachments?: MessageAttachment[];
    /** Files to store on the case with the message (the portal's uploads), in the same transaction. */
    files?: MessageFile[];
    messageId?: string;
  },
) {
  return editCase('customer-message', input, async (context, record) => {
    if (context.caller.actor.kind !== 'contact') return refuse('case.forbidden', { tenant: context.tenant.id });
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const message = redactSecrets(input.text.trim());
    const files = input.files ?? [];
    const attachments = [
      ...(input.attachments ?? []),
      ...files.map((file) => ({ name: file.name, size: file.content.byteLength })),
    ];
    if (!message.text && attachments.length === 0) return refuse('case.empty_text', { field: 'text' });
    const bounded = checkText('text', message.text);
    if (!bounded.ok) return bounded;
    for (const file of files) {
      await context.repos.attachments.insert({
        tenantId: context.tenant.id,
        caseId: record.id,
        eventId: null,
        ...file,
      });
    }
    const waiting = stateOf(context.policy, record.state)?.kind === 'waiting';
    const target = waiting ? nextStateOfKind(context.policy, record.state, 'active') : undefined;
    const resumed = target?.ok
      ? { ...enterState(context, record, target.value), contactAttempts: 0, contactLog: [] }
      : record;
    return accept({
      record: resumed,
      event: {
        type: 'customer_message',
        summary: message.text || attachments.map((file) => file.name).join(', '),
        data: {
          text: message.text,
          ...(message.redactions.length > 0 && { redactions: message.redactions }),
          ...(attachments.length > 0 && { attachments }),
          ...(input.messageId && { messageId: input.messageId }),
          ...(resumed !== record && { from: record.state, to: resumed.state }),
        },
      },
    });
  });
}
