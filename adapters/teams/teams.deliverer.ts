import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { CaseDeps } from '../../src/app/cases/case-context.ts';
import type { CaseSnapshot } from '../../src/app/cases/case-snapshot.ts';
import { caseCard } from '../../src/app/chat/case-card.ts';
import { resultWords } from '../../src/app/chat/command-results.i18n.ts';
import type { Deliverer, DeliveryResult } from '../../src/app/outbox/outbox.port.ts';
import type { OutboxRow } from '../../src/app/store.port.ts';
import type { ChatMessage } from '../../src/domain/chat/chat-message.ts';
import { toActivity } from './cards.ts';
import { allowedServiceUrl } from './emulator-guard.ts';
import { createRateGate, type RateGate } from './rate-gate.ts';
import { threadConversationId, userReferenceKey } from './teams-activity.ts';
import { deliveryFailure } from './teams-errors.ts';
import { textMessage } from './teams-text.ts';

// Outbox rows for Teams, posted proactively through the conversation references recorded at install (or when a
// person first wrote to Portero). `case.update`: the case's root card in an agent channel (a new thread there), later
// events update that card in place and reply under it. `message` (SLA alerts): a card to a channel or to a person.

export interface TeamsDelivererDeps {
  adapter: CloudAdapter;
  /** The bot's MicrosoftAppId ('' in emulator mode). */
  appId: string;
  /** Local-emulator mode: deliveries go to loopback Bot Connectors only; otherwise to Microsoft's hosts only. */
  emulator: boolean;
  deps: CaseDeps;
  gate?: RateGate;
}

interface CaseUpdate {
  case: CaseSnapshot;
  event: { type: string; summary: string };
}

type Reference = Partial<ConversationReference>;

