import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

// Slack's Web API as Bolt's WebClient sees it, on 127.0.0.1: every call recorded (method, arguments, token), answers
// shaped like Slack's, and scripted trouble (a 429 with Retry-After, a platform error, a 500) for the next calls to a
// method. Response URLs live here too, so a `respond()` lands where a test can read it.

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

export interface RecordedResponse {
  key: string;
  body: Record<string, unknown>;
}

export type Trouble = { status: 429; retryAfter: number } | { error: string } | { status: number };

export interface FakeSlackApi {
  /** The WebClient's `slackApiUrl`. */
  apiUrl: string;
  /** A response_url whose posts are recorded under `key`. */
  responseUrl(key: string): string;
  /** Successful calls only, in the order they arrived. */
  calls: RecordedCall[];
  /** Every call, refused ones included. */
  attempts: RecordedCall[];
  responses: RecordedResponse[];
  callsTo(method: string): RecordedCall[];
  responsesTo(key: string): Record<string, unknown>[];
  /** The next `times` calls to `method` get this trouble instead of an answer. */
  fail(method: string, trouble: Trouble, times?: number): void;
  /** Resolves at the next recorded call or response that matches (already recorded ones count). */
  waitFor(match: (call: RecordedCall | RecordedResponse) => boolean): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: RecordedCall[] = [];
  const attempts: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const troubles = new Map<string, Trouble[]>();
  const waiters: { match: (c: RecordedCall | RecordedResponse) => boolean; resolve: () => void }[] = [];
  let sequence = 0;
  const nextTs = () => `1700000000.${String(++sequence).padStart(6, '0')}`;

  const notify = (item: RecordedCall | RecordedResponse) => {
    for (const waiter of [...waiters]) {
      if (waiter.match(item)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const server: Server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const args = await readArgs(request);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (path.startsWith('/respond/')) {
      const recorded = { key: decodeURIComponent(path.slice('/respond/'.length)), body: args };
      responses.push(recorded);
      notify(recorded);
      return send(200, { ok: true });
    }
    const method = path.replace(/^\/api\//, '');
    const auth = request.headers.authorization;
    const call: RecordedCall = { method, args, token: auth?.replace(/^Bearer /, '') ?? (args.token as string) };
    attempts.push(call);
    const trouble = troubles.get(method)?.shift();
    if (trouble) {
      if ('retryAfter' in trouble)
        return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(trouble.retryAfter) });
      if ('error' in trouble) return send(200, { ok: false, error: trouble.error });
      return send(trouble.status, { ok: false, error: 'fake_failure' });
    }
    calls.push(call);
    notify(call);
    return send(200, answer(method, args, nextTs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (key) => `${base}/respond/${encodeURIComponent(key)}`,
    calls,
    attempts,
    responses,
    callsTo: (method) => calls.filter((call) => call.method === method),
    responsesTo: (key) => responses.filter((r) => r.key === key).map((r) => r.body),
    fail(method, trouble, times = 1) {
      troubles.set(method, [...(troubles.get(method) ?? []), ...Array.from({ length: times }, () => trouble)]);
    },
    waitFor(match) {
      if ([...calls, ...responses].some(match)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    reset() {
      calls.length = 0;
      attempts.length = 0;
      responses.length = 0;
      troubles.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answer(method: string, args: Record<string, unknown>, nextTs: () => string): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0PORTERO' };
    case 'chat.postMessage':
      return { ok: true, channel: args.channel, ts: nextTs(), message: { text: args.text } };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs() };
    case 'chat.update':
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
    case 'views.open':
      return { ok: true, view: { id: `V${nextTs().replace('.', '')}` } };
    default:
      return { ok: true };
  }
}

/** Form fields (WebClient's default, nested values as JSON) or a JSON body (response URLs). */
async function readArgs(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return {};
  if (request.headers['content-type']?.includes('application/json')) return JSON.parse(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const text = Array.isArray(value) ? value[0] : value;
    args[key] = typeof text === 'string' && /^[[{]/.test(text) ? JSON.parse(text) : text;
  }
  return args;
}

type TextObject = { type?: string; text?: unknown };
/** Every text Slack parses as mrkdwn in a message: its `text`, and the mrkdwn objects of its blocks. */
export function mrkdwnTexts(message: Record<string, unknown>): string[] {
  const texts: string[] = typeof message.text === 'string' ? [message.text] : [];
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const object = value as TextObject;
    if (object.type === 'mrkdwn' && typeof object.text === 'string') texts.push(object.text);
    for (const inner of Object.values(object)) visit(inner);
  };
  visit(message.blocks);
  return texts;
}

/**
 * The texts Slack shows formatted: the blocks' mrkdwn objects, and a message's `text` when it is what the channel
 * shows (no blocks) and formatting is not turned off (`mrkdwn: false`, recorded as the form field "false").
 */
export function formattedTexts(message: Record<string, unknown>): string[] {
  const shownText = message.blocks === undefined && String(message.mrkdwn) !== 'false';
  return mrkdwnTexts(message).slice(shownText || typeof message.text !== 'string' ? 0 : 1);
}
