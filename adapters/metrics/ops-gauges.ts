import { LRUCache } from 'lru-cache';
import type { Clock } from '../../src/app/clock.port.ts';
import type { OpsSnapshot } from '../../src/app/ops/ops.port.ts';
import type { GaugeSource } from './prometheus-metrics.ts';

// The gauges of a deployment's state, all from one snapshot of the database that is read at most once per `cacheMs`
// (and once for concurrent scrapes): Prometheus scraping every few seconds, from several servers, costs the database
// one read of the open and queued rows per period.

export const SNAPSHOT_CACHE_MS = 5_000;

const seconds = (date: Date) => date.getTime() / 1000;

export function opsGauges(
  read: (now: Date) => Promise<OpsSnapshot>,
  clock: Clock,
  cacheMs = SNAPSHOT_CACHE_MS,
): GaugeSource[] {
  const cache = new LRUCache<'snapshot', OpsSnapshot>({
    max: 1,
    ttl: cacheMs,
    ttlResolution: 0,
    perf: { now: () => clock.now().getTime() },
    fetchMethod: () => read(clock.now()),
  });
  const snapshot = async () => {
    const value = await cache.fetch('snapshot');
    if (!value) throw new Error('no snapshot');
    return value;
  };
  /** Every tenant gets a sample, 0 when it has none: an alert on a missing series would never fire. */
  const perTenant = (s: OpsSnapshot, counts: { tenant: string; count: number }[]) =>
    s.tenants.map((tenant) => ({
      labels: { tenant },
      value: counts.find((row) => row.tenant === tenant)?.count ?? 0,
    }));
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    samples: (s: OpsSnapshot) => { labels: Record<string, string>; value: number }[],
  ): GaugeSource => ({ name, help, labelNames, read: async () => samples(await snapshot()) });
  const one = (value: number) => [{ labels: {}, value }];
  return [
    gauge('portero_cases_open', 'Open cases, by tenant and state', ['tenant', 'state'], (s) =>
      s.openCases.map(({ tenant, state, count }) => ({ labels: { tenant, state }, value: count })),
    ),
    gauge('portero_cases_breaching', 'Open cases past their next SLA due instant, by tenant', ['tenant'], (s) =>
      perTenant(s, s.breachingCases),
    ),
    gauge('portero_outbox_pending', 'Outbox rows waiting for delivery, by target', ['target'], (s) =>
      s.outbox.pending.map(({ target, count }) => ({ labels: { target }, value: count })),
    ),
    gauge('portero_outbox_dead', 'Dead-lettered outbox rows waiting for an operator, by target', ['target'], (s) =>
      s.outbox.dead.map(({ target, count }) => ({ labels: { target }, value: count })),
    ),
    gauge('portero_outbox_oldest_pending_age_seconds', 'Age of the oldest pending outbox row (0: none)', [], (s) =>
      one(s.outbox.oldestPendingAt ? Math.max(0, seconds(s.at) - seconds(s.outbox.oldestPendingAt)) : 0),
    ),
    gauge('portero_sla_timers_due', 'SLA timers due and not yet taken by a monitor', [], (s) => one(s.sla.due)),
    gauge(
      'portero_sla_monitor_lag_seconds',
      'How long the most overdue pending SLA timer has been due (0: none): the monitors are this far behind',
      [],
      (s) => one(s.sla.oldestDueAt ? Math.max(0, seconds(s.at) - seconds(s.sla.oldestDueAt)) : 0),
    ),
    // Mailboxes are labelled by their id, never by their address.
    gauge(
      'portero_mailbox_connected',
      'Whether the mailbox watcher is connected (1) or not (0)',
      ['tenant', 'mailbox'],
      (s) =>
        s.mailboxes.map((m) => ({
          labels: { tenant: m.tenant, mailbox: m.id },
          value: m.state === 'connected' ? 1 : 0,
        })),
    ),
    gauge(
      'portero_mailbox_last_fetch_timestamp_seconds',
      "The mailbox's last successful fetch, as a Unix time (0: never)",
      ['tenant', 'mailbox'],
      (s) =>
        s.mailboxes.map((m) => ({
          labels: { tenant: m.tenant, mailbox: m.id },
          value: m.lastFetchAt ? seconds(m.lastFetchAt) : 0,
        })),
    ),
    gauge(
      'portero_sla_monitor_last_sweep_timestamp_seconds',
      "The last pass of any replica's SLA monitor, as a Unix time (0: never)",
      [],
      (s) => one(s.sla.lastSweep ? seconds(s.sla.lastSweep.at) : 0),
    ),
  ];
}
