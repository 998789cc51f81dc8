import { describe, expect, it } from 'vitest';
import { opsGauges } from '../../../adapters/metrics/ops-gauges.ts';
import { createPrometheusMetrics } from '../../../adapters/metrics/prometheus-metrics.ts';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { startSlaMonitor } from '../../../src/app/sla/sla-monitor.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The SLA side of /metrics: the timers due and the monitors' lag read from the database before a pass, the warnings
// and breaches a pass sends, and its heartbeat. jd-services A runs on 24x7: first response in 1 h, warned at 45 min.

const MINUTE = 60_000;

/** A gauge that cannot be read fails the test, not just leaves its samples out. */
const failLoudly = (_gauge: string, error: unknown) => {
  throw error;
};

describe('SLA metrics', () => {
  const p = usePortero();

  it('a late monitor shows its lag; its pass counts the warning and the breach and beats', async () => {
    const prometheus = createPrometheusMetrics({ defaultMetrics: false, onReadError: failLoudly });
    const ops = createOpsStore(p.t.db);
    for (const gauge of opsGauges((now) => ops.snapshot(now), p.clock)) prometheus.addGauge(gauge);
    const sample = async (name: string) =>
      (await prometheus.registry.metrics()).split('\n').filter((line) => line.startsWith(name));
    const deps = { ...p.deps, metrics: prometheus.metrics };
    const ana = await p.agent('jd-services', 'ana');
    await p.customer('jd-services', 'acme');
    const opened = p.ok(
      await openCase({
        deps,
        caller: p.asAgent('jd-services', ana),
        customer: 'acme',
        title: 'Caída total',
        priority: 'A',
      }),
    );

    p.clock.advance(61 * MINUTE);
    // Before any pass: the unassigned-case nudge (due at 15 min) has waited 46 min; no monitor ever beat.
    expect(await sample('portero_sla_monitor_lag_seconds ')).toEqual(['portero_sla_monitor_lag_seconds 2760']);
    expect(await sample('portero_sla_monitor_last_sweep_timestamp_seconds ')).toEqual([
      'portero_sla_monitor_last_sweep_timestamp_seconds 0',
    ]);
    expect(await sample('portero_cases_breaching{')).toContain('portero_cases_breaching{tenant="jd-services"} 1');
    expect(Number((await sample('portero_sla_timers_due '))[0]?.split(' ')[1])).toBeGreaterThanOrEqual(2);

    let beaten: (at: Date) => void = () => {};
    const beat = new Promise<Date>((resolve) => {
      beaten = resolve;
    });
    const monitor = startSlaMonitor(deps, {
      heartbeat: async ({ at, lagMs }) => {
        await ops.beat({ name: 'sla-monitor', at, lagMs, replica: 'test:1' });
        beaten(at);
      },
    });
    const at = await beat;
    await monitor.stop();

    expect(await sample('portero_sla_warnings_total')).toEqual([
      'portero_sla_warnings_total{tenant="jd-services",target="firstResponse"} 1',
    ]);
    expect(await sample('portero_sla_breaches_total')).toEqual([
      'portero_sla_breaches_total{tenant="jd-services",target="firstResponse"} 1',
    ]);
    expect(await sample('portero_sla_monitor_pass_lag_seconds ')).toEqual([
      'portero_sla_monitor_pass_lag_seconds 2760',
    ]);
    p.clock.advance(6_000); // past the gauges' cache
    expect(await sample('portero_sla_monitor_lag_seconds ')).toEqual(['portero_sla_monitor_lag_seconds 0']);
    expect(await sample('portero_sla_monitor_last_sweep_timestamp_seconds ')).toEqual([
      `portero_sla_monitor_last_sweep_timestamp_seconds ${at.getTime() / 1000}`,
    ]);
    // A replica whose clock is behind never moves the shared heartbeat back.
    await ops.beat({ name: 'sla-monitor', at: new Date(at.getTime() - MINUTE), lagMs: 5, replica: 'late:2' });
    expect((await ops.snapshot(p.clock.now())).sla.lastSweep).toEqual({ at, replica: 'test:1', lagMs: 2_760_000 });
    expect(opened.ref).toBe('JDS-1');
  });
});
