import type { FakeBotConnector } from '../../helpers/fake-bot-connector.ts';

// Activities as Teams sends them to a bot (shapes from the Bot Framework and Teams docs), built with overrides.

// biome-ignore lint/suspicious/noExplicitAny: activities and cards are JSON read back by the tests.
export type Json = any;

export const TEAMS_TENANT = '72f988bf-0000-4000-8000-000000000001';
export const BOT = { id: '28:portero-bot', name: 'Portero' };
export const AGENTS_CHANNEL = '19:agents@thread.tacv2';
export const CUSTOMER_CHANNEL = '19:acme-shared@thread.tacv2';

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export const teamsUser = (name: string): TeamsUser => ({
  id: `29:${name}-teams-id`,
  aadObjectId: `aad-${name}`,
  name,
});

let sequence = 1000;
export const nextId = () => String(++sequence);

export interface MessageOptions {
  from: TeamsUser;
  text?: string;
  /** A 1:1 chat with the bot (default), or a post in a channel (a new thread whose root is this message). */
  in?: { personal: true } | { channel: string; thread?: string };
  mentionBot?: boolean;
  id?: string;
  value?: unknown;
  replyToId?: string;
  tenant?: string;
  locale?: string;
}

export function message(fake: FakeBotConnector, o: MessageOptions): Record<string, unknown> {
  const id = o.id ?? nextId();
  const where = o.in ?? { personal: true };
  const conversation =
    'channel' in where
      ? { id: `${where.channel};messageid=${where.thread ?? id}`, conversationType: 'channel', isGroup: true }
      : { id: `a:personal-${o.from.name}`, conversationType: 'personal' };
  const mention = `<at>${BOT.name}</at>`;
  const text = o.mentionBot ? `${mention} ${o.text ?? ''}` : o.text;
  return {
    type: 'message',
    id,
    timestamp: '2026-11-23T15:00:00.000Z',
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    from: o.from,
    recipient: BOT,
    conversation: { ...conversation, tenantId: o.tenant ?? TEAMS_TENANT },
    ...(text !== undefined && { text, textFormat: 'plain' }),
    ...(o.value !== undefined && { value: o.value }),
    ...(o.replyToId && { replyToId: o.replyToId }),
    locale: o.locale ?? 'es-CO',
    entities: o.mentionBot ? [{ type: 'mention', text: mention, mentioned: BOT }] : [],
    channelData: {
      tenant: { id: o.tenant ?? TEAMS_TENANT },
      ...('channel' in where && { channel: { id: where.channel }, team: { id: '19:team@thread.tacv2' } }),
    },
  };
}

/** The bot added to a team (its General channel) or a channel created where it is installed. */
export function installed(
  fake: FakeBotConnector,
  o: { channel: string; eventType?: string; channelData?: Record<string, unknown>; tenant?: string },
): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: `f:${nextId()}`,
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    from: { id: '29:installer', aadObjectId: 'aad-installer' },
    recipient: BOT,
    conversation: { id: o.channel, conversationType: 'channel', isGroup: true, tenantId: o.tenant ?? TEAMS_TENANT },
    membersAdded: [BOT],
    channelData: {
      eventType: o.eventType ?? 'teamMemberAdded',
      tenant: { id: o.tenant ?? TEAMS_TENANT },
      team: { id: o.channel, name: 'Soporte ITBX' },
      ...o.channelData,
    },
  };
}

/** The adaptive card of an activity the bot sent, when it sent one. */
export function cardOf(activity: Json): Json {
  return activity?.attachments?.[0]?.content;
}

export function cardTitle(card: Json): string | undefined {
  return card?.body?.find((element: { id?: string }) => element.id === 'title')?.text;
}

export function cardFacts(card: Json): Record<string, string> {
  const facts = card?.body?.find((element: { type?: string }) => element.type === 'FactSet')?.facts ?? [];
  return Object.fromEntries(facts.map((fact: { title: string; value: string }) => [fact.title, fact.value]));
}

/** The commands behind a card's Action.Submit buttons (prompts: their inner submit). */
export function cardCommands(card: Json): string[] {
  return (card?.actions ?? []).flatMap((action: Json) =>
    action.type === 'Action.Submit'
      ? [action.data.portero]
      : action.type === 'Action.ShowCard'
        ? action.card.actions.map((inner: Json) => inner.data.portero)
        : [],
  );
}

/** What a CommonMark reader shows for escaped markdown: a backslash before punctuation is dropped. */
export const shown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** Every text of an activity Teams reads as markdown. */
export function markdownTexts(activity: Json): string[] {
  const texts: string[] = activity.textFormat === 'markdown' && activity.text ? [activity.text] : [];
  const card = cardOf(activity);
  for (const element of card?.body ?? []) {
    if (element.type === 'TextBlock') texts.push(element.text);
    if (element.type === 'FactSet') for (const fact of element.facts) texts.push(fact.title, fact.value);
  }
  return texts;
}

/** Markup left once the escaped characters are set aside: a link, emphasis, code, HTML, a list or a heading. */
export const markup = (text: string) =>
  /[[\]*_`~<>]/.test(text.replace(/\\./g, '')) || /^\s*(?:[-+#=]|\d+[.)]\s)/m.test(text);
