import { type Activity, ActivityTypes, type TurnContext } from 'botbuilder';
import type { CaseDeps } from '../../src/app/cases/case-context.ts';
import { AgentCache } from '../../src/app/chat/agent-cache.ts';
import { handleInbound } from '../../src/app/chat/handle-inbound.ts';
import type { ChatMessage } from '../../src/domain/chat/chat-message.ts';
import type { PlatformContext } from '../platform.types.ts';
import { ADAPTIVE_CARD, renderCard, toActivity } from './cards.ts';
import {
  baseConversationId,
  inboundMessage,
  isPersonal,
  mentionsBot,
  referenceTo,
  speakerId,
  spokenText,
  tenantKey,
  userReferenceKey,
} from './teams-activity.ts';
import { cardCommand, executeCommand } from './teams-submit.ts';
import { textMessage } from './teams-text.ts';

// One turn of the bot: messages and card buttons run through the chat core (which decides everything); installs
// and channel events record where Portero may post later. Nothing here decides what is said.

export interface TurnDeps {
  deps: CaseDeps;
  log: PlatformContext['log'];
  /** Case changes wrote outbox rows: the agent channels hear of them now, not at the relay's next pass. */
  wakeRelay?: () => void;
}

export function createTurn({ deps, log, wakeRelay }: TurnDeps) {
  const store = deps.store;
  const agents = new AgentCache(deps.clock);

  /** False for a retry Teams sent of an activity already handled (ids are unique within a conversation). */
  const firstTime = (activity: Activity) =>
    store.transaction((repos) =>
      repos.inbound.claim('teams', `${baseConversationId(activity.conversation.id)}|${activity.id}`, deps.clock.now()),
    );

  /** The linked Portero tenant, after remembering how to reach this conversation again. */
  const tenantOf = (activity: Activity) =>
    store.transaction(async (repos) => {
      const key = tenantKey(activity);
      const tenantId = key === undefined ? undefined : await repos.platformLinks.tenantFor('teams', key);
      const reference = referenceTo(activity) as Record<string, unknown> & ReturnType<typeof referenceTo>;
      const save = (id: string) => repos.conversations.save('teams', id, tenantId ?? null, reference, deps.clock.now());
      await save(reference.conversation!.id);
      // A 1:1 chat is also how Portero reaches this person later (SLA alerts to an agent).
      if (isPersonal(activity) && activity.from?.id) await save(userReferenceKey(speakerId(activity)));
      return { key, tenantId };
    });

  const run = async (activity: Activity, tenantId: string, text: string, addressed: boolean) => {
    const outcome = await handleInbound(deps, inboundMessage(activity, tenantId, text, addressed), {
      prefix: 'case',
      agents,
    });
    if (outcome.speaker === 'agent' && outcome.changing) wakeRelay?.();
    return outcome;
  };

  async function onMessage(context: TurnContext) {
    const activity = context.activity;
    if (!(await firstTime(activity))) return;
    const { key, tenantId } = await tenantOf(activity);
    if (!tenantId) {
      log.warn({ teamsTenant: key ?? null, conversation: baseConversationId(activity.conversation.id) }, UNLINKED);
      if (isPersonal(activity)) await context.sendActivity(textMessage(unlinkedNote(activity)));
      return;
    }
    const command = cardCommand(activity.value);
    if (command !== undefined) return onCardSubmit(context, tenantId, command);
    const addressed = isPersonal(activity) || mentionsBot(activity);
    const outcome = await run(activity, tenantId, spokenText(activity), addressed);
    for (const reply of outcome.replies) await context.sendActivity(toActivity(reply));
  }

  /** A button on a card: runs as whoever clicked it, then the card shows the case as it is now. */
  async function onCardSubmit(context: TurnContext, tenantId: string, command: string) {
    const activity = context.activity;
    const { replies } = await run(activity, tenantId, command, true);
    const [first, ...rest] = replies;
    if (first && !(await refreshCard(context, first))) await context.sendActivity(toActivity(first));
    for (const reply of rest) await context.sendActivity(toActivity(reply));
  }

  async function refreshCard(context: TurnContext, reply: ChatMessage): Promise<boolean> {
    const cardId = context.activity.replyToId;
    // Only a case card replaces a card; a refusal is said beside it, leaving the card as it was.
    if (!cardId || !reply.caseRef) return false;
    try {
      await context.updateActivity({ ...toActivity(reply), id: cardId });
      return true;
    } catch (error) {
      log.warn({ status: (error as { statusCode?: number }).statusCode }, 'teams: could not refresh a card');
      return false;
    }
  }

  /** Action.Execute (Universal Actions): the refreshed card is the invoke's answer. */
  async function onInvoke(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.name !== 'adaptiveCard/action') return;
    const command = executeCommand(activity.value);
    const answer = async (body: unknown) => {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    };
    if (!(await firstTime(activity)) || command === undefined)
      return answer({ statusCode: 200, type: MESSAGE, value: '' });
    const { tenantId } = await tenantOf(activity);
    if (!tenantId) {
      log.warn({ teamsTenant: tenantKey(activity) ?? null }, UNLINKED);
      return answer({ statusCode: 200, type: MESSAGE, value: unlinkedNote(activity) });
    }
    const [first, ...rest] = (await run(activity, tenantId, command, true)).replies;
    for (const reply of rest) await context.sendActivity(toActivity(reply));
    if (!first) return answer({ statusCode: 200, type: MESSAGE, value: '' });
    if (first.caseRef) return answer({ statusCode: 200, type: ADAPTIVE_CARD, value: renderCard(first) });
    return answer({ statusCode: 200, type: MESSAGE, value: first.text });
  }

  /** Installed in a team, chat or 1:1, or a channel created: remember how to post there. */
  async function onInstall(context: TurnContext) {
    const activity = context.activity;
    const bot = activity.recipient.id;
    const removed = activity.action === 'remove' || (activity.membersRemoved ?? []).some((member) => member.id === bot);
    if (removed) {
      log.info({ conversation: baseConversationId(activity.conversation.id) }, 'teams: removed from a conversation');
      return;
    }
    const { key, tenantId } = await tenantOf(activity);
    const channelData = (activity.channelData ?? {}) as {
      eventType?: string;
      channel?: { id?: string; name?: string };
      team?: { name?: string };
    };
    const channel = channelData.channel;
    if (channel?.id && channel.id !== baseConversationId(activity.conversation.id)) {
      const reference = referenceTo(
        { ...activity, conversation: { ...activity.conversation, id: channel.id, conversationType: 'channel' } },
        channel.id,
      );
      await store.transaction((repos) =>
        repos.conversations.save(
          'teams',
          channel.id!,
          tenantId ?? null,
          reference as Record<string, unknown>,
          deps.clock.now(),
        ),
      );
    }
    log.info(
      {
        conversation: channel?.id ?? baseConversationId(activity.conversation.id),
        conversationType: activity.conversation.conversationType ?? null,
        team: channelData.team?.name ?? null,
        channel: channel?.name ?? null,
        teamsTenant: key ?? null,
        tenant: tenantId ?? null,
      },
      tenantId
        ? 'teams: conversation recorded (mark it with portero channel add teams <conversation> …)'
        : `teams: conversation recorded in an unlinked Teams tenant (${UNLINKED_HINT})`,
    );
  }

  return async function turn(context: TurnContext): Promise<void> {
    switch (context.activity.type) {
      case ActivityTypes.Message:
        return onMessage(context);
      case ActivityTypes.Invoke:
        return onInvoke(context);
      case ActivityTypes.ConversationUpdate:
      case ActivityTypes.InstallationUpdate:
        return onInstall(context);
    }
  };
}

const MESSAGE = 'application/vnd.microsoft.activity.message';
const UNLINKED_HINT = 'link it: portero tenant link teams <tenant> <teams-tenant-id>';
const UNLINKED = `teams: a message from a Teams tenant not linked to any Portero tenant (${UNLINKED_HINT})`;

/**
 * What someone in an unlinked Teams organization is told: what to do, never an identifier (the operator reads the
 * Teams tenant id in the log line beside it). No policy yet, so the language is the one their Teams client uses.
 */
function unlinkedNote(activity: Activity): string {
  return activity.locale?.toLowerCase().startsWith('es')
    ? 'Esta organización de Microsoft Teams aún no está vinculada a Portero. Pide a tu administrador de Portero que la vincule.'
    : 'This Microsoft Teams organization is not linked to Portero yet. Ask your Portero administrator to link it.';
}
