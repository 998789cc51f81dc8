import { describe, expect, it } from 'vitest';
import {
  eventCallback,
  messageEvent,
  slackSignature,
  slashCommand,
  viewSubmission,
} from '../../helpers/slack-signing.ts';
import { BOT_TOKEN, useSlack } from './slack-harness.ts';

// What reaches the app at all: only requests signed with the app's secret, within five minutes of the app's clock
// either way, under the size limit. Everything refused is refused before Bolt runs a listener.

describe('the /slack/events endpoint', () => {
  const h = useSlack();

  const command = () => slashCommand({ text: 'help', user: 'UANA', responseUrl: h.fake.responseUrl('help') });

  it('answers a correctly signed request', async () => {
    await h.agent('ana', 'UANA');
    expect((await h.deliver(command())).status).toBe(200);
    expect(h.fake.responsesTo('help')).toHaveLength(1);
  });

  it('refuses a signature made with another secret', async () => {
    await h.agent('ana', 'UANA');
    const response = await h.deliver(command(), { secret: 'not-the-secret' });
    expect(response.status).toBe(401);
    expect(h.fake.responses).toEqual([]);
  });

  it('says once per burst, with the count, that requests were refused for their signature', async () => {
    for (let copy = 0; copy < 3; copy++) await h.deliver(command(), { secret: 'not-the-secret' });
    await h.platform.stop();
    expect(h.logs.filter((line) => line.fields.refused)).toEqual([
      {
        level: 'warn',
        fields: { refused: { signature: 3 } },
        message: 'Slack requests refused: not signed with SLACK_SIGNING_SECRET',
      },
    ]);
  });

  it('refuses a body changed after signing', async () => {
    await h.agent('ana', 'UANA');
    const signed = command();
    const timestamp = h.nowSec();
    const response = await fetch(h.url, {
      method: 'POST',
      headers: {
        'content-type': signed.contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(signed.body, timestamp),
      },
      body: signed.body.replace('help', 'list'),
    });
    expect(response.status).toBe(401);
    await h.platform.drain();
    expect(h.fake.responses).toEqual([]);
  });

  it('refuses a request without signature headers', async () => {
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it('refuses timestamps more than five minutes away, in the past or in the future', async () => {
    await h.agent('ana', 'UANA');
    const now = h.nowSec();
    expect((await h.deliver(command(), { timestamp: now - 301 })).status).toBe(401);
    expect((await h.deliver(command(), { timestamp: now + 301 })).status).toBe(401);
    expect(h.fake.responses).toEqual([]);
    // Inside the window either way is fine: clocks drift.
    expect((await h.deliver(command(), { timestamp: now - 299 })).status).toBe(200);
    expect((await h.deliver(command(), { timestamp: now + 299 })).status).toBe(200);
    expect(h.fake.responsesTo('help')).toHaveLength(2);
  });

  it('refuses a body over the limit (1 MiB) without reading it into the app', async () => {
    const big = eventCallback(
      'Ev0BIG',
      messageEvent({ user: 'UX', text: 'x'.repeat(1024 * 1024), channel: 'D1', channelType: 'im' }),
    );
    const response = await h.deliver(big);
    expect(response.status).toBe(413);
    // Streamed without a Content-Length, the limit still holds while reading.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(h.nowSec()) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await h.platform.drain();
    expect(h.fake.calls).toEqual([]);
  });

  it('answers Slack’s url_verification challenge, signed', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const response = await h.send({ body, contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'c-123' });
    expect((await h.send({ body, contentType: 'application/json' }, { secret: 'wrong' })).status).toBe(401);
  });

  it('takes POST only, and says 400 to a signed body that is not a payload', async () => {
    expect((await fetch(h.url)).status).toBe(405);
    expect((await h.send({ body: '{not json', contentType: 'application/json' })).status).toBe(400);
  });

  it('never logs the bot token, the signing secret or what people wrote', async () => {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme');
    await h.deliver(
      slashCommand({
        text: 'new alta acme Secret printer SAGA-7781',
        user: 'UANA',
        responseUrl: h.fake.responseUrl('n'),
      }),
    );
    await h.deliver(command(), { secret: 'wrong' });
    await h.deliver(
      eventCallback(
        'Ev1',
        messageEvent({ user: 'UCUST', text: 'mi impresora SAGA-7781 falla', channel: 'D9', channelType: 'im' }),
      ),
    );
    expect(h.fake.callsTo('chat.postMessage')[0]?.token).toBe(BOT_TOKEN);
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toContain('SAGA-7781');
    expect(logged).not.toContain(BOT_TOKEN);
    expect(logged).not.toContain('test-signing-secret');
  });

  it('a signed command sent again (the same bytes within the five minutes) is acted on once', async () => {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme');
    const request = slashCommand({
      text: 'new alta acme Impresora',
      user: 'UANA',
      responseUrl: h.fake.responseUrl('n'),
    });
    const timestamp = h.nowSec();
    for (let copy = 0; copy < 5; copy++) expect((await h.deliver(request, { timestamp })).status).toBe(200);
    expect(h.fake.responsesTo('n')).toHaveLength(1);
    expect(await h.caseNumber(1)).toBeDefined();
    expect(await h.caseNumber(2)).toBeUndefined();
    expect(h.logs.filter((line) => line.message === 'Slack command replayed: ignored')).toHaveLength(4);
    // Signed again (another second) it is another request, as when an agent types it twice.
    expect((await h.deliver(request, { timestamp: timestamp + 1 })).status).toBe(200);
    expect(await h.caseNumber(2)).toBeDefined();
  });

  it('a modal submission sent again is refused with 409 and its listener does not run', async () => {
    await h.agent('ana', 'UANA');
    const submission = viewSubmission({
      user: 'UANA',
      view: { id: 'V0', callback_id: 'portero.new_case', private_metadata: '' },
      values: { title: { value: ' ' } },
    });
    const timestamp = h.nowSec();
    const first = await h.deliver(submission, { timestamp });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ response_action: 'errors' });
    const again = await h.deliver(submission, { timestamp });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'this request was already received' });
  });
});
