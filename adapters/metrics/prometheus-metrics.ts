import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsPort } from '../../src/app/ops/metrics.port.ts';

// Portero's metrics in Prometheus' terms, on a registry of its own: counters and histograms kept in memory and moved
// by the MetricsPort calls; gauges read when scraped, from sources (ops-gauges.ts) that cache what the database says.
// Base units (seconds), `_total` counters, labels from bounded sets only (see metrics.port.ts).

/** One gauge read at scrape time: a source is all it takes to add one (a mailbox's last fetch, say). */
export interface GaugeSource {
  name: string;
  help: string;
  labelNames: readonly string[];
  read(): Promise<{ labels: Record<string, string>; value: number }[]>;
}

/** Request and work latencies: from a few ms (an ack) to Slack's 3 s deadline and beyond. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** From an email's arrival to its acknowledgement accepted by SMTP: seconds (the goal, p99 ≤ 10 s) to the 15 minutes jd-services allows. */
const ACK_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

export interface PrometheusMetrics {
  metrics: MetricsPort;
  registry: Registry;
  addGauge(source: GaugeSource): void;
}

export interface PrometheusOptions {
  /** Node's process metrics (CPU, memory, event loop lag, handles), prefixed `portero_`. */
  defaultMetrics?: boolean;
  /** Told when a gauge could not be read: the gauge is left out of that scrape rather than failing it. */
  onReadError?: (gauge: string, error: unknown) => void;
}

export function createPrometheusMetrics(options: PrometheusOptions = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'portero_' });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });

  const opened = counter('portero_cases_opened_total', 'Cases opened, by tenant and channel', ['tenant', 'channel']);
  const closed = counter('portero_cases_closed_total', 'Cases closed or cancelled, by tenant and channel', [
    'tenant',
    'channel',
    'use_case',
  ]);
  const refused = counter('portero_case_refusals_total', 'Case use cases refused, by tenant, channel and code', [
    'tenant',
    'channel',
    'use_case',
    'code',
  ]);
  const chat = counter(
    'portero_chat_messages_total',
    'Customer chat messages by decision (redirected, ignored, suppressed, secret_withheld)',
    ['tenant', 'platform', 'decision'],
  );
  const commands = counter('portero_commands_total', 'Agent commands answered, by platform, command and outcome', [
    'platform',
    'command',
    'outcome',
  ]);
  const deliveries = counter('portero_outbox_deliveries_total', 'Outbox rows settled by the relay, by outcome', [
    'target',
    'outcome',
  ]);
  const dead = counter('portero_outbox_dead_letters_total', 'Outbox rows dead-lettered by this process', ['target']);
  const timers = counter('portero_sla_timers_total', 'SLA timers settled by the monitor, by rule, target and outcome', [
    'tenant',
    'rule',
    'target',
    'outcome',
  ]);
  const warnings = counter('portero_sla_warnings_total', 'SLA warnings sent, by tenant and target', [
    'tenant',
    'target',
  ]);
  const breaches = counter('portero_sla_breaches_total', 'SLA breaches announced, by tenant and target', [
    'tenant',
    'target',
  ]);
  const passes = histogram('portero_sla_monitor_pass_duration_seconds', 'One SLA monitor pass', [], LATENCY_BUCKETS);
  const passLag = new Gauge({
    name: 'portero_sla_monitor_pass_lag_seconds',
    help: "How late this process's last monitor pass took its most overdue timer",
    registers: [registry],
  });
  const requests = histogram(
    'portero_http_request_duration_seconds',
    'HTTP requests until answered (for Slack commands and events, the ack), by route and status',
    ['route', 'method', 'status'],
    LATENCY_BUCKETS,
  );
  const shed = counter('portero_requests_shed_total', 'Chat requests turned away because the work queue was full', [
    'platform',
    'kind',
  ]);
  const work = histogram(
    'portero_request_work_duration_seconds',
    'From the arrival of a request acked early to the end of its work',
    ['platform', 'kind'],
    LATENCY_BUCKETS,
  );

  const mailMessages = counter(
    'portero_mail_messages_total',
    'Messages taken from a mailbox, by what became of them and why',
    ['tenant', 'mailbox', 'outcome', 'reason'],
  );
  const mailLoops = counter(
    'portero_mail_loops_suppressed_total',
    "Automatic messages (robots, Portero's own mail) left unanswered, by the header or sender that gave them away",
    ['tenant', 'mailbox', 'reason'],
  );
  const mailAcks = histogram(
    'portero_mail_ack_latency_seconds',
    'From the arrival of an email that opened a case to its acknowledgement accepted by SMTP',
    ['tenant', 'mailbox'],
    ACK_BUCKETS,
  );

  const metrics: MetricsPort = {
    caseUseCase({ tenant, channel, useCase, outcome, code }) {
      if (outcome === 'refused') refused.inc({ tenant, channel, use_case: useCase, code: code ?? 'unknown' });
      else if (useCase === 'open') opened.inc({ tenant, channel });
      else if (useCase === 'close' || useCase === 'cancel') closed.inc({ tenant, channel, use_case: useCase });
    },
    chatMessage: (labels) => chat.inc(labels),
    command: (labels) => commands.inc(labels),
    delivery({ target, outcome }) {
      deliveries.inc({ target, outcome });
      if (outcome === 'dead') dead.inc({ target });
    },
    slaTimer({ tenant, rule, target, outcome }) {
      timers.inc({ tenant, rule, target, outcome });
      if (outcome !== 'fired') return;
      if (rule === 'sla.warning') warnings.inc({ tenant, target });
      if (rule === 'sla.breach') breaches.inc({ tenant, target });
    },
    slaPass({ seconds, lagSeconds }) {
      passes.observe(seconds);
      passLag.set(lagSeconds);
    },
    httpRequest: ({ route, method, status, seconds }) =>
      requests.observe({ route, method, status: String(status) }, seconds),
    requestShed: (labels) => shed.inc(labels),
    requestWork: ({ platform, kind, seconds }) => work.observe({ platform, kind }, seconds),
    mailMessage: (labels) => mailMessages.inc(labels),
    mailLoopSuppressed: (labels) => mailLoops.inc(labels),
    mailAck: ({ tenant, mailbox, seconds }) => mailAcks.observe({ tenant, mailbox }, seconds),
  };

  return {
    metrics,
    registry,
    addGauge(source) {
      new Gauge({
        name: source.name,
        help: source.help,
        labelNames: source.labelNames,
        registers: [registry],
        async collect() {
          const samples = await source.read().catch((error: unknown) => {
            options.onReadError?.(source.name, error);
            return [];
          });
          this.reset();
          for (const sample of samples) this.set(sample.labels, sample.value);
        },
      });
    },
  };
}
