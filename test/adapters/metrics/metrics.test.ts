import { describe, expect, it } from 'vitest';
import { parseIncoming } from '../../../adapters/email/parse-incoming.ts';
import { createSmtpDeliverer } from '../../../adapters/email/smtp.deliverer.ts';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { metricsRoute } from '../../../adapters/metrics/metrics-route.ts';
import { opsGauges } from '../../../adapters/metrics/ops-gauges.ts';
import { createPrometheusMetrics } from '../../../adapters/metrics/prometheus-metrics.ts';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { createQueue } from '../../../db/repositories/store.ts';
import { mailboxes, outbox } from '../../../db/schema/index.ts';
import { moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { emailDeliveredHook } from '../../../src/app/mail/delivered-recipients.ts';
import { receiveMail } from '../../../src/app/mail/receive-mail.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import { fixtureMail, simpleMessage } from '../../helpers/mail-fixtures.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { startSmtpSink } from '../../helpers/smtp-sink.ts';

// /metrics as Prometheus reads it: the real registry behind the real route, over the real database. Each metric is
// shown to move when the thing it counts happens.

const TOKEN = 'a-metrics-token-of-32-characters';

/** The sample lines of a scrape, without the HELP and TYPE comments. */
async function scrape(app: ReturnType<typeof createHttpApp>, token?: string) {
  const answer = await app.request('/metrics', token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toContain('text/plain');
  return (await answer.text()).split('\n').filter((line) => line && !line.startsWith('#'));
}

/** A gauge that cannot be read fails the test, not just leaves its samples out. */
const failLoudly = (_gauge: string, error: unknown) => {
  throw error;
};

describe('/metrics', () => {
  const p = usePortero();

  function serve(options: { token?: string } = {}) {
    const prometheus = createPrometheusMetrics({ onReadError: failLoudly });
    for (const gauge of opsGauges((now) => createOpsStore(p.t.db).snapshot(now), p.clock)) prometheus.addGauge(gauge);
    const app = createHttpApp({
      routes: { '/metrics': metricsRoute(prometheus.registry, options) },
      ready: async () => ({ ok: true, detail: 'test' }),
      observe: prometheus.metrics.httpRequest,
    });
    return { app, metrics: prometheus.metrics, deps: { ...p.deps, metrics: prometheus.metrics } };
  }

  it('opening a case and a refused move count by tenant, channel and code; the open-case gauge follows', async () => {
    const { app, deps } = serve();
    const ana = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const caller = p.asAgent('itbx', ana);
    const before = await scrape(app);
    expect(before).toContain('portero_cases_breaching{tenant="itbx"} 0');
    expect(before.filter((line) => line.startsWith('portero_cases_opened_total'))).toEqual([]);

    p.ok(await openCase({ deps, caller, customer: 'acme', title: 'Portal caído', priority: 'alta' }));
    const refused = await moveCase({ deps, caller, ref: { number: 1 }, state: 'cerrada' });
    expect(refused.ok).toBe(false);
    p.clock.advance(6_000); // past the gauges' cache

    const after = await scrape(app);
    expect(after).toContain('portero_cases_opened_total{tenant="itbx",channel="console"} 1');
    expect(after).toContain(
      'portero_case_refusals_total{tenant="itbx",channel="console",use_case="move",code="case.invalid_transition"} 1',
    );
    expect(after).toContain('portero_cases_open{tenant="itbx",state="abierto"} 1');
    // Process defaults are there too, and nothing is labelled by a case or a person.
    expect(after.some((line) => line.startsWith('portero_process_cpu_user_seconds_total'))).toBe(true);
    expect(after.join('\n')).not.toMatch(/ITBX-1|ana|acme|case_id|person|email/);
  });

  it('the gauges are read once per cache period, however often Prometheus scrapes', async () => {
    const { app, deps } = serve();
    const ana = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    await scrape(app);
    p.ok(await openCase({ deps, caller: p.asAgent('itbx', ana), customer: 'acme', title: 'Portal caído' }));
    expect((await scrape(app)).filter((line) => line.startsWith('portero_cases_open{'))).toEqual([]);
    p.clock.advance(6_000);
    expect(await scrape(app)).toContain('portero_cases_open{tenant="itbx",state="abierto"} 1');
  });

  it('a dead-lettered row counts as a delivery outcome and shows in the dead gauge; a pending one ages', async () => {
    const { app, metrics } = serve();
    await p.deps.store.transaction((repos) =>
      repos.outbox.enqueue([
        {
          tenantId: 'itbx',
          caseId: null,
          target: 'slack',
          destination: 'C0GONE',
          kind: 'case.update',
          payload: {},
          dedupKey: 'k1',
        },
        {
          tenantId: 'itbx',
          caseId: null,
          target: 'teams',
          destination: 'conv',
          kind: 'case.update',
          payload: {},
          dedupKey: 'k2',
          notBefore: new Date(p.clock.now().getTime() + 60_000),
        },
      ]),
    );
    const report = await relayOnce({
      queue: p.queue,
      clock: p.clock,
      metrics,
      deliverers: { slack: { deliver: async () => ({ ok: false, error: 'channel_not_found', permanent: true }) } },
    });
    expect(report.dead).toBe(1);
    // Rows are stamped by the database's clock; this test's clock is another: written 90 s before it.
    await p.t.db.update(outbox).set({ createdAt: new Date(p.clock.now().getTime() - 90_000) });
    const lines = await scrape(app);
    expect(lines).toContain('portero_outbox_deliveries_total{target="slack",outcome="dead"} 1');
    expect(lines).toContain('portero_outbox_dead_letters_total{target="slack"} 1');
    expect(lines).toContain('portero_outbox_dead{target="slack"} 1');
    expect(lines).toContain('portero_outbox_pending{target="teams"} 1');
    expect(lines).toContain('portero_outbox_oldest_pending_age_seconds 90');
  });

  it('with PORTERO_METRICS_TOKEN, only its bearer is answered', async () => {
    const { app } = serve({ token: TOKEN });
    const none = await app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.text()).not.toContain('portero_');
    const wrong = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    const basic = await app.request('/metrics', { headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
    expect((await scrape(app, TOKEN)).length).toBeGreaterThan(10);
    expect((await app.request('/metrics', { method: 'POST' })).status).toBe(405);
  });

  it('requests are timed by the route they matched, never by the raw path', async () => {
    const { app } = serve();
    await app.request('/healthz');
    await app.request('/no/such/path/42');
    const lines = await scrape(app);
    expect(lines).toContain(
      'portero_http_request_duration_seconds_count{route="/healthz",method="GET",status="200"} 1',
    );
    expect(lines).toContain(
      'portero_http_request_duration_seconds_count{route="unmatched",method="GET",status="404"} 1',
    );
    expect(lines.join('\n')).not.toContain('/no/such/path');
  });

  it('each mailbox reports whether it is connected and its last fetch, labelled by its id, never its address', async () => {
    const { app } = serve();
    const [box] = await p.t.db
      .insert(mailboxes)
      .values({
        tenantId: 'itbx',
        address: 'soporte@itbx.example',
        imapUrl: 'imaps://mail.example:993',
        smtpUrl: 'smtps://mail.example:465',
        state: 'connected',
        lastFetchAt: new Date('2026-11-23T14:59:00Z'),
      })
      .returning({ id: mailboxes.id });
    const lines = await scrape(app);
    expect(lines).toContain(`portero_mailbox_connected{tenant="itbx",mailbox="${box!.id}"} 1`);
    expect(lines).toContain(
      `portero_mailbox_last_fetch_timestamp_seconds{tenant="itbx",mailbox="${box!.id}"} ${Date.parse('2026-11-23T14:59:00Z') / 1000}`,
    );
    expect(lines.join('\n')).not.toContain('soporte@itbx.example');
  });

  it('per mailbox: messages by outcome and reason, loops suppressed and the acknowledgement latency move', async () => {
    const { app, deps } = serve();
    const sink = await startSmtpSink();
    const smtp = createSmtpDeliverer(async () => sink.settings());
    try {
      await p.customer('jd-services', 'acme');
      await p.contact('jd-services', 'acme', 'ana', { email: 'ana@acme.example' });
      await p.contact('jd-services', 'acme', 'luis', { email: 'luis@acme.example' });
      const box = await p.mailbox('jd-services', 'soporte-b@jd-services.eu');
      const arrived = p.clock.now();
      const receive = async (name: string) => receiveMail(deps, box, await fixtureMail(name, {}, arrived));
      expect(await receive('new-request-es.eml')).toMatchObject({ outcome: 'opened' });
      expect(await receive('new-request-es.eml')).toMatchObject({ outcome: 'duplicate' });
      expect(await receive('mailing-list.eml')).toMatchObject({ outcome: 'ignored' });
      const stranger = simpleMessage({
        from: 'nadie@otra.example',
        to: 'soporte-b@jd-services.eu',
        subject: 'Hola',
        body: 'No funciona.',
        messageId: 'stranger@otra.example',
      });
      await receiveMail(deps, box, await parseIncoming({ source: stranger, arrivedAt: arrived }));

      // The acknowledgement leaves 4 s after the message arrived, and SMTP takes it.
      p.clock.advance(4_000);
      const queue = createQueue(p.t.db, { delivered: emailDeliveredHook(deps) });
      const report = await relayOnce({ queue, deliverers: { email: smtp }, clock: p.clock, random: () => 0.5 });
      expect(report.delivered).toBeGreaterThanOrEqual(1);

      const lines = await scrape(app);
      const of = `tenant="jd-services",mailbox="${box.id}"`;
      expect(lines).toContain(`portero_mail_messages_total{${of},outcome="opened",reason=""} 1`);
      expect(lines).toContain(`portero_mail_messages_total{${of},outcome="duplicate",reason=""} 1`);
      expect(lines).toContain(`portero_mail_messages_total{${of},outcome="ignored",reason="precedence"} 1`);
      expect(lines).toContain(`portero_mail_messages_total{${of},outcome="refused",reason="mail.unknown_sender"} 1`);
      expect(lines).toContain(`portero_mail_loops_suppressed_total{${of},reason="precedence"} 1`);
      expect(lines).toContain(`portero_mail_ack_latency_seconds_count{${of}} 1`);
      expect(lines).toContain(`portero_mail_ack_latency_seconds_sum{${of}} 4`);
      expect(lines).toContain(`portero_mail_ack_latency_seconds_bucket{le="2.5",${of}} 0`);
      expect(lines).toContain(`portero_mail_ack_latency_seconds_bucket{le="5",${of}} 1`);
      // Labelled by the mailbox's id: no address, sender or case in any sample.
      expect(lines.join('\n')).not.toMatch(/@|JDS-1/);
    } finally {
      smtp.close();
      await sink.close();
    }
  });
});
