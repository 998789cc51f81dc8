import { type ClaimLoop, startClaimLoop } from '../claim-loop.ts';
import type { Clock } from '../clock.port.ts';
import { errorFields } from '../error-fields.ts';
import type { MetricsPort } from '../ops/metrics.port.ts';
import type { OutboxRow } from '../store.port.ts';
import { deadLetterNote } from './dead-letter-note.ts';
import type { Deliverer, DeliveryResult, OutboxQueue } from './outbox.port.ts';

export interface RelayDeps {
  queue: OutboxQueue;
  deliverers: Record<string, Deliverer>;
  clock: Clock;
  /** 0 ≤ random() < 1, for backoff jitter; injectable so tests are exact. */
  random?: () => number;
  log?: (event: string, fields: Record<string, unknown>) => void;
  metrics?: MetricsPort;
}

export interface RelayOptions {
  batchSize?: number;
  maxAttempts?: number;
  leaseMs?: number;
  /** How long one delivery may take before it is aborted and counted as failed; well below `leaseMs`. */
  deliveryTimeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

// Sixteen attempts, 1 s doubling to at most 10 min between them: a row rides out about an hour of a remote's outage
// (1 + 2 + … + 512 s, then 5 × 10 min) before it is dead-lettered for an operator. One delivery may take 10 s, a sixth
// of the 60 s lease: a batch of quick deliveries fits, and a slow remote stops the batch early (see relayOnce).
export const RELAY_DEFAULTS = {
  batchSize: 20,
  maxAttempts: 16,
  leaseMs: 60_000,
  deliveryTimeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 10 * 60_000,
};

/** A lease holds at least this many delivery timeouts: two to start the last delivery in, one to spare. */
export const LEASE_PER_DELIVERY_TIMEOUT = 3;

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
  options: Pick<typeof RELAY_DEFAULTS, 'baseDelayMs' | 'maxDelayMs'> = RELAY_DEFAULTS,
): number {
  const exponential = Math.min(options.baseDelayMs * 2 ** Math.max(0, attempt - 1), options.maxDelayMs);
  const jittered = Math.round(exponential * (0.8 + 0.4 * random));
  // A Retry-After the adapter could not parse (NaN, negative, endless) is no instruction: the backoff stands.
  const asked = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.max(jittered, Math.ceil(asked));
}

/**
 * One pass: claim due rows, deliver each, record the outcome. At-least-once: a crash before the mark retries later.
 *
 * The batch stays inside its lease: each delivery is aborted after `deliveryTimeoutMs`, and a delivery starts only
 * while at least twice that is left of the lease, so it ends (one way or the other) with time to record the outcome;
 * the rows there is no time for go back to the queue unspent. Every outcome is recorded only while this pass's claim
 * is still the row's: a relay that outlived its lease anyway (a stalled process) is told so and its result dropped.
 */
