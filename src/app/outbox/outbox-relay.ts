import type { Clock } from '../clock.port.ts';
import type { Deliverer, DeliveryResult, OutboxQueue } from './outbox.port.ts';

export interface RelayDeps {
  queue: OutboxQueue;
  deliverers: Record<string, Deliverer>;
  clock: Clock;
  /** 0 ≤ random() < 1, for backoff jitter; injectable so tests are exact. */
  random?: () => number;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface RelayOptions {
  batchSize?: number;
  maxAttempts?: number;
  leaseMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

// Sixteen attempts, 1 s doubling to at most 10 min between them: a row rides out about an hour of a remote's outage
// (1 + 2 + … + 512 s, then 5 × 10 min) before it is dead-lettered for an operator.
export const RELAY_DEFAULTS = {
  batchSize: 20,
  maxAttempts: 16,
  leaseMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 10 * 60_000,
};

export interface RelayReport {
  delivered: number;
  retried: number;
  dead: number;
}

/** Exponential backoff with ±20% jitter, never sooner than the remote asked (Retry-After). */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: number,
  options = RELAY_DEFAULTS,
): number {
  const exponential = Math.min(options.baseDelayMs * 2 ** Math.max(0, attempt - 1), options.maxDelayMs);
  const jittered = Math.round(exponential * (0.8 + 0.4 * random));
  // A Retry-After the adapter could not parse (NaN, negative, endless) is no instruction: the backoff stands.
  const asked = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.max(jittered, Math.ceil(asked));
}

/** One pass: claim due rows, deliver each, record the outcome. At-least-once: a crash before the mark retries later. */
export async function relayOnce(deps: RelayDeps, options: RelayOptions = {}): Promise<RelayReport> {
  const settings = { ...RELAY_DEFAULTS, ...options };
  const random = deps.random ?? Math.random;
  const now = deps.clock.now();
  const targets = Object.keys(deps.deliverers);
  const rows = await deps.queue.claimDue(targets, now, new Date(now.getTime() + settings.leaseMs), settings.batchSize);
  const report: RelayReport = { delivered: 0, retried: 0, dead: 0 };
  for (const row of rows) {
    const deliverer = deps.deliverers[row.target]!;
    const result: DeliveryResult = await deliverer.deliver(row).catch((error: unknown) => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    }));
    const at = deps.clock.now();
    if (result.ok) {
      await deps.queue.markDelivered(row.id, at);
      report.delivered++;
    } else if (result.permanent || row.attempts >= settings.maxAttempts) {
      await deps.queue.markDead(row.id, result.error);
      deps.log?.('outbox.dead', {
        id: row.id,
        target: row.target,
        kind: row.kind,
        attempts: row.attempts,
        error: result.error,
      });
      report.dead++;
    } else {
      const delay = retryDelayMs(row.attempts, result.retryAfterMs, random(), settings);
      await deps.queue.retryLater(row.id, new Date(at.getTime() + delay), result.error);
      deps.log?.('outbox.retry', {
        id: row.id,
        target: row.target,
        attempts: row.attempts,
        delayMs: delay,
        error: result.error,
      });
      report.retried++;
    }
  }
  return report;
}

/**
 * Runs passes until stopped: at once while there is work, every `idleMs` when there is none, or when woken.
 * A wake() or stop() that arrives during a pass is remembered, so the loop never sleeps through it.
 */
export function startOutboxRelay(deps: RelayDeps, options: RelayOptions & { idleMs?: number } = {}) {
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | undefined;
  const idleMs = options.idleMs ?? 1_000;
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, idleMs);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });
  const loop = (async () => {
    while (!stopped) {
      woken = false;
      const report = await relayOnce(deps, options).catch((error: unknown) => {
        deps.log?.('outbox.error', { error: error instanceof Error ? error.message : String(error) });
        return { delivered: 0, retried: 0, dead: 0 };
      });
      if (stopped || woken || report.delivered + report.retried + report.dead > 0) continue;
      await sleep();
    }
  })();
  const wake = () => {
    woken = true;
    interrupt?.();
  };
  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
