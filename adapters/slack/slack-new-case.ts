import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Caller } from '../../src/app/cases/case-context.ts';
import { openCase } from '../../src/app/cases/open-case.ts';
import { changedCard, refusalMessage } from '../../src/app/chat/agent-context.ts';
import { resultWords } from '../../src/app/chat/command-results.i18n.ts';
import { failureText } from '../../src/app/chat/failure-words.i18n.ts';
import { describeCaseError } from '../../src/domain/case/case-error.i18n.ts';
import type { ChatMessage } from '../../src/domain/chat/chat-message.ts';
import { notLinkedText, slackWords } from './slack.i18n.ts';
import { errorName } from './slack-commands.ts';
import {
  agentOf,
  logNotAgent,
  logUnlinked,
  respondLater,
  responsePayload,
  type SlackRuntime,
  workspaceOf,
} from './slack-runtime.ts';
import { fieldOf, metadataOf, type NewCaseMetadata, VIEW, type ViewValues, viewValues } from './slack-views.ts';

// The `/case new` modal's submission. Slack shows field errors only in the answer to the submission itself, so the case
// is opened before answering, but never past the deadline: a slow store closes the modal and the result (the card or
// the refusal) comes as a message instead.

type Result =
  | { kind: 'opened'; card: ChatMessage }
  | { kind: 'refused'; field: string; text: string }
  | { kind: 'failed'; error: unknown };

export function registerNewCaseModal(app: App, runtime: SlackRuntime): void {
  app.view<ViewSubmitAction>(VIEW.newCase, async ({ ack, body, view, client }) => {
    const metadata = metadataOf<NewCaseMetadata>(view);
    const words = slackWords(metadata.locale ?? 'en');
    const values = viewValues(view);
    const missing = (['customer', 'title'] as const).filter((field) => !values[field]?.trim());
    if (missing.length > 0)
      return ack({ response_action: 'errors', errors: Object.fromEntries(missing.map((f) => [f, words.required])) });

    const ids = { team: body.team?.id, user: body.user.id };
    const work = submit(runtime, body, metadata, values).catch((error: unknown): Result => {
      runtime.context.log.error({ ...ids, error: errorName(error) }, 'Slack new-case modal failed');
      return { kind: 'failed', error };
    });
    const onTime = await Promise.race([work, runtime.answerDeadline().then(() => undefined)]);
    if (onTime?.kind === 'refused') return ack({ response_action: 'errors', errors: { [onTime.field]: onTime.text } });
    await ack();
    const result = onTime ?? (await work);
    const message: ChatMessage | undefined =
      result.kind === 'opened'
        ? result.card
        : result.kind === 'refused'
          ? { text: `⚠️ ${result.text}`, visibility: 'private' }
          : { text: failureText(result.error, metadata.locale), visibility: 'private' };
    try {
      if (metadata.responseUrl) await respondLater(metadata.responseUrl, message);
      else await client.chat.postMessage({ channel: body.user.id, ...responsePayload(message) });
    } catch (error) {
      runtime.context.log.warn({ ...ids, error: errorName(error) }, 'Slack new-case result not delivered');
    }
  });
}

async function submit(
  runtime: SlackRuntime,
  body: ViewSubmitAction,
  metadata: Partial<NewCaseMetadata>,
  values: ViewValues,
): Promise<Result> {
  const teamId = body.team?.id ?? body.user.team_id;
  const workspace = await workspaceOf(runtime, teamId);
  if (!workspace || workspace.tenantId !== metadata.tenantId) {
    logUnlinked(runtime, teamId);
    return { kind: 'refused', field: 'customer', text: notLinkedText() };
  }
  const agent = await agentOf(runtime, workspace.tenantId, body.user.id);
  const locale = agent?.locale ?? workspace.policy.locale;
  if (!agent) {
    logNotAgent(runtime, workspace.tenantId, body.user.id);
    return { kind: 'refused', field: 'customer', text: slackWords(locale).notAgent };
  }

  const caller: Caller = {
    tenantId: workspace.tenantId,
    actor: { kind: 'agent', agentId: agent.id },
    channel: 'slack',
  };
  const { deps } = runtime.context;
  const opened = await openCase({
    deps,
    caller,
    customer: values.customer!.trim(),
    title: values.title!,
    ...(values.reporter?.trim() && { reporter: values.reporter.trim() }),
    ...(values.priority && { priority: values.priority }),
    ...(values.type && { type: values.type }),
    ...(values.description && { description: values.description }),
  });
  if (!opened.ok)
    return { kind: 'refused', field: fieldOf(opened.error), text: describeCaseError(opened.error, locale) };
  runtime.context.wakeRelay();
  const context = {
    deps,
    caller,
    platform: 'slack' as const,
    locale,
    zone: agent.timezone ?? workspace.policy.timezone,
    policy: workspace.policy,
    prefix: '/case',
  };
  const card = await changedCard(context, opened, resultWords(locale).opened);
  return { kind: 'opened', card: card.ok ? card.value : refusalMessage(card.error, locale, workspace.policy) };
}
