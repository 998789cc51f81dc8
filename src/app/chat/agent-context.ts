import type { CaseRecord } from '../../domain/case/case.types.ts';
import { describeCaseError } from '../../domain/case/case-error.i18n.ts';
import type { CaseError, Outcome } from '../../domain/case/case-error.ts';
import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import type { Assignee as TypedAssignee } from '../../domain/chat/command.types.ts';
import type { ChatSurface } from '../../domain/chat/platforms.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Caller, CaseDeps } from '../cases/case-context.ts';
import { showCase } from '../cases/case-queries.ts';
import type { Assignee } from '../cases/case-updates.ts';
import { caseCard } from './case-card.ts';

export interface AgentContext {
  deps: CaseDeps;
  caller: Caller;
  platform: ChatSurface;
  locale: Locale;
  zone: string;
  /** The tenant's policy: refusals name states by its labels. */
  policy?: Policy;
  /** How commands are typed here: `/case` on Slack, `case` on Teams and the console. */
  prefix: string;
  /**
   * The line that shows a case's next history page: `<prefix> show ITBX-4 page 2` when absent. The CLI names its own
   * (`portero case show ITBX-4 --tenant itbx --page 2`).
   */
  historyPageCommand?: (ref: string, page: number) => string;
}

export function refusalMessage(error: CaseError, locale: Locale, policy?: Policy): ChatMessage {
  return { text: `⚠️ ${describeCaseError(error, locale, policy)}`, visibility: 'private' };
}

/** The card of a case just changed, with a one-line headline of what happened. */
export async function changedCard(
  context: AgentContext,
  outcome: Outcome<CaseRecord>,
  headline: (ref: string) => string,
) {
  if (!outcome.ok) return outcome;
  const view = await showCase({ deps: context.deps, caller: context.caller, ref: { number: outcome.value.number } });
  if (!view.ok) return view;
  return {
    ok: true as const,
    value: caseCard(view.value.snapshot, {
      locale: context.locale,
      zone: context.zone,
      headline: headline(outcome.value.ref),
    }),
  };
}

/** `me`, a handle, a Slack user id or a Teams display name → who the use case assigns. */
export async function resolveAssignee(context: AgentContext, assignee: TypedAssignee): Promise<Assignee> {
  if (assignee === 'me') return { kind: 'me' };
  if ('handle' in assignee) return { kind: 'handle', handle: assignee.handle };
  const { store } = context.deps;
  const tenantId = context.caller.tenantId;
  if ('platformUserId' in assignee) {
    const person = await store.transaction((repos) =>
      repos.identities.find(tenantId, context.platform, assignee.platformUserId),
    );
    return person?.personKind === 'agent'
      ? { kind: 'agent', agentId: person.personId }
      : { kind: 'handle', handle: assignee.platformUserId };
  }
  const agents = await store.transaction((repos) => repos.agents.list(tenantId));
  const wanted = assignee.displayName.toLowerCase();
  const match = agents.find((agent) => agent.name.toLowerCase() === wanted);
  return match ? { kind: 'agent', agentId: match.id } : { kind: 'handle', handle: assignee.displayName };
}
