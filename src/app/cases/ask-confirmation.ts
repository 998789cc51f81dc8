import { accept, refuse } from '../../domain/case/case-error.ts';
import { askedIn } from '../../domain/case/confirmations.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { checkText } from '../../domain/input/input-rules.ts';
import type { ConfirmationKind } from '../../domain/policy/policy.schema.ts';
import type { CaseInput, CaseRef } from './case-context.ts';
import { editCase } from './edit-case.ts';

// An agent asks the customer for a confirmation that a working state asks only when the agent decides (oys Análisis:
// "de no ser viable, se solicita cierre del requerimiento"). From then until the state changes the case awaits it
// (askedNow): the portal offers it, the card lists it as pending from the customer, and commitChange's
// askForConfirmation emails the request, with the agent's text, where a mailbox can send it.

export function askConfirmation(
  input: CaseInput & { ref: CaseRef; kind: ConfirmationKind; text?: string | undefined },
) {
  return editCase('ask-confirmation', input, (context, record) => {
    if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
    const asked = askedIn(context.policy, record.state);
    if (!asked.includes(input.kind))
      return refuse('case.confirmation_not_asked', { ref: record.ref, kind: input.kind, state: record.state, asked });
    const note = input.text?.trim() ? redactSecrets(input.text.trim()) : undefined;
    if (note) {
      const bounded = checkText('text', note.text);
      if (!bounded.ok) return bounded;
    }
    const already = record.askedConfirmations.includes(input.kind);
    return accept({
      record: already ? record : { ...record, askedConfirmations: [...record.askedConfirmations, input.kind] },
      event: {
        type: 'confirmation_asked',
        summary: `${input.kind}${note ? `: ${note.text}` : ''}`,
        data: { kind: input.kind, ...(note && { text: note.text, redactions: note.redactions }) },
      },
    });
  });
}