export async function relayOnce(deps: RelayDeps, options: RelayOptions = {}): Promise<RelayReport> {
  const settings = { ...RELAY_DEFAULTS, ...options };
  if (settings.deliveryTimeoutMs * LEASE_PER_DELIVERY_TIMEOUT > settings.leaseMs)
    throw new RangeError(`the outbox lease must be at least ${LEASE_PER_DELIVERY_TIMEOUT} delivery timeouts long`);
  const random = deps.random ?? Math.random;
  const now = deps.clock.now();
  const targets = Object.keys(deps.deliverers);
  const leaseUntil = new Date(now.getTime() + settings.leaseMs);
  const rows = await deps.queue.claimDue(targets, now, leaseUntil, settings.batchSize);
  const report: RelayReport = { delivered: 0, retried: 0, dead: 0 };
  const settled = (row: OutboxRow, outcome: string) => (held: boolean) => {
    if (!held)
      deps.log?.('outbox.stale', {
        id: row.id,
        tenant: row.tenantId,
        ...caseOf(row),
        target: row.target,
        attempts: row.attempts,
        outcome,
      });
    if (outcome !== 'released') deps.metrics?.delivery({ target: row.target, outcome: held ? outcome : 'stale' });
    return held;
  };
  for (const [index, row] of rows.entries()) {
    if (leaseUntil.getTime() - deps.clock.now().getTime() < 2 * settings.deliveryTimeoutMs) {
      const unstarted = rows.slice(index);
      const released = new Set(await deps.queue.release(unstarted, deps.clock.now()));
      for (const row of unstarted) settled(row, 'released')(released.has(row.id));
      break;
    }
    const dead = async (error: string) => {
      const note = deadLetterNote(row, error, deps.clock.now());
      if (!(await deps.queue.markDead(row, error, note).then(settled(row, 'dead')))) return;
      report.dead++;
      deps.log?.('outbox.dead', {
        id: row.id,
        tenant: row.tenantId,
        ...caseOf(row),
        target: row.target,
        kind: row.kind,
        attempts: row.attempts,
        error,
      });
    };
    if (row.attempts > settings.maxAttempts) {
      // Its last attempt was claimed and never settled: delivering it stopped the process (or hung it) every time.
      await dead(`no outcome after ${settings.maxAttempts} attempts: the relay stopped while delivering it`);
      continue;
    }
    const result = await deliverWithin(deps.deliverers[row.target]!, row, settings.deliveryTimeoutMs);
    const at = deps.clock.now();
    if (result.ok) {
      const to = {
        ...(result.accepted && { accepted: result.accepted }),
        ...(result.refused && { refused: result.refused }),
      };
      if (await deps.queue.markDelivered(row, at, to).then(settled(row, 'delivered'))) report.delivered++;
    } else if (result.deferred) {
      // The deliverer's own pacing, not a failure: the row waits as asked and keeps its attempt.
      const until = new Date(at.getTime() + Math.max(0, result.retryAfterMs ?? 0));
      settled(row, 'deferred')((await deps.queue.release([row], until)).includes(row.id));
    } else if (result.permanent || row.attempts >= settings.maxAttempts) {
      await dead(result.error);
    } else {
      const delayMs = retryDelayMs(row.attempts, result.retryAfterMs, random(), settings);
      const retryAt = new Date(at.getTime() + delayMs);
      if (!(await deps.queue.retryLater(row, retryAt, result.error).then(settled(row, 'retry')))) continue;
      report.retried++;
      deps.log?.('outbox.retry', {
        id: row.id,
        tenant: row.tenantId,
        ...caseOf(row),
        target: row.target,
        attempts: row.attempts,
        delayMs,
        error: result.error,
      });
    }
  }
  return report;
}

/** The deliverer's answer, or a retryable failure once `timeoutMs` has passed (and the deliverer is told to stop). */
async function deliverWithin(deliverer: Deliverer, row: OutboxRow, timeoutMs: number): Promise<DeliveryResult> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<DeliveryResult>((resolve) => {
    timer = setTimeout(() => {
      const error = `no answer within ${timeoutMs} ms (delivery timeout)`;
      abort.abort(new Error(error));
      resolve({ ok: false, error });
    }, timeoutMs);
  });
  const delivered = Promise.resolve()
    .then(() => deliverer.deliver(row, abort.signal))
    .catch(
      (error: unknown): DeliveryResult => ({
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  try {
    return await Promise.race([delivered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs passes until stopped: at once while there is work, every `idleMs` when there is none, or when woken.
 */
export function startOutboxRelay(deps: RelayDeps, options: RelayOptions & { idleMs?: number } = {}): ClaimLoop {
  return startClaimLoop({
    clock: deps.clock,
    maxSleepMs: options.idleMs ?? 1_000,
    async pass() {
      const report = await relayOnce(deps, options);
      return report.delivered + report.retried + report.dead > 0 ? 'again' : undefined;
    },
    onError: (error) => deps.log?.('outbox.error', errorFields(error)),
  });
}

/** The case a row is about, by its number (`JDS-7`) as people name it, for the log line: never its text. */
function caseOf(row: OutboxRow): { case?: string } {
  const payload = row.payload as { caseRef?: unknown; case?: { ref?: unknown } };
  const ref = payload.caseRef ?? payload.case?.ref;
  return typeof ref === 'string' ? { case: ref } : {};
}
