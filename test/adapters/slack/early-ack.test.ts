import { describe, expect, it } from 'vitest';
import { eventCallback, messageEvent, slashCommand, viewSubmission } from '../../helpers/slack-signing.ts';
import { useSlack } from './slack-harness.ts';

// Commands and events are acknowledged by the receiver as soon as the request is known to be Slack's, before Bolt's
// middleware or a listener runs; the answer follows through the response_url or the Web API. Interactions keep Bolt's
// own ack, because a modal's field errors travel in the HTTP answer. A latch in Bolt's global middleware holds
// everything Bolt does until the test opens it.

function latch() {
  let open = () => {};
  let enter = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  return { opened, entered, open, enter };
}

describe('the early ack', () => {
  const h = useSlack();

  function holdBolt() {
    const bolt = latch();
    h.platform.app.use(async ({ next }) => {
      bolt.enter();
      await bolt.opened;
      await next();
    });
    return bolt;
  }

  it('a command gets its empty 200 while Bolt has not run yet; the answer comes after, through the response_url', async () => {
    await h.agent('ana', 'UANA');
    const bolt = holdBolt();
    const response = await h.send(slashCommand({ text: 'help', user: 'UANA', responseUrl: h.fake.responseUrl('k') }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await bolt.entered;
    expect(h.fake.responses).toEqual([]);
    bolt.open();
    await h.platform.drain();
    expect(h.fake.responsesTo('k')).toHaveLength(1);
  });

  it('an event gets its 200 while Bolt has not run yet; the reply is posted after', async () => {
    const bolt = holdBolt();
    const event = messageEvent({ user: 'UCUST', text: 'necesito ayuda', channel: 'D0CUST', channelType: 'im' });
    const response = await h.send(eventCallback('Ev0EARLY', event));
    expect(response.status).toBe(200);
    await bolt.entered;
    expect(h.fake.calls).toEqual([]);
    bolt.open();
    await h.platform.drain();
    expect(h.fake.callsTo('chat.postMessage').map((call) => call.args.channel)).toEqual(['D0CUST']);
  });

  it('a modal submission still waits for its listener: the field errors come in the HTTP answer', async () => {
    await h.agent('ana', 'UANA');
    await h.p.customer('itbx', 'acme');
    await h.deliver(slashCommand({ text: 'new', user: 'UANA', responseUrl: h.fake.responseUrl('new') }));
    const view = h.fake.callsTo('views.open')[0]!.args.view as Record<string, unknown>;
    const bolt = holdBolt();
    const sent = h.send(
      viewSubmission({
        user: 'UANA',
        view,
        values: { customer: { selected: 'acme' }, priority: { selected: 'media' }, title: { value: ' ' } },
      }),
    );
    await bolt.entered;
    bolt.open();
    const response = await sent;
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { title: 'Este campo es obligatorio.' },
    });
  });
});
