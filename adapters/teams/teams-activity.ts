import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { InboundMessage } from '../../src/app/chat/inbound.types.ts';

// Reading a Teams activity the way Portero needs it: whose tenant, which conversation, who speaks, was the bot
// addressed, and what was said once the bot's own mention is gone.

/** Activities without a Teams tenant (the Bot Framework Emulator sends none) map through this external id. */
export const EMULATOR_TENANT_KEY = 'emulator';

/** The Teams tenant id, as `portero tenant link teams <tenant> <teams-tenant-id>` records it. */
export function tenantKey(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = channelData?.tenant?.id ?? activity.conversation?.tenantId;
  if (typeof id === 'string' && id !== '') return id;
  return activity.channelId === 'emulator' ? EMULATOR_TENANT_KEY : undefined;
}

/** A channel thread is `<channel id>;messageid=<root>`: the channel is what bindings and references name. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0]!;
}

/** Where a person's 1:1 chat with Portero is remembered: alerts to a person (their Teams user id) go there. */
export function userReferenceKey(userId: string): string {
  return `user:${userId}`;
}

export function threadConversationId(channelId: string, rootId: string): string {
  return `${baseConversationId(channelId)};messageid=${rootId}`;
}

export function isChannel(activity: Partial<Activity>): boolean {
  return activity.conversation?.conversationType === 'channel';
}

/** 1:1 chats are `personal`; the emulator's conversations carry no type and are 1:1 unless marked as a group. */
export function isPersonal(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return type === 'personal' || (type === undefined && activity.conversation?.isGroup !== true);
}

/** The Entra object id when Teams sends it (stable, what admins see), else the channel's user id (`29:…`). */
export function speakerId(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? '';
}

export function mentionsBot(activity: Partial<Activity>): boolean {
  const bot = activity.recipient?.id;
  return bot !== undefined && TurnContext.getMentions(activity).some((mention) => mention.mentioned?.id === bot);
}

/** The text without the bot's own `<at>…</at>` (other people's mentions stay: `assign X <at>Ana</at>`). */
export function spokenText(activity: Partial<Activity>): string {
  const text = mentionsBot(activity) ? TurnContext.removeRecipientMention(activity) : (activity.text ?? '');
  return (text ?? '').replace(/&nbsp;|\u00a0/g, ' ').trim();
}

export function inboundMessage(activity: Activity, tenantId: string, text: string, addressed: boolean): InboundMessage {
  return {
    platform: 'teams',
    tenantId,
    conversation: {
      id: baseConversationId(activity.conversation.id),
      kind: isPersonal(activity) ? 'dm' : 'channel',
    },
    user: { id: speakerId(activity), ...(activity.from?.name && { name: activity.from.name }) },
    text,
    addressed,
  };
}

/** How to post into this conversation later: the channel itself, never one thread or one message of it. */
export function referenceTo(activity: Partial<Activity>, conversationId?: string): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  const conversation = reference.conversation;
  return {
    ...reference,
    ...(conversation && {
      conversation: { ...conversation, id: conversationId ?? baseConversationId(conversation.id) },
    }),
  };
}
