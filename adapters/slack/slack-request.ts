import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type ParsedUrlQuery, parse as parseQuery } from 'node:querystring';
import { readBody } from '../http/read-body.ts';

// Reading one request to `/slack/events`: the body (with a size limit), Slack's signature and timestamp, the payload.
// Both the front process (which acks) and the receiver behind it (which runs Bolt) read requests this way.
//
// The signature is checked with node:crypto's timingSafeEqual rather than Bolt's verifySlackRequest: Bolt compares
// through tsscmp, which draws random bytes and computes two more HMACs per request, a tenth of the ack path's time.
// Bolt also lets a timestamp from the future through; Slack's rule is five minutes either way.

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

/** A request Slack signed: its payload, what kind it is, and the bytes as they came (to pass them on). */
export interface SignedRequest {
  kind: RequestKind;
  body: SlackBody;
  raw: Buffer;
}

export interface ReadOptions {
  signingSecret: string;
  nowMs: number;
  bodyLimit: number;
}

/** Reads and checks a request: Slack's payload, or the answer it gets at once. */
export async function readSlackRequest(
  request: IncomingMessage,
  options: ReadOptions,
): Promise<SignedRequest | { answer: InstantAnswer }> {
  if (request.method !== 'POST') return { answer: { status: 405 } };
  let raw: Buffer | 'too-large';
  try {
    raw = await readBody(request, options.bodyLimit);
  } catch {
    return { answer: { status: 400, headers: { connection: 'close' } } };
  }
  if (raw === 'too-large') return { answer: { status: 413, headers: { connection: 'close' } } };
  const text = raw.toString('utf8');
  const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
    ? parseQuery(text)
    : undefined;
  // Slack's certificate check carries nothing to act on and may come unsigned.
  if (form?.ssl_check === '1') return { answer: { status: 200 } };
  if (!signedBySlack(request.headers, raw, options)) return { answer: { status: 401 } };
  let body: SlackBody;
  try {
    body = parseBody(text, form);
  } catch {
    return { answer: { status: 400 } };
  }
  if (body.type === 'url_verification') return { answer: { status: 200, json: { challenge: body.challenge } } };
  return { kind: requestKind(body), body, raw };
}

/** Writes an instant answer in one piece: with its length known, Node sends head and body in one write. */
export function writeAnswer(response: ServerResponse, instant: InstantAnswer): void {
  const body = instant.json === undefined ? '' : JSON.stringify(instant.json);
  response.writeHead(instant.status, {
    ...instant.headers,
    ...(body && { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/** The retry headers Slack adds when it sends an event again, as Bolt's listeners see them. */
export function retryOf(headers: IncomingHttpHeaders): { retryNum?: number; retryReason?: string } {
  const num = Number.parseInt(String(headers['x-slack-retry-num']), 10);
  const reason = headers['x-slack-retry-reason'];
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

function signedBySlack(headers: IncomingHttpHeaders, raw: Buffer, options: ReadOptions): boolean {
  const signature = headers['x-slack-signature'];
  const timestamp = Number(headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isInteger(timestamp)) return false;
  if (Math.abs(options.nowMs / 1000 - timestamp) > MAX_SKEW_SECONDS) return false;
  const hmac = createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:`).update(raw);
  const expected = Buffer.from(`v0=${hmac.digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** As Bolt parses it: a form's `payload` field holds an interaction's JSON; any other form is a slash command. */
function parseBody(text: string, form: ParsedUrlQuery | undefined): SlackBody {
  const parsed: unknown = !form ? JSON.parse(text) : typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a payload');
  return parsed as SlackBody;
}
