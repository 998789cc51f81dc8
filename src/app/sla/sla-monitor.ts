import { type ClaimLoop, startClaimLoop } from '../claim-loop.ts';
import { errorFields } from '../error-fields.ts';
import type { FiredTimer } from './fire-timer.ts';
import { type SweepDeps, type SweepOptions, sweepSla } from './sla-sweep.ts';

export interface MonitorOptions extends SweepOptions {
  /**
   * The longest sleep between passes. The monitor sleeps until the earliest pending instant, but a change made by
   * another replica (or another process) may plant an earlier one meanwhile: this bounds how late it is noticed.
   */
  maxSleepMs?: number;
  /** Told after a pass that fired something: the outbox relay has rows to deliver. */
  onFired?: (fired: FiredTimer[]) => void;
}

/**
 * The SLA monitor of `portero serve`: a pass over the due timers, then sleep until the next pending instant (at most
 * `maxSleepMs`), until stopped. It never scans cases; any number of replicas may run it against one PostgreSQL.
 */
export function startSlaMonitor(deps: SweepDeps, options: MonitorOptions = {}): ClaimLoop {
  return startClaimLoop({
    clock: deps.clock,
    maxSleepMs: options.maxSleepMs ?? 1_000,
    minSleepMs: 50,
    async pass() {
      const fired = await sweepSla(deps, options);
      if (fired.some((timer) => timer.outcome === 'fired')) options.onFired?.(fired);
      return deps.store.transaction((repos) => repos.sla.nextFireAt());
    },
    // A failed pass (the sweep, or reading when the next timer falls due) is retried after maxSleepMs.
    onError: (error) => deps.log?.('sla.sweep_failed', errorFields(error)),
  });
}