export function createTeamsDeliverer({
  adapter,
  appId,
  emulator,
  deps,
  gate = createRateGate(),
}: TeamsDelivererDeps): Deliverer {
  const { store } = deps;

  /**
   * Runs `logic` in the conversation; its sends are new posts there, never replies to the continuation's own id. The
   * Bot Connector client takes no abort signal: the relay's is honoured before each call, so a delivery that ran out
   * of time starts nothing more.
   */
  const inConversation = (
    reference: Reference,
    signal: AbortSignal | undefined,
    logic: (context: TurnContext) => Promise<void>,
  ) => {
    signal?.throwIfAborted();
    // A reference remembered in emulator mode names a loopback Bot Connector: it must never get a real token.
    if (!allowedServiceUrl(reference.serviceUrl ?? '', emulator))
      throw Object.assign(new Error('not a Bot Framework host'), { statusCode: 403, code: 'ForeignServiceUrl' });
    return adapter.continueConversationAsync(appId, reference, async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      await logic(context);
    });
  };

  const post = async (reference: Reference, activity: Partial<Activity>, signal: AbortSignal | undefined) => {
    let id: string | undefined;
    await inConversation(reference, signal, async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    if (!id) throw new Error('the Bot Connector answered a post without an id');
    return id;
  };

  /** In a channel a thread is its own conversation (`<channel>;messageid=<root>`); chats have no threads. */
  const threadOf = (reference: Reference, root: string): Reference =>
    reference.conversation?.conversationType === 'channel'
      ? {
          ...reference,
          conversation: { ...reference.conversation, id: threadConversationId(reference.conversation.id, root) },
        }
      : reference;

  /**
   * Room for `calls` more calls in the conversation, or a deferral that holds the row until there is: Portero's own
   * pacing, not a failure, so it spends none of the row's attempts.
   */
  const throttled = (row: OutboxRow, calls: number): DeliveryResult | undefined => {
    const wait = gate.take(row.destination, calls, deps.clock.now().getTime());
    return wait > 0
      ? {
          ok: false,
          deferred: true,
          error: 'teams: holding to 7 messages a second in this conversation',
          retryAfterMs: wait,
        }
      : undefined;
  };

  async function deliverCaseUpdate(
    row: OutboxRow,
    update: CaseUpdate,
    caseId: string,
    signal: AbortSignal | undefined,
  ): Promise<DeliveryResult> {
    const found = await store.transaction(async (repos) => ({
      reference: (await repos.conversations.get('teams', row.destination))?.reference as Reference | undefined,
      root: await repos.threads.rootOf('teams', row.destination, caseId),
      tenant: await repos.tenants.get(row.tenantId),
    }));
    if (!found.reference) return notInstalled(row);
    const { reference, root } = found;
    const held = throttled(row, root ? 2 : 1);
    if (held) return held;
    const policy = found.tenant && deps.policies.policy(found.tenant.policyId);
    const locale = policy?.locale ?? 'en';
    const headline = update.event.summary;
    const card = toActivity(caseCard(update.case, { locale, zone: policy?.timezone ?? 'UTC', headline }));
    const postRoot = async () => {
      const id = await post(reference, card, signal);
      await store.transaction((repos) => repos.threads.setRoot('teams', row.destination, caseId, id));
      return id;
    };
    if (!root) {
      await postRoot();
      return { ok: true };
    }
    let thread = root;
    try {
      // The update first: it is idempotent, so a retry after a failed reply never repeats anything visible.
      await inConversation(threadOf(reference, root), signal, (context) =>
        context.updateActivity({ ...card, id: root }).then(),
      );
    } catch (error) {
      // Someone deleted the card: a new one takes its place and carries the thread from here on.
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      thread = await postRoot();
    }
    const line = `${resultWords(locale).event(update.event.type)}: ${update.event.summary}`;
    const chat = reference.conversation?.conversationType !== 'channel';
    await post(threadOf(reference, thread), textMessage(chat ? `${update.case.ref} · ${line}` : line), signal);
    return { ok: true };
  }

  async function deliverMessage(
    row: OutboxRow,
    message: ChatMessage,
    signal: AbortSignal | undefined,
  ): Promise<DeliveryResult> {
    const { threadUnderCase } = row.payload as { threadUnderCase?: boolean };
    const found = await store.transaction(async (repos) => {
      // A channel or chat by its id, or a person (their Teams user id) by the 1:1 chat they have with Portero.
      const reference =
        (await repos.conversations.get('teams', row.destination)) ??
        (await repos.conversations.get('teams', userReferenceKey(row.destination)));
      const root =
        threadUnderCase && row.caseId ? await repos.threads.rootOf('teams', row.destination, row.caseId) : undefined;
      return { reference: reference?.reference as Reference | undefined, root };
    });
    if (!found.reference) return notInstalled(row);
    const held = throttled(row, 1);
    if (held) return held;
    await post(found.root ? threadOf(found.reference, found.root) : found.reference, toActivity(message), signal);
    return { ok: true };
  }

  return {
    async deliver(row, signal) {
      try {
        if (row.kind === 'case.update') {
          const update = row.payload as Partial<CaseUpdate>;
          if (typeof update.case?.ref !== 'string' || typeof update.event?.summary !== 'string' || !row.caseId)
            return { ok: false, permanent: true, error: 'teams: a case.update without its case and event' };
          return await deliverCaseUpdate(row, update as CaseUpdate, row.caseId, signal);
        }
        const message = (row.payload as { message?: ChatMessage }).message;
        if (typeof message?.text !== 'string')
          return { ok: false, permanent: true, error: `teams: cannot deliver a ${row.kind} row without a message` };
        return await deliverMessage(row, message, signal);
      } catch (error) {
        return deliveryFailure(error, deps.clock.now().getTime());
      }
    },
  };
}

function notInstalled(row: OutboxRow): DeliveryResult {
  return {
    ok: false,
    permanent: true,
    error: `teams: Portero has no reference to ${row.destination}; install it there (a person: open Portero in Teams once) or mention it there once, then portero outbox retry`,
  };
}
