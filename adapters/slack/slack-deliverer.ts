import { webApi } from '@slack/bolt';
import type { CaseDeps } from '../../src/app/cases/case-context.ts';
import type { CaseSnapshot } from '../../src/app/cases/case-snapshot.ts';
import { resultWords } from '../../src/app/chat/command-results.i18n.ts';
import type { Deliverer, DeliveryResult } from '../../src/app/outbox/outbox.port.ts';
import type { OutboxRow } from '../../src/app/store.port.ts';
import type { ChatMessage } from '../../src/domain/chat/chat-message.ts';
import { caseCardBlocks, messageBlocks } from './blocks.ts';
import { fallbackText } from './slack-text.ts';

// Case updates into agent channels, through the outbox relay. A case's first event posts its root card; every later
// one updates that card in place (chat.update) and then adds a line to its thread. The card update is idempotent and
// goes first, so a retried row repeats only what failed. Slack's 429 is handed back with its Retry-After, and the
// client never waits or retries by itself: the relay owns retries.

interface CaseUpdate {
  case: CaseSnapshot;
  event: { type: string; summary: string };
}

/** Web API errors no retry can fix: the operator must (invite the bot, fix the token), then `portero outbox retry`. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'invalid_blocks',
  'invalid_arguments',
  'msg_too_long',
  'no_text',
]);

export function createSlackDeliverer(client: webApi.WebClient, deps: CaseDeps): Deliverer {
  return {
    async deliver(row, signal) {
      // The Web API client takes no signal per call (its own timeout is 10 s a request): the relay's abort is honoured
      // between calls, so a delivery that ran out of time starts nothing more.
      const call = <T>(request: () => Promise<T>) => {
        signal?.throwIfAborted();
        return request();
      };
      try {
        if (row.kind === 'case.update') return await deliverCaseUpdate(client, deps, row, call);
        return await deliverMessage(client, deps, row, call);
      } catch (error) {
        return failure(error);
      }
    },
  };
}

/** Runs one Web API call, unless the delivery was aborted. */
type Call = <T>(request: () => Promise<T>) => Promise<T>;

async function deliverCaseUpdate(
  client: webApi.WebClient,
  deps: CaseDeps,
  row: OutboxRow,
  call: Call,
): Promise<DeliveryResult> {
  const update = row.payload as unknown as CaseUpdate;
  if (!update.case || !update.event || !row.caseId)
    return { ok: false, permanent: true, error: 'case.update without a case' };
  const caseId = row.caseId;
  const channel = row.destination;
  const { root, policy } = await deps.store.transaction(async (repos) => {
    const tenant = await repos.tenants.get(row.tenantId);
    return {
      root: await repos.threads.rootOf('slack', channel, caseId),
      policy: tenant && deps.policies.policy(tenant.policyId),
    };
  });
  const locale = policy?.locale ?? 'es';
  const card = caseCardBlocks(update.case, { locale, zone: policy?.timezone ?? 'UTC' });
  const line = `${resultWords(locale).event(update.event.type)}: ${update.event.summary}`;
  // People's text (a title, a note, a customer's message) is shown as written: besides the escaped &, < and > (no
  // mention, ping or link), Slack's formatting is off for a thread line's text, so `*x*` stays asterisks. A card's
  // blocks say their own formatting and mark up only our words; its text is the notification's fallback.
  const threadLine = { text: fallbackText(line), mrkdwn: false };

  const postRoot = async () => {
    const posted = await call(() => client.chat.postMessage({ channel, ...card }));
    const ts = posted.ts;
    if (!ts) throw new Error('chat.postMessage answered without a ts');
    await deps.store.transaction((repos) => repos.threads.setRoot('slack', channel, caseId, ts));
    return ts;
  };

  if (!root) {
    const ts = await postRoot();
    // A channel bound after the case was opened: its first card comes with what just happened.
    if (update.event.type !== 'opened')
      await call(() => client.chat.postMessage({ channel, thread_ts: ts, ...threadLine }));
    return { ok: true };
  }
  let thread = root;
  try {
    await call(() => client.chat.update({ channel, ts: root, ...card }));
  } catch (error) {
    // Someone deleted the card: a new one takes its place and carries the thread from here on.
    if (platformError(error) !== 'message_not_found') throw error;
    thread = await postRoot();
  }
  await call(() => client.chat.postMessage({ channel, thread_ts: thread, ...threadLine }));
  return { ok: true };
}

/**
 * Any other row (SLA alerts: kind `message`) carries a ChatMessage for a channel, or for a person by their Slack user
 * id (Slack posts that in the app's DM with them); under the case's card when the row asks and the card exists.
 */
async function deliverMessage(
  client: webApi.WebClient,
  deps: CaseDeps,
  row: OutboxRow,
  call: Call,
): Promise<DeliveryResult> {
  const { message, threadUnderCase } = row.payload as { message?: ChatMessage; threadUnderCase?: boolean };
  if (typeof message?.text !== 'string')
    return { ok: false, permanent: true, error: `slack cannot deliver a ${row.kind} row without a message` };
  const caseId = row.caseId;
  const root =
    threadUnderCase && caseId
      ? await deps.store.transaction((repos) => repos.threads.rootOf('slack', row.destination, caseId))
      : undefined;
  await call(() =>
    client.chat.postMessage({ channel: row.destination, ...messageBlocks(message), ...(root && { thread_ts: root }) }),
  );
  return { ok: true };
}

function platformError(error: unknown): string | undefined {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : undefined;
}

function failure(error: unknown): DeliveryResult {
  if (error instanceof webApi.WebAPIRateLimitedError)
    return { ok: false, error: 'slack rate limited (429)', retryAfterMs: error.retryAfter * 1000 };
  const code = platformError(error);
  if (code) return { ok: false, error: `slack ${code}`, ...(PERMANENT.has(code) && { permanent: true }) };
  if (error instanceof webApi.WebAPIHTTPError)
    return { ok: false, error: `slack http ${error.statusCode}`, ...(error.statusCode < 500 && { permanent: true }) };
  if (error instanceof webApi.WebAPIRequestError)
    return { ok: false, error: `slack unreachable: ${error.original.message}` };
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}
