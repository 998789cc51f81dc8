import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackFront } from '../../../adapters/slack/slack-front.ts';
import type { AckedRequest } from '../../../adapters/slack/slack-receiver.ts';
import type { Locale } from '../../../src/domain/policy/localized-text.ts';
import {
  blockAction,
  eventCallback,
  messageEvent,
  SIGNING_SECRET,
  sendSigned,
  slashCommand,
} from '../../helpers/slack-signing.ts';

// The front process's `/slack/events` (portero serve): it acks commands and events itself and hands them to the
// worker, sheds past its limit, and passes interactions on untouched. Here the worker is a stand-in whose work ends
// when the test says; the HTTP is real.

const BUSY_ES = 'Portero está ocupado: inténtalo de nuevo en un momento.';
const BUSY_EN = 'Portero is busy: try again in a moment.';
const now = () => Math.floor(Date.now() / 1000);

interface HandedOver {
  request: AckedRequest;
  finish(locale: Locale | undefined): void;
}

let server: Server;
let url: string;
let handedOver: HandedOver[];
let passed: { kind: string; body: string }[];
let logged: { fields: Record<string, unknown>; message: string }[];

async function startFront(limit: number) {
  handedOver = [];
  passed = [];
  logged = [];
  const record = (fields: Record<string, unknown>, message: string) => logged.push({ fields, message });
  const front = createSlackFront({
    signingSecret: SIGNING_SECRET,
    now: () => new Date(),
    limit,
    handOver: (request) => new Promise<Locale | undefined>((resolve) => handedOver.push({ request, finish: resolve })),
    pass: (request, response, body) => {
      passed.push({ kind: String(request.headers['content-type']), body: body.toString() });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"passed":true}');
    },
    log: { info: record, warn: record, error: record },
  });
  server = createServer((request, response) => void front.route(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return front;
}

const command = (text: string, user = 'UANA', team?: string) =>
  slashCommand({ text, user, responseUrl: 'http://127.0.0.1:9/respond', ...(team && { team }) });

/** Lets the front's `.then` after a finished hand-over run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the front’s Slack route', () => {
  beforeEach(() => {
    handedOver = [];
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('acks a command with an empty 200 before its work is done, and hands it over with Slack’s retry headers', async () => {
    await startFront(10);
    const acked = await sendSigned(url, command('show ITBX-1'), { timestamp: now() });
    expect(acked.status).toBe(200);
    expect(await acked.text()).toBe('');
    const event = eventCallback(
      'Ev0RETRY',
      messageEvent({ user: 'UC', text: 'hola', channel: 'D0C', channelType: 'im' }),
    );
    const retried = await sendSigned(url, event, {
      timestamp: now(),
      headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retried.status).toBe(200);
    // Neither hand-over has finished: the acks did not wait for the work.
    expect(handedOver.map((h) => h.request.body.command ?? h.request.body.event_id)).toEqual(['/case', 'Ev0RETRY']);
    expect(handedOver[0]!.request.body.text).toBe('show ITBX-1');
    expect(handedOver[1]!.request).toMatchObject({ retryNum: 2, retryReason: 'http_timeout' });
    expect(handedOver[0]!.request.retryNum).toBeUndefined();
  });

  it('past its limit it sheds: a command hears "busy" (in the sender’s language once learnt), an event a 503', async () => {
    const front = await startFront(1);
    await sendSigned(url, command('list'), { timestamp: now() });
    const busy = await sendSigned(url, command('list'), { timestamp: now() });
    expect(await busy.json()).toEqual({ response_type: 'ephemeral', text: `${BUSY_ES}\n${BUSY_EN}` });
    const event = eventCallback(
      'Ev0SHED',
      messageEvent({ user: 'UC', text: 'hola', channel: 'D0C', channelType: 'im' }),
    );
    const refused = await sendSigned(url, event, { timestamp: now() });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(handedOver).toHaveLength(1);

    // The work is done; the worker said the sender's language is English. Room again, then full again.
    handedOver[0]!.finish('en');
    await settle();
    await sendSigned(url, command('list'), { timestamp: now() });
    const english = await sendSigned(url, command('list'), { timestamp: now() });
    expect(await english.json()).toEqual({ response_type: 'ephemeral', text: BUSY_EN });
    const stranger = await sendSigned(url, command('list', 'UOTHER'), { timestamp: now() });
    expect(await stranger.json()).toEqual({ response_type: 'ephemeral', text: `${BUSY_ES}\n${BUSY_EN}` });
    expect(handedOver).toHaveLength(2);

    front.flush();
    expect(logged).toContainEqual({
      fields: { shed: { command: 3, event: 1, interaction: 0 } },
      message: 'Slack busy: requests shed, the work queue is full',
    });
  });

  it('passes an interaction on as it came: its answer is the listener’s, so the worker writes it', async () => {
    await startFront(10);
    const click = blockAction({
      user: 'UANA',
      actionId: 'portero.assign_me',
      value: 'ITBX-1',
      channel: 'C0AGENTS',
      responseUrl: 'http://127.0.0.1:9/respond',
    });
    const answer = await sendSigned(url, click, { timestamp: now() });
    expect(await answer.json()).toEqual({ passed: true });
    expect(passed).toEqual([{ kind: click.contentType, body: click.body }]);
    expect(handedOver).toEqual([]);
  });

  it('refuses what Slack did not sign, or signed too long ago or too far ahead, and hands nothing over', async () => {
    await startFront(10);
    const forged = await sendSigned(url, command('list'), { timestamp: now(), secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await sendSigned(url, command('list'), { timestamp: now() - 301 });
    expect(stale.status).toBe(401);
    const ahead = await sendSigned(url, command('list'), { timestamp: now() + 301 });
    expect(ahead.status).toBe(401);
    const tooLarge = await fetch(url, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(tooLarge.status).toBe(413);
    // Sent in chunks, with no length declared: counted as it comes.
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 17; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
        controller.close();
      },
    });
    const chunked = await fetch(url, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(handedOver).toEqual([]);
    expect(passed).toEqual([]);
  });

  it('answers Slack’s URL check and certificate check itself, and 400 to a signed body that is no payload', async () => {
    await startFront(10);
    const json = (body: unknown) => ({ contentType: 'application/json', body: JSON.stringify(body) });
    const challenge = await sendSigned(url, json({ type: 'url_verification', challenge: 'c-42' }), {
      timestamp: now(),
    });
    expect(await challenge.json()).toEqual({ challenge: 'c-42' });
    const certificate = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x',
    });
    expect(certificate.status).toBe(200);
    const garbage = await sendSigned(url, { contentType: 'application/json', body: '[1, 2' }, { timestamp: now() });
    expect(garbage.status).toBe(400);
    expect(handedOver).toEqual([]);
    expect(passed).toEqual([]);
  });
});
