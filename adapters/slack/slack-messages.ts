import type { App, webApi } from '@slack/bolt';
import { failureText } from '../../src/app/chat/failure-words.i18n.ts';
import type { ChatMessage } from '../../src/domain/chat/chat-message.ts';
import { messageBlocks } from './blocks.ts';
import { notLinkedText } from './slack.i18n.ts';
import { errorName } from './slack-commands.ts';
import { converseIn, logUnlinked, type SlackRuntime, type Workspace, workspaceOf } from './slack-runtime.ts';
import { conversationKind, plainText } from './slack-text.ts';

// Messages: DMs to the bot, messages in channels it is in, mentions. Events are acknowledged by the receiver before any
// of this runs (it runs from the work queue); Slack still retries one it thinks was lost, so each event id is acted on
// once.

/** Plain messages from people; edits, joins and bots' messages (ours included) are not speech. */
const SPEECH_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

interface Said {
  teamId: string | undefined;
  eventId: string | undefined;
  user: string;
  channel: string;
  kind: 'dm' | 'channel';
  text: string;
  threadTs: string | undefined;
  addressed: boolean;
  sharedChannel: boolean;
}

export function registerMessages(app: App, runtime: SlackRuntime): void {
  app.event('message', async ({ event, body, client }) => {
    const message = event as unknown as Record<string, string | undefined>;
    if (!SPEECH_SUBTYPES.has(message.subtype) || message.bot_id || !message.user || !message.channel) return;
    const kind = conversationKind(message.channel, message.channel_type);
    const bot = runtime.bot;
    if (!bot.userId) bot.lookUp();
    // In a channel, a message that mentions the bot also arrives as app_mention: that one answers.
    if (kind === 'channel' && bot.userId && message.text?.includes(`<@${bot.userId}>`)) return;
    await answer(runtime, client, {
      ...envelope(body),
      user: message.user,
      channel: message.channel,
      kind,
      text: plainText(message.text ?? '', bot.userId),
      threadTs: message.thread_ts,
      addressed: false,
    });
  });

  app.event('app_mention', async ({ event, body, client }) => {
    if (!event.user || event.bot_id) return;
    await answer(runtime, client, {
      ...envelope(body),
      user: event.user,
      channel: event.channel,
      kind: conversationKind(event.channel),
      // The bot's own mention may stand anywhere in the sentence; without its id, the core drops a leading one.
      text: plainText(event.text, runtime.bot.userId),
      threadTs: event.thread_ts,
      addressed: true,
    });
  });
}

function envelope(body: unknown) {
  const b = body as { team_id?: string; event_id?: string; is_ext_shared_channel?: boolean };
  return { teamId: b.team_id, eventId: b.event_id, sharedChannel: b.is_ext_shared_channel === true };
}

async function answer(runtime: SlackRuntime, client: webApi.WebClient, said: Said): Promise<void> {
  const { deps, log } = runtime.context;
  const ids = { team: said.teamId, event: said.eventId, channel: said.channel, user: said.user };
  try {
    if (said.eventId) {
      const first = await deps.store.transaction((repos) =>
        repos.inbound.claim('slack', said.eventId!, deps.clock.now()),
      );
      if (!first) return log.info(ids, 'Slack event already handled (retry)');
    }
    const workspace = await workspaceOf(runtime, said.teamId);
    if (!workspace) {
      // Unlinked: say so only to someone who spoke to the bot, never into a channel's conversation.
      if (said.kind === 'dm' || said.addressed) {
        logUnlinked(runtime, said.teamId);
        await reply(client, said, { text: notLinkedText(), visibility: 'private' });
      }
      return;
    }
    if (said.sharedChannel && said.kind === 'channel') await adoptSharedChannel(runtime, workspace, said);
    const outcome = await converseIn(runtime, workspace, {
      teamId: said.teamId,
      userId: said.user,
      conversation: { id: said.channel, kind: said.kind },
      text: said.text,
      addressed: said.addressed,
    });
    for (const message of outcome.replies) await reply(client, said, message);
  } catch (error) {
    log.error({ ...ids, error: errorName(error) }, 'Slack message failed');
    // Acked long ago, and Slack will not send it again: whoever spoke to the bot learns it was not dealt with.
    if (said.kind === 'dm' || said.addressed)
      await reply(client, said, { text: failureText(error, undefined), visibility: 'private' }).catch(() =>
        log.warn(ids, 'Slack message failure not delivered'),
      );
  }
}

/**
 * A Slack Connect channel is customer-facing unless an operator said otherwise: the first time one is heard from, it
 * is recorded as such (`portero channel add` can then name its customer company).
 */
async function adoptSharedChannel(runtime: SlackRuntime, workspace: Workspace, said: Said): Promise<void> {
  const adopted = await runtime.context.deps.store.transaction(async (repos) => {
    if (await repos.bindings.find('slack', said.channel)) return false;
    await repos.bindings.bind({
      platform: 'slack',
      conversationId: said.channel,
      tenantId: workspace.tenantId,
      purpose: 'customer',
      name: null,
    });
    return true;
  });
  if (adopted)
    runtime.context.log.info(
      { team: said.teamId, channel: said.channel },
      'Slack Connect channel taken as customer-facing',
    );
}

/** Normal messages in DMs; in channels only the person who wrote sees the answer, unless it is meant for everyone. */
async function reply(client: webApi.WebClient, said: Said, message: ChatMessage): Promise<void> {
  const rendered = messageBlocks(message);
  const thread = said.threadTs ? { thread_ts: said.threadTs } : {};
  if (said.kind === 'dm' || message.visibility === 'public')
    await client.chat.postMessage({ channel: said.channel, ...rendered, ...thread });
  else await client.chat.postEphemeral({ channel: said.channel, user: said.user, ...rendered, ...thread });
}
