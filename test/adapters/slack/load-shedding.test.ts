import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../adapters/slack/blocks.ts';
import { blockAction, eventCallback, messageEvent, slashCommand } from '../../helpers/slack-signing.ts';
import { type SlackHarness, useSlack } from './slack-harness.ts';

// The work queue is bounded: one item runs, one may wait. With the store held, a first command runs (stuck in the
// store) and a second waits; whatever comes next is shed at once, with no work behind it: a command gets the busy
// answer (ephemeral, in the language known without the store), an event or an interaction a 503 with Retry-After.

const BUSY_ES = 'Portero está ocupado: inténtalo de nuevo en un momento.';
const BUSY_EN = 'Portero is busy: try again in a moment.';

function commands(h: SlackHarness) {
  return (key: string, text = 'list', team?: string) =>
    slashCommand({ text, user: 'UANA', responseUrl: h.fake.responseUrl(key), ...(team && { team }) });
}

describe('load shedding', () => {
  const h = useSlack({ concurrency: 1, capacity: 1 });
  const command = commands(h);

  /** A command answered in full (the workspace and the agent are now known), then the queue filled. */
  async function fill() {
    await h.agent('ana', 'UANA');
    await h.deliver(command('warm', 'help'));
    const store = h.holdStore();
    const running = await h.send(command('running'));
    await store.entered;
    const waiting = await h.send(command('waiting'));
    expect(await running.text()).toBe('');
    expect(await waiting.text()).toBe('');
    return store;
  }

  it('a command gets the busy answer at once, in the workspace’s language, and is never worked on', async () => {
    const store = await fill();
    const shed = await h.send(command('shed'));
    expect(shed.status).toBe(200);
    expect(await shed.json()).toEqual({ response_type: 'ephemeral', text: BUSY_ES });
    // A workspace not seen yet: no language is known without asking the store, so both.
    const stranger = await h.send(command('stranger', 'list', 'T0UNSEEN'));
    expect(await stranger.json()).toEqual({ response_type: 'ephemeral', text: `${BUSY_ES}\n${BUSY_EN}` });
    store.open();
    await h.platform.drain();
    expect(h.fake.responsesTo('running')).toHaveLength(1);
    expect(h.fake.responsesTo('waiting')).toHaveLength(1);
    expect(h.fake.responsesTo('shed')).toEqual([]);
    expect(h.fake.responsesTo('stranger')).toEqual([]);
    // Room again: the same command is acked empty and answered.
    const again = await h.deliver(command('again'));
    expect(await again.text()).toBe('');
    expect(h.fake.responsesTo('again')).toHaveLength(1);
  });

  it('an event and a button click get 503 with Retry-After; the operator gets one line with the counts', async () => {
    const store = await fill();
    const event = await h.send(
      eventCallback('Ev0SHED', messageEvent({ user: 'UCUST', text: 'ayuda', channel: 'D0CUST', channelType: 'im' })),
    );
    expect(event.status).toBe(503);
    expect(event.headers.get('retry-after')).toBe('5');
    const click = await h.send(
      blockAction({
        user: 'UANA',
        actionId: `${ACTION.command}.0`,
        value: 'list',
        channel: 'C0AGENTS',
        responseUrl: h.fake.responseUrl('click'),
      }),
    );
    expect(click.status).toBe(503);
    expect(click.headers.get('retry-after')).toBe('5');
    await h.send(command('shed'));
    store.open();
    await h.platform.stop();
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(h.fake.responsesTo('click')).toEqual([]);
    const shedLines = h.logs.filter((line) => line.message.startsWith('Slack busy'));
    expect(shedLines).toEqual([
      {
        level: 'warn',
        fields: { shed: { command: 1, event: 1, interaction: 1 } },
        message: 'Slack busy: requests shed, the work queue is full',
      },
    ]);
  });

  it('an event shed with 503 is acted on when Slack retries it, and only once', async () => {
    const store = await fill();
    const dm = eventCallback(
      'Ev0RETRY',
      messageEvent({ user: 'UCUST', text: 'ayuda', channel: 'D0CUST', channelType: 'im' }),
    );
    expect((await h.send(dm)).status).toBe(503);
    store.open();
    await h.platform.drain();
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(
      (await h.deliver(dm, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } })).status,
    ).toBe(200);
    expect(
      (await h.deliver(dm, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' } })).status,
    ).toBe(200);
    expect(h.fake.callsTo('chat.postMessage').map((call) => call.args.channel)).toEqual(['D0CUST']);
  });
});

describe('the work queue’s line', () => {
  const h = useSlack({ concurrency: 1, capacity: 5 });
  const command = commands(h);

  it('a command that opens a modal goes ahead of the commands waiting, while its trigger lives', async () => {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme');
    await h.deliver(command('warm', 'help'));
    const store = h.holdStore();
    await h.send(command('running'));
    await store.entered;
    await h.send(command('waiting'));
    await h.send(slashCommand({ text: 'new', user: 'UANA', responseUrl: h.fake.responseUrl('new') }));
    store.open();
    await h.fake.waitFor((item) => 'method' in item && item.method === 'views.open');
    expect(h.fake.responsesTo('running')).toHaveLength(1);
    // The command that came before the modal's still waits: it runs once the modal is open.
    expect(h.fake.responsesTo('waiting')).toEqual([]);
    await h.platform.drain();
    expect(h.fake.responsesTo('waiting')).toHaveLength(1);
  });
});
