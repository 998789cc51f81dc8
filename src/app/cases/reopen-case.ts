import type { CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { checkReplyOnClosed, decideReopen, warrantyEnd } from '../../domain/case/intake-rules.ts';
import { stateOf } from '../../domain/case/lifecycle.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { type CaseInput, type CaseRef, findCase, runCaseUseCase } from './case-context.ts';
import { commitChange } from './commit-change.ts';
import { withPause } from './lifecycle-cases.ts';
import { openInContext } from './open-case.ts';

export type ReopenResult =
  | { kind: 'reopened'; case: CaseRecord }
  | { kind: 'new-request'; case: CaseRecord; from: string };

/**
 * Reopens a closed case per the policy: within its window; never where the policy wants a new case (refused with
 * that advice); after a warranty (arcoirisapp, seed 003: "pasados los 8 días serán descontadas de las horas de
 * consultoría o facturables") as a new request that is billable consulting work, outside the monthly quota. The
 * customer is told so first: without `billable` (their acceptance) the reopen is refused with that notice.
 */
export function reopenCase(
  input: CaseInput & { ref: CaseRef; reason?: string | undefined; billable?: boolean },
): Promise<Outcome<ReopenResult>> {
  const { caller, reason } = input;
  return runCaseUseCase<ReopenResult>('reopen', input, async (context) => {
    const found = await findCase(context, input.ref, { forUpdate: true });
    if (!found.ok) return found;
    const record = found.value;
    if (record.isOpen) return refuse('case.not_closed', { ref: record.ref, state: record.state, caseId: record.id });
    if (caller.actor.kind !== 'agent') {
      const reply = checkReplyOnClosed(context.policy, record.isOpen);
      if (!reply.ok) return refuse(reply.error.code, { ref: record.ref, caseId: record.id });
    }
    const decision = decideReopen(context.policy, record.closedAt ?? record.updatedAt, context.now);
    if (!decision.ok)
      return refuse(decision.error.code, { ...decision.error.params, ref: record.ref, caseId: record.id });
    const redacted = reason ? redactSecrets(reason) : undefined;
    const note = redacted?.text || undefined;

    if (decision.value.kind === 'new-request' && decision.value.billable && !input.billable) {
      const warranty = warrantyEnd(context.policy, record.closedAt ?? record.updatedAt);
      return refuse('case.billable_confirmation_required', { ref: record.ref, ...warranty, caseId: record.id });
    }
    if (decision.value.kind === 'new-request') {
      const customer = context.customer; // read with the case
      const reporter = record.reporterId
        ? await context.repos.contacts.byId(context.tenant.id, record.reporterId)
        : undefined;
      const opened = await openInContext(
        context,
        {
          customer: customer!.handle,
          reporter: reporter?.handle,
          priority: record.priority,
          type: record.type,
          title: record.title,
          description: [`${record.ref}`, note].filter(Boolean).join('\n'),
        },
        { aboutRef: record.ref, billable: decision.value.billable },
      );
      if (!opened.ok) return opened;
      await context.repos.events.append({
        tenantId: context.tenant.id,
        caseId: record.id,
        type: 'reopen_as_new_request',
        at: context.now,
        actor: caller.actor,
        channel: caller.channel,
        data: {
          newCase: opened.value.ref,
          billable: decision.value.billable,
          reason: note ?? null,
          ...(redacted && { redactions: redacted.redactions }),
        },
      });
      return accept({ kind: 'new-request' as const, case: opened.value, from: record.ref });
    }

    const target = stateOf(context.policy, context.policy.lifecycle.reopenTo)!;
    const reopened: CaseRecord = {
      ...record,
      state: target.id,
      isOpen: true,
      reopenedAt: context.now,
      reopenCount: record.reopenCount + 1,
      resolvedAt: null,
      closedAt: null,
      resolution: null,
      pauses: withPause(record, target.pausesSla, context.now),
      // The work starts again: the customer's earlier confirmations (the closure above all) no longer count.
      confirmations: {},
      askedConfirmations: [],
    };
    const committed = await commitChange(context, reopened, {
      type: 'reopened',
      summary: `${record.state} → ${target.id}${note ? `: ${note}` : ''}`,
      data: {
        from: record.state,
        to: target.id,
        reason: note ?? null,
        ...(redacted && { redactions: redacted.redactions }),
      },
    });
    return accept({ kind: 'reopened' as const, case: committed.record });
  });
}
