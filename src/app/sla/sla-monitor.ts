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
  /**
   * Records that a pass ran (`portero status` and /metrics tell a stopped monitor by it), at most every
   * `heartbeatEveryMs`: with how late the pass took its most overdue timer. A failed beat fails the pass.
   */
  heartbeat?: (beat: { at: Date; lagMs: number }) => Promise<void>;
  heartbeatEveryMs?: number;
}

/** Often enough for a "stale after 60 s" alert, rarely enough to be no load: one row updated per replica per 10 s. */
export const HEARTBEAT_EVERY_MS = 10_000;

/**
 * The SLA monitor of `portero serve`: a pass over the due timers, then sleep until the next pending instant (at most
 * `maxSleepMs`), until stopped. It never scans cases; any number of replicas may run it against one PostgreSQL.
 */
export function startSlaMonitor(deps: SweepDeps, options: MonitorOptions = {}): ClaimLoop {
  const heartbeatEveryMs = options.heartbeatEveryMs ?? HEARTBEAT_EVERY_MS;
  let lastBeat = Number.NEGATIVE_INFINITY;
  return startClaimLoop({
    clock: deps.clock,
    maxSleepMs: options.maxSleepMs ?? 1_000,
    minSleepMs: 50,
    async pass() {
      const started = deps.clock.now();
      const fired = await sweepSla(deps, options);
      const ended = deps.clock.now();
      const lagMs = Math.max(0, ...fired.map((timer) => started.getTime() - timer.fireAt.getTime()));
      for (const timer of fired)
        deps.metrics?.slaTimer({
          tenant: timer.tenantId,
          rule: timer.rule,
          target: timer.target,
          // `skipped: the case is closed` → skipped: the reason is in the audit trail, not in a label.
          outcome: timer.outcome.split(':')[0]!,
        });
      deps.metrics?.slaPass({ seconds: (ended.getTime() - started.getTime()) / 1000, lagSeconds: lagMs / 1000 });
      if (options.heartbeat && ended.getTime() - lastBeat >= heartbeatEveryMs) {
        await options.heartbeat({ at: ended, lagMs });
        lastBeat = ended.getTime();
      }
      if (fired.some((timer) => timer.outcome === 'fired')) options.onFired?.(fired);
      return deps.store.transaction((repos) => repos.sla.nextFireAt());
    },
    // A failed pass (the sweep, or reading when the next timer falls due) is retried after maxSleepMs.
    onError: (error) => deps.log?.('sla.sweep_failed', errorFields(error)),
  });
}
