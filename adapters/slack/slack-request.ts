import { type ParsedUrlQuery, parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';
import type { Context } from 'hono';
import { readBody } from '../http/read-body.ts';

// Reading one request to `/slack/events`: the body (with a size limit), Slack's signature and timestamp (Bolt's own
// verifySlackRequest), the payload. Bolt only refuses timestamps from the past; Slack's rule is five minutes either
// way, so one from the future is refused here too.

/** Where Slack sends commands, events and interactions (the manifest's request URLs). */
export const SLACK_ROUTE = '/slack/events';

/** Slack's own rule: a request signed more than five minutes from now, either way, may be a replay. */
export const MAX_SKEW_SECONDS = 5 * 60;
/** Slack's payloads are a few kilobytes; a view submission with long texts stays far below this. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export type RequestKind = 'command' | 'event' | 'interaction';
export type SlackBody = Record<string, unknown>;

/** An answer given without any work: a refusal, Slack's URL or certificate check. */
export interface InstantAnswer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
}

/** A request Slack signed: its payload, what kind it is, and its signature (the same bytes again are a replay). */
export interface SignedRequest {
  kind: RequestKind;
  body: SlackBody;
  signature: string;
}

export interface ReadOptions {
  signingSecret: string;
  nowMs: number;
  bodyLimit: number;
}

/** Reads and checks a request: Slack's payload, or the answer it gets at once. */
export async function readSlackRequest(
  c: Context,
  options: ReadOptions,
): Promise<SignedRequest | { answer: InstantAnswer }> {
  if (c.req.method !== 'POST') return { answer: { status: 405 } };
  const raw = await readBody(c, options.bodyLimit);
  if (raw === 'aborted') return { answer: { status: 400, headers: { connection: 'close' } } };
  if (raw === 'too-large') return { answer: { status: 413, headers: { connection: 'close' } } };
  const text = raw.toString('utf8');
  const form = c.req.header('content-type')?.startsWith('application/x-www-form-urlencoded')
    ? parseQuery(text)
    : undefined;
  // Slack's certificate check carries nothing to act on and may come unsigned.
  if (form?.ssl_check === '1') return { answer: { status: 200 } };
  const signature = c.req.header('x-slack-signature');
  const timestamp = Number(c.req.header('x-slack-request-timestamp'));
  const fresh = Number.isInteger(timestamp) && timestamp - options.nowMs / 1000 <= MAX_SKEW_SECONDS;
  const signed =
    fresh &&
    typeof signature === 'string' &&
    isValidSlackRequest({
      signingSecret: options.signingSecret,
      body: text,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: options.nowMs,
    });
  if (!signed) return { answer: { status: 401 } };
  let body: SlackBody;
  try {
    body = parseBody(text, form);
  } catch {
    return { answer: { status: 400 } };
  }
  if (body.type === 'url_verification') return { answer: { status: 200, json: { challenge: body.challenge } } };
  return { kind: requestKind(body), body, signature };
}

export function answer(c: Context, instant: InstantAnswer): Response {
  if (instant.json !== undefined) return c.json(instant.json, instant.status as 200, instant.headers);
  return c.body(null, instant.status as 200, instant.headers);
}

/** The retry headers Slack adds when it sends an event again, as Bolt's listeners see them. */
export function retryOf(c: Context): { retryNum?: number; retryReason?: string } {
  const num = Number.parseInt(String(c.req.header('x-slack-retry-num')), 10);
  const reason = c.req.header('x-slack-retry-reason');
  return {
    ...(Number.isInteger(num) && { retryNum: num }),
    ...(typeof reason === 'string' && { retryReason: reason }),
  };
}

export function requestKind(body: SlackBody): RequestKind {
  if (typeof body.command === 'string') return 'command';
  if (body.type === 'event_callback') return 'event';
  return 'interaction';
}

/** As Bolt parses it: a form's `payload` field holds an interaction's JSON; any other form is a slash command. */
function parseBody(text: string, form: ParsedUrlQuery | undefined): SlackBody {
  const parsed: unknown = !form ? JSON.parse(text) : typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a payload');
  return parsed as SlackBody;
}
