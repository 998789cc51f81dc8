import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { metricsRoute } from '../../../adapters/metrics/metrics-route.ts';
import { opsGauges } from '../../../adapters/metrics/ops-gauges.ts';
import { createPrometheusMetrics } from '../../../adapters/metrics/prometheus-metrics.ts';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { mailboxes, outbox } from '../../../db/schema/index.ts';
import { moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

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
});
