import { describe, expect, it } from 'vitest';
import { createPrometheusMetrics } from '../../../adapters/metrics/prometheus-metrics.ts';
import { eventCallback, messageEvent, slashCommand } from '../../helpers/slack-signing.ts';
import { useSlack } from '../slack/slack-harness.ts';

// The chat side of /metrics through real Bolt on the real server: a shed request, a customer redirected, commands
// answered and refused (and nothing the customer wrote in the logs). One work slot and one waiting place, as in load-shedding.test.ts.

const prometheus = createPrometheusMetrics({ defaultMetrics: false });
const h = useSlack({ concurrency: 1, capacity: 1 }, { metrics: prometheus.metrics });

async function samples(name: string) {
  const text = await prometheus.registry.metrics();
  return text.split('\n').filter((line) => line.startsWith(`${name}{`));
}

describe('chat metrics', () => {
  it('a request shed while the queue is full is counted by platform and kind; its work is not', async () => {
    prometheus.registry.resetMetrics();
    await h.agent('ana', 'UANA');
    await h.deliver(slashCommand({ text: 'help', user: 'UANA', responseUrl: h.fake.responseUrl('warm') }));
    const store = h.holdStore();
    await h.send(slashCommand({ text: 'list', user: 'UANA', responseUrl: h.fake.responseUrl('running') }));
    await store.entered;
    await h.send(slashCommand({ text: 'list', user: 'UANA', responseUrl: h.fake.responseUrl('waiting') }));
    const shed = await h.send(slashCommand({ text: 'list', user: 'UANA', responseUrl: h.fake.responseUrl('shed') }));
    expect(shed.status).toBe(200);
    store.open();
    await h.platform.drain();
    expect(await samples('portero_requests_shed_total')).toEqual([
      'portero_requests_shed_total{platform="slack",kind="command"} 1',
    ]);
    // warm, running and waiting were worked on; the shed one was not.
    expect(await samples('portero_request_work_duration_seconds_count')).toEqual([
      'portero_request_work_duration_seconds_count{platform="slack",kind="command"} 3',
    ]);
    expect(await samples('portero_commands_total')).toEqual([
      'portero_commands_total{platform="slack",command="help",outcome="done"} 1',
      'portero_commands_total{platform="slack",command="list",outcome="done"} 2',
    ]);
  });

  it('a customer redirected and an agent command refused are counted by tenant, platform and outcome', async () => {
    prometheus.registry.resetMetrics();
    await h.agent('ana', 'UANA');
    await h.deliver(
      eventCallback(
        'Ev0HELP',
        messageEvent({
          user: 'UCUST',
          text: 'el portal no carga, escríbanme a carlos@acme.example, mi contraseña: Hunter2!',
          channel: 'D0CUST',
          channelType: 'im',
        }),
      ),
    );
    await h.deliver(
      eventCallback(
        'Ev0THANKS',
        messageEvent({ user: 'UCUST2', text: 'gracias', channel: 'D0CUST2', channelType: 'im' }),
      ),
    );
    await h.deliver(slashCommand({ text: 'close 99 listo', user: 'UANA', responseUrl: h.fake.responseUrl('close') }));
    expect(await samples('portero_chat_messages_total')).toEqual([
      'portero_chat_messages_total{tenant="itbx",platform="slack",decision="redirected"} 1',
      'portero_chat_messages_total{tenant="itbx",platform="slack",decision="ignored"} 1',
    ]);
    expect(await samples('portero_commands_total')).toEqual([
      'portero_commands_total{platform="slack",command="close",outcome="refused"} 1',
    ]);
    // What the customer wrote never reaches a log line.
    expect(JSON.stringify(h.logs)).not.toMatch(/carlos@acme|Hunter2|portal no carga/);
    expect(await samples('portero_case_refusals_total')).toEqual([
      'portero_case_refusals_total{tenant="itbx",channel="slack",use_case="close",code="case.not_found"} 1',
    ]);
  });
});
