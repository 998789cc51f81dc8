import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../../src/app/store-retry.ts';
import { appMention, BOT_USER, eventCallback, messageEvent } from '../../helpers/slack-signing.ts';
import { useSlack } from './slack-harness.ts';

// Customers who ask for support in chat get the policy's redirect: a normal message in a DM, an ephemeral one (only
// they see it) in a channel, with the accepted channels as buttons. Agents' mentions run commands.

type Blocks = { type: string; elements?: { type: string; url?: string; text?: { text: string } }[] }[];

const ASK = 'Hola, el sistema de facturación no funciona desde esta mañana, ¿pueden ayudarme?';

describe('Slack messages', () => {
  const h = useSlack();

  it('a DM asking for support gets the redirect as a normal message, with a button to the built-in portal', async () => {
    const response = await h.deliver(
      eventCallback('Ev0DM1', messageEvent({ user: 'UCUST', text: ASK, channel: 'D0CUST', channelType: 'im' })),
    );
    expect(response.status).toBe(200);
    expect(h.fake.callsTo('chat.postEphemeral')).toEqual([]);
    const [posted] = h.fake.callsTo('chat.postMessage');
    expect(posted?.args.channel).toBe('D0CUST');
    const buttons = ((posted?.args.blocks ?? []) as Blocks).find((block) => block.type === 'actions')?.elements ?? [];
    // itbx's help centre has no url in the preset: it is Portero's built-in portal.
    expect(buttons).toEqual([expect.objectContaining({ url: expect.stringMatching(/\/portal\/itbx\/$/) })]);
    expect(String(posted?.args.text)).toContain('Centro de asistencia de ITBX');
    expect(String(posted?.args.text)).not.toContain('.invalid');
  });

  it('a DM that cannot be dealt with (the database is gone) is answered as not done, never met with silence', async () => {
    h.failStore(new DatabaseUnavailableError(new Error('ECONNREFUSED')));
    const response = await h.deliver(
      eventCallback('Ev0DM9', messageEvent({ user: 'UCUST', text: ASK, channel: 'D0CUST', channelType: 'im' })),
    );
    expect(response.status).toBe(200);
    const [posted] = h.fake.callsTo('chat.postMessage');
    expect(posted?.args.channel).toBe('D0CUST');
    expect(String(posted?.args.text)).toContain('Not done: Portero could not save it just now.');
    expect(h.logs.some((line) => line.message === 'Slack message failed')).toBe(true);
  });

  it('in a Slack Connect channel the redirect is ephemeral, and the channel is taken as customer-facing', async () => {
    const event = messageEvent({ user: 'UCUST', text: ASK, channel: 'C0SHARED', channelType: 'channel' });
    await h.deliver(eventCallback('Ev0SH1', event, { sharedChannel: true }));
    const [ephemeral] = h.fake.callsTo('chat.postEphemeral');
    expect(ephemeral?.args).toMatchObject({ channel: 'C0SHARED', user: 'UCUST' });
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
    const binding = await h.p.deps.store.transaction((repos) => repos.bindings.find('slack', 'C0SHARED'));
    expect(binding).toMatchObject({ tenantId: 'itbx', purpose: 'customer' });
  });

  it('a channel marked customer-facing answers too; an internal one says nothing to a customer', async () => {
    await h.bind('C0MARKED', 'customer', null);
    await h.deliver(
      eventCallback('Ev0MK1', messageEvent({ user: 'UCUST', text: ASK, channel: 'C0MARKED', channelType: 'channel' })),
    );
    expect(h.fake.callsTo('chat.postEphemeral').map((call) => call.args.channel)).toEqual(['C0MARKED']);
    await h.deliver(
      eventCallback(
        'Ev0IN1',
        messageEvent({ user: 'UCUST', text: ASK, channel: 'C0INTERNAL', channelType: 'channel' }),
      ),
    );
    expect(h.fake.calls.filter((call) => call.args.channel === 'C0INTERNAL')).toEqual([]);
  });

  it('a retried event (same event_id) is acted on once', async () => {
    const request = eventCallback(
      'Ev0RETRY',
      messageEvent({ user: 'UCUST', text: ASK, channel: 'D0CUST', channelType: 'im' }),
    );
    await h.deliver(request);
    const retries = [1, 2, 3].map((n) =>
      h.deliver(request, { headers: { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' } }),
    );
    for (const response of await Promise.all(retries)) expect(response.status).toBe(200);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    const audited = await h.p.deps.store.transaction((repos) =>
      repos.events.list('itbx', { types: ['chat.redirected'] }),
    );
    expect(audited).toHaveLength(1);
  });

  it('an agent mentioning the bot in a channel runs the command and gets an ephemeral answer', async () => {
    await h.agent('ana', 'UANA');
    await h.deliver(
      eventCallback('Ev0AM1', appMention({ user: 'UANA', text: `<@${BOT_USER}> list`, channel: 'C0AGENTS' })),
    );
    const [answer] = h.fake.callsTo('chat.postEphemeral');
    expect(answer?.args).toMatchObject({ channel: 'C0AGENTS', user: 'UANA' });
    expect(String(answer?.args.text)).toMatch(/^Casos \(abiertos\): 0/);
  });

  it('a mention arrives twice (app_mention and the channel message): it is answered once', async () => {
    await h.bind('C0MARKED', 'customer', null);
    const text = `<@${BOT_USER}> ${ASK}`;
    await h.deliver(eventCallback('Ev0MM1', appMention({ user: 'UCUST', text, channel: 'C0MARKED' })));
    await h.deliver(
      eventCallback('Ev0MM2', messageEvent({ user: 'UCUST', text, channel: 'C0MARKED', channelType: 'channel' })),
    );
    expect(h.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    // Not even a "suppressed" decision for the copy: it never reached the core.
    const decisions = await h.p.deps.store.transaction((repos) => repos.events.list('itbx', {}));
    expect(decisions.map((event) => event.type)).toEqual(['chat.redirected']);
  });

  it('an agent talking in a channel without addressing the bot gets nothing', async () => {
    await h.agent('ana', 'UANA');
    await h.deliver(
      eventCallback(
        'Ev0AG1',
        messageEvent({ user: 'UANA', text: 'list', channel: 'C0AGENTS', channelType: 'channel' }),
      ),
    );
    expect(h.fake.calls).toEqual([]);
  });

  it('bot messages, edits and joins are not speech', async () => {
    for (const [id, extra] of [
      ['Ev0B1', { bot_id: 'BOTHER' }],
      ['Ev0B2', { subtype: 'message_changed' }],
      ['Ev0B3', { subtype: 'channel_join' }],
    ] as const) {
      const event = { ...messageEvent({ user: 'UCUST', text: ASK, channel: 'D0CUST', channelType: 'im' }), ...extra };
      await h.deliver(eventCallback(id, event));
    }
    expect(h.fake.calls).toEqual([]);
  });

  it('a DM from an unlinked workspace is told to ask its administrator, without ids; its channels hear nothing', async () => {
    await h.deliver(
      eventCallback('Ev0UL1', messageEvent({ user: 'UX', text: ASK, channel: 'D0X', channelType: 'im' }), {
        team: 'T0OTHER',
      }),
    );
    const told = String(h.fake.callsTo('chat.postMessage')[0]?.args.text);
    expect(told).toContain('Ask your Portero administrator to link it.');
    expect(told).not.toMatch(/T0OTHER|itbx/);
    expect(h.logs.filter((line) => line.level === 'warn').map((line) => line.fields)).toEqual([{ team: 'T0OTHER' }]);
    await h.deliver(
      eventCallback('Ev0UL2', messageEvent({ user: 'UX', text: ASK, channel: 'C0X', channelType: 'channel' }), {
        team: 'T0OTHER',
      }),
    );
    expect(h.fake.calls).toHaveLength(1);
  });
});
