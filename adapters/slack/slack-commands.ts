import type { App, RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { failureText } from '../../src/app/chat/failure-words.i18n.ts';
import { resolveSubcommand } from '../../src/domain/chat/command-catalog.ts';
import { parseCommand } from '../../src/domain/chat/command-grammar.ts';
import { commandErrorMessage } from '../../src/domain/chat/command-messages.ts';
import { notLinkedText, slackWords } from './slack.i18n.ts';
import {
  agentOf,
  converse,
  localeOf,
  logNotAgent,
  logUnlinked,
  responsePayload,
  type SlackRuntime,
  workspaceOf,
} from './slack-runtime.ts';
import { busyLocale } from './slack-shedding.ts';
import { conversationKind, fallbackText, plainText } from './slack-text.ts';
import { newCaseView } from './slack-views.ts';

// `/case …`: the receiver has acknowledged it already (Slack gives 3 s and the database may be slow) and runs this from
// its work queue; the core decides and the answer goes through the command's response_url.

export function registerCaseCommand(app: App, runtime: SlackRuntime): void {
  app.command('/case', async ({ command, ack, respond, client }) => {
    await ack();
    const { log } = runtime.context;
    try {
      if (opensModal(command) && (await openNewCaseModal(runtime, command, respond, client))) return;
      await answerCommand(runtime, command, respond);
    } catch (error) {
      log.error({ team: command.team_id, user: command.user_id, error: errorName(error) }, 'Slack /case failed');
      // Acked long ago: the agent must still learn that nothing (or maybe nothing) was done.
      await respond({ response_type: 'ephemeral', text: failureText(error, busyLocale(runtime, command)) }).catch(
        (failure: unknown) => log.warn({ error: errorName(failure) }, 'Slack /case failure not delivered'),
      );
    }
  });
}

async function answerCommand(runtime: SlackRuntime, command: SlashCommand, respond: RespondFn) {
  const text = plainText(command.text ?? '');
  const answered = await converse(runtime, {
    teamId: command.team_id,
    userId: command.user_id,
    conversation: { id: command.channel_id, kind: conversationKind(command.channel_id) },
    text,
    addressed: true,
  });
  if (!answered) {
    logUnlinked(runtime, command.team_id);
    await respond({ response_type: 'ephemeral', text: fallbackText(notLinkedText()) });
    return;
  }
  const { outcome, workspace } = answered;
  if (outcome.speaker === 'none') {
    logNotAgent(runtime, workspace.tenantId, command.user_id);
    const words = slackWords(workspace.policy.locale);
    await respond({ response_type: 'ephemeral', text: fallbackText(words.notAgent) });
    return;
  }
  for (const reply of outcome.replies) await respond(responsePayload(reply));
}

/**
 * A command that opens a modal, whose trigger lives 3 s: the receiver puts it ahead of the work queue's line.
 * (For someone who is not an agent it opens nothing, and is answered as any other command.)
 */
export function opensModal(command: Record<string, unknown>): boolean {
  return command.command === '/case' && typeof command.text === 'string' && isBareNew(plainText(command.text));
}

/** `/case new` (or `nuevo`) and nothing else: the agent gets a form instead of a usage line. */
function isBareNew(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length === 1 && resolveSubcommand(words[0]!) === 'new';
}

/** False when the person is not an agent: then the core answers them as anyone else. */
async function openNewCaseModal(
  runtime: SlackRuntime,
  command: SlashCommand,
  respond: RespondFn,
  client: webApi.WebClient,
): Promise<boolean> {
  const workspace = await workspaceOf(runtime, command.team_id);
  const agent = workspace && (await agentOf(runtime, workspace.tenantId, command.user_id));
  if (!workspace || !agent) return false;
  const locale = localeOf(workspace, agent);
  const customers = await runtime.context.deps.store.transaction((repos) => repos.customers.list(workspace.tenantId));
  if (customers.length === 0) {
    await respond({
      response_type: 'ephemeral',
      text: fallbackText(slackWords(locale).noCustomers(workspace.tenantId)),
    });
    return true;
  }
  try {
    await client.views.open({
      trigger_id: command.trigger_id,
      view: newCaseView({
        policy: workspace.policy,
        customers,
        metadata: {
          tenantId: workspace.tenantId,
          locale,
          responseUrl: command.response_url,
          channelId: command.channel_id,
        },
      }),
    });
  } catch (error) {
    // The trigger lasts 3 s: when it expired, the agent still learns how to open a case in one line.
    runtime.context.log.warn({ team: command.team_id, error: errorName(error) }, 'Slack views.open failed');
    const parsed = parseCommand('new');
    if (!parsed.ok) await respond(responsePayload(commandErrorMessage(parsed.error, locale, '/case')));
  }
  return true;
}

export function errorName(error: unknown): string {
  const coded = error as { code?: unknown; data?: { error?: unknown } };
  if (typeof coded?.data?.error === 'string') return coded.data.error;
  if (typeof coded?.code === 'string') return coded.code;
  return error instanceof Error ? error.name : 'unknown';
}
