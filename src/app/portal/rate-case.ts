import { accept, refuse } from '../../domain/case/case-error.ts';
import { stateOf } from '../../domain/case/lifecycle.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { type CaseInput, type CaseRef, findCase, runCaseUseCase } from '../cases/case-context.ts';
import type { PortalPerson } from './portal.port.ts';
import { canSee } from './portal-cases.ts';

export const MAX_RATING_COMMENT = 1000;

/**
 * The customer's satisfaction with a closed case: 1 to 5 and an optional comment (secrets redacted). One per case
 * (a second replaces the first), audited as a `rated` event that agents see on the case.
 */
export function rateCase(
  input: CaseInput & { person: PortalPerson; ref: CaseRef; score: number; comment?: string | undefined },
) {
  return runCaseUseCase('rate', input, async (context) => {
    const found = await findCase(context, input.ref, { forUpdate: true });
    if (!found.ok) return found;
    const record = found.value;
    if (!canSee(input.person, record)) return refuse('case.not_found', { ref: record.ref, caseId: record.id });
    if (stateOf(context.policy, record.state)?.kind !== 'closed')
      return refuse('case.not_closed', { ref: record.ref, state: record.state, caseId: record.id });
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
      return refuse('case.invalid_rating', { field: 'score', caseId: record.id });
    const comment = input.comment?.trim()
      ? redactSecrets(input.comment.trim().slice(0, MAX_RATING_COMMENT))
      : undefined;
    await context.repos.portal.rate(context.tenant.id, {
      caseId: record.id,
      contactId: input.person.id,
      score: input.score,
      comment: comment?.text ?? null,
      at: context.now,
    });
    await context.repos.events.append({
      tenantId: context.tenant.id,
      caseId: record.id,
      type: 'rated',
      at: context.now,
      actor: context.caller.actor,
      channel: context.caller.channel,
      data: {
        score: input.score,
        comment: comment?.text ?? null,
        summary: `${input.score}/5${comment ? `: ${comment.text}` : ''}`,
        ...(comment?.redactions.length && { redactions: comment.redactions }),
      },
    });
    return accept({ score: input.score });
  });
}
