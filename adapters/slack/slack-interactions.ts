import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { failureText } from '../../src/app/chat/failure-words.i18n.ts';
import { ACTION, type PromptValue } from './blocks.ts';
import { notLinkedText, slackWords } from './slack.i18n.ts';
import { errorName } from './slack-commands.ts';
import {
  agentOf,
  converse,
  localeOf,
  logUnlinked,
  respondLater,
  responsePayload,
  type SlackRuntime,
  workspaceOf,
} from './slack-runtime.ts';
import { conversationKind, fallbackText } from './slack-text.ts';
import { metadataOf, type PromptMetadata, promptView, VIEW, viewValues } from './slack-views.ts';

// Buttons on cards and replies. A command button runs its command as the person who clicked it, exactly as if they had
// typed it; a prompt button first asks for the text in a modal; a link button opens a page (Slack still tells us).

const starting = (prefix: string) => new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.`);

export function registerInteractions(app: App, runtime: SlackRuntime): void {
  const { log } = runtime.context;

  app.action<BlockAction<ButtonAction>>({ action_id: starting(ACTION.link) }, async ({ ack }) => ack());

  app.action<BlockAction<ButtonAction>>(
    { action_id: starting(ACTION.command) },
    async ({ ack, body, action, respond }) => {
      await ack();
      try {
        const channel = body.channel?.id ?? body.user.id;
        const answered = await runtime.later(() =>
          converse(runtime, {
            teamId: body.team?.id ?? body.user.team_id,
            userId: body.user.id,
            conversation: { id: channel, kind: conversationKind(channel) },
            text: action.value ?? '',
            addressed: true,
          }),
        );
        if (!answered) {
          logUnlinked(runtime, body.team?.id);
          return void (await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: fallbackText(notLinkedText()),
          }));
        }
        for (const reply of answered.outcome.replies) await respond(responsePayload(reply));
      } catch (error) {
        log.error({ team: body.team?.id, user: body.user.id, error: errorName(error) }, 'Slack button failed');
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: failureText(error, undefined),
        }).catch(() => log.warn({ team: body.team?.id }, 'Slack button failure not delivered'));
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    { action_id: starting(ACTION.prompt) },
    async ({ ack, body, action, client }) => {
      await ack();
      try {
        const value = JSON.parse(action.value ?? '{}') as Partial<PromptValue>;
        if (!value.command || !value.prompt) return;
        const workspace = await workspaceOf(runtime, body.team?.id ?? body.user.team_id);
        const agent = workspace && (await agentOf(runtime, workspace.tenantId, body.user.id));
        const metadata: PromptMetadata = {
          command: value.command,
          locale: workspace ? localeOf(workspace, agent) : 'en',
          ...(body.response_url && { responseUrl: body.response_url }),
          ...(body.channel?.id && { channelId: body.channel.id }),
        };
        await client.views.open({
          trigger_id: body.trigger_id,
          view: promptView({ prompt: value.prompt, metadata }),
        });
      } catch (error) {
        log.warn({ team: body.team?.id, user: body.user.id, error: errorName(error) }, 'Slack prompt failed');
      }
    },
  );

  app.view(VIEW.prompt, async ({ ack, body, view, client }) => {
    const text = viewValues(view).text?.trim() ?? '';
    const origin = metadataOf<PromptMetadata>(view);
    if (!text) return ack({ response_action: 'errors', errors: { text: slackWords(origin.locale ?? 'en').required } });
    await ack();
    if (!origin.command) return;
    try {
      const channel = origin.channelId ?? body.user.id;
      const answered = await runtime.later(() =>
        converse(runtime, {
          teamId: body.team?.id ?? body.user.team_id,
          userId: body.user.id,
          conversation: { id: channel, kind: conversationKind(channel) },
          text: `${origin.command} ${text}`,
          addressed: true,
        }),
      );
      for (const reply of answered?.outcome.replies ?? []) {
        if (origin.responseUrl) await respondLater(origin.responseUrl, reply);
        else await client.chat.postMessage({ channel: body.user.id, ...responsePayload(reply) });
      }
    } catch (error) {
      log.error({ team: body.team?.id, user: body.user.id, error: errorName(error) }, 'Slack prompt submission failed');
      const failed = { text: failureText(error, origin.locale), visibility: 'private' as const };
      await (origin.responseUrl
        ? respondLater(origin.responseUrl, failed)
        : client.chat.postMessage({ channel: body.user.id, ...responsePayload(failed) })
      ).catch(() => log.warn({ team: body.team?.id }, 'Slack prompt failure not delivered'));
    }
  });
}
