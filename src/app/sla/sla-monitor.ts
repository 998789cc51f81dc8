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
export function startSlaMonitor(deps: SweepDeps, options: MonitorOptions = {}) {
  const maxSleepMs = options.maxSleepMs ?? 1_000;
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });
  const log = (event: string, error: unknown) =>
    deps.log?.(event, { error: error instanceof Error ? error.message : String(error) });

  const loop = (async () => {
    while (!stopped) {
      woken = false;
      const fired = await sweepSla(deps, options).catch((error: unknown) => {
        log('sla.sweep_failed', error);
        return [] as FiredTimer[];
      });
      if (fired.some((timer) => timer.outcome === 'fired')) options.onFired?.(fired);
      if (stopped || woken) continue;
      const next = await deps.store
        .transaction((repos) => repos.sla.nextFireAt())
        .catch((error: unknown) => {
          log('sla.next_failed', error);
          return undefined;
        });
      const untilNext = next ? next.getTime() - deps.clock.now().getTime() : maxSleepMs;
      await sleep(Math.min(maxSleepMs, Math.max(untilNext, 50)));
    }
  })();

  const wake = () => {
    woken = true;
    interrupt?.();
  };
  return {
    /** Runs a pass now (a case change in this process may have planted an earlier instant). */
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
