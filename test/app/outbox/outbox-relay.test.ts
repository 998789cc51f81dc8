import { describe, expect, it } from 'vitest';
import type { Deliverer, DeliveryResult, OutboxQueue } from '../../../src/app/outbox/outbox.port.ts';
import { RELAY_DEFAULTS, type RelayDeps, relayOnce, retryDelayMs } from '../../../src/app/outbox/outbox-relay.ts';
import { testDriver } from '../../helpers/db.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import {
  CASE_A,
  CASE_B,
  countByStatus,
  enqueue,
  message,
  recordingDeliverer,
  rowsByKey,
  scriptedDeliverer,
  within,
} from './outbox-fakes.ts';

const SECOND = 1_000;

describe(`outbox relay on ${testDriver()}`, () => {
  const p = usePortero();
  const now = () => p.clock.now();
  const deps = (deliverers: RelayDeps['deliverers'], random = () => 0.5): RelayDeps => ({
    queue: p.queue,
    deliverers,
    clock: p.clock,
    random,
  });

  it('hands due rows to their deliverer oldest first, marks them delivered at the clock time, and leaves later ones', async () => {
    const slack = recordingDeliverer();
    await enqueue(
      p.deps.store,
      message('one', now()),
      message('two', now(), { destination: 'C-OTHER' }),
      message('later', new Date(now().getTime() + 60 * SECOND)),
    );

    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 2, retried: 0, dead: 0 });

    expect(slack.seen.map((row) => [row.dedupKey, row.destination, row.payload])).toEqual([
      ['one', 'C-AGENTS', { text: 'one' }],
      ['two', 'C-OTHER', { text: 'two' }],
    ]);
    const rows = await rowsByKey(p.t.db);
    expect(rows.one).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: now(), lastError: null });
    expect(rows.two).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: now() });
    expect(rows.later).toMatchObject({ status: 'pending', attempts: 0, deliveredAt: null });

    p.clock.advance(60 * SECOND);
    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(slack.seen.map((row) => row.dedupKey)).toEqual(['one', 'two', 'later']);
  });

  it('retries a failure after an exponential backoff with jitter, exactly as the injected random says', async () => {
    const slack = scriptedDeliverer({ ok: false, error: 'HTTP 500' }, { ok: false, error: 'HTTP 502' });
    const randoms = [0.25, 0.75];
    const relay = deps({ slack }, () => randoms.shift()!);
    await enqueue(p.deps.store, message('m', now()));
    const first = now();

    expect(await relayOnce(relay, { baseDelayMs: SECOND })).toEqual({ delivered: 0, retried: 1, dead: 0 });
    // Attempt 1: 1 s × (0.8 + 0.4 × 0.25) = 900 ms.
    expect((await rowsByKey(p.t.db)).m).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'HTTP 500',
      nextAttemptAt: new Date(first.getTime() + 900),
    });

    p.clock.advance(899);
    expect(await relayOnce(relay, { baseDelayMs: SECOND })).toEqual({ delivered: 0, retried: 0, dead: 0 });
    p.clock.advance(1);
    expect(await relayOnce(relay, { baseDelayMs: SECOND })).toEqual({ delivered: 0, retried: 1, dead: 0 });
    // Attempt 2: 2 s × (0.8 + 0.4 × 0.75) = 2200 ms from the second failure.
    expect((await rowsByKey(p.t.db)).m).toMatchObject({
      attempts: 2,
      lastError: 'HTTP 502',
      nextAttemptAt: new Date(first.getTime() + 900 + 2_200),
    });

    p.clock.advance(2_200);
    expect(await relayOnce(relay, { baseDelayMs: SECOND })).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect((await rowsByKey(p.t.db)).m).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    expect(slack.seen).toHaveLength(3);
  });

  it('honours a Retry-After longer than the backoff (a 429), and never lets a shorter one hurry the retry', async () => {
    const slack = scriptedDeliverer(
      { ok: false, error: 'HTTP 429 ratelimited', retryAfterMs: 30 * SECOND },
      { ok: false, error: 'HTTP 429 ratelimited', retryAfterMs: 10 },
    );
    await enqueue(p.deps.store, message('m', now()));
    const start = now().getTime();

    await relayOnce(deps({ slack }), { baseDelayMs: SECOND });
    expect((await rowsByKey(p.t.db)).m?.nextAttemptAt).toEqual(new Date(start + 30 * SECOND));

    p.clock.advance(30 * SECOND);
    await relayOnce(deps({ slack }), { baseDelayMs: SECOND });
    // The backoff of attempt 2 (2 s, jitter factor 1 with random 0.5) beats the 10 ms asked for.
    expect((await rowsByKey(p.t.db)).m?.nextAttemptAt).toEqual(new Date(start + 30 * SECOND + 2 * SECOND));
  });

  it('treats a deliverer that throws as a failed attempt, recording the error message', async () => {
    const teams = recordingDeliverer(() => {
      throw new Error('socket hang up');
    });
    await enqueue(p.deps.store, message('m', now(), { target: 'teams' }));

    expect(await relayOnce(deps({ teams }))).toEqual({ delivered: 0, retried: 1, dead: 0 });
    expect((await rowsByKey(p.t.db)).m).toMatchObject({ status: 'pending', lastError: 'socket hang up' });
  });

  it('dead-letters a permanent error at once, with the error, and keeps the row', async () => {
    const slack = scriptedDeliverer({ ok: false, error: 'channel_not_found', permanent: true });
    await enqueue(p.deps.store, message('m', now()));

    expect(await relayOnce(deps({ slack }), { maxAttempts: 8 })).toEqual({ delivered: 0, retried: 0, dead: 1 });
    expect((await rowsByKey(p.t.db)).m).toMatchObject({ status: 'dead', attempts: 1, lastError: 'channel_not_found' });
    p.clock.advance(24 * 60 * 60 * SECOND);
    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect(slack.seen).toHaveLength(1);
  });

  it('dead-letters after maxAttempts with the last error, and drops nothing on the way', async () => {
    const slack = recordingDeliverer((row, call) =>
      row.dedupKey === 'doomed' ? { ok: false, error: `HTTP 503 (call ${call})` } : { ok: true },
    );
    await enqueue(
      p.deps.store,
      message('doomed', now(), { caseId: CASE_A, payload: { caseRef: 'ITBX-7', text: 'secreto del cliente' } }),
      ...['a', 'b', 'c', 'd'].map((key) => message(key, now(), { caseId: CASE_B, destination: `C-${key}` })),
    );
    const log: [string, Record<string, unknown>][] = [];
    const relay = {
      ...deps({ slack }),
      log: (event: string, fields: Record<string, unknown>) => log.push([event, fields]),
    };

    const totals = { delivered: 0, retried: 0, dead: 0 };
    for (let pass = 0; pass < 10; pass++) {
      const report = await relayOnce(relay, { maxAttempts: 3, maxDelayMs: 10 * SECOND });
      totals.delivered += report.delivered;
      totals.retried += report.retried;
      totals.dead += report.dead;
      expect(Object.values(await countByStatus(p.t.db)).reduce((a, b) => a + b, 0)).toBe(5);
      p.clock.advance(60 * SECOND);
    }

    expect(totals).toEqual({ delivered: 4, retried: 2, dead: 1 });
    expect(await countByStatus(p.t.db)).toEqual({ delivered: 4, dead: 1 });
    const doomed = (await rowsByKey(p.t.db)).doomed;
    expect(doomed).toMatchObject({ status: 'dead', attempts: 3, deliveredAt: null });
    expect(doomed?.lastError).toMatch(/^HTTP 503 \(call \d+\)$/);
    expect(slack.seen.filter((row) => row.dedupKey === 'doomed')).toHaveLength(3);
    expect(log.filter(([event]) => event === 'outbox.dead')).toEqual([
      ['outbox.dead', expect.objectContaining({ id: doomed?.id, attempts: 3, error: doomed?.lastError })],
    ]);
    // Each line names the case as people do (its number), never what the message says.
    const doomedLines = log.filter(([, fields]) => fields.id === doomed?.id);
    expect(doomedLines.map(([event, fields]) => [event, fields.case])).toEqual([
      ['outbox.retry', 'ITBX-7'],
      ['outbox.retry', 'ITBX-7'],
      ['outbox.dead', 'ITBX-7'],
    ]);
    expect(JSON.stringify(log)).not.toContain('secreto del cliente');
  });

  it('with the defaults, retries a failing row for about an hour (16 attempts) before dead-lettering it', async () => {
    const slack = recordingDeliverer(() => ({ ok: false, error: 'HTTP 503' }));
    await enqueue(p.deps.store, message('m', now()));
    const start = now().getTime();

    for (let pass = 0; pass < 30; pass++) {
      await relayOnce(deps({ slack }));
      const row = (await rowsByKey(p.t.db)).m!;
      if (row.status === 'dead') break;
      p.clock.set(row.nextAttemptAt);
    }

    expect(slack.seen).toHaveLength(RELAY_DEFAULTS.maxAttempts);
    expect((await rowsByKey(p.t.db)).m).toMatchObject({ status: 'dead', attempts: 16, lastError: 'HTTP 503' });
    // 1 + 2 + 4 + … + 512 s (attempts 1–10), then five waits at the 10-minute cap: 4,023 s with no jitter.
    expect(now().getTime() - start).toBe(4_023 * SECOND);
  });

  it('claims nothing for a target that has no deliverer here, and leaves its rows as they were', async () => {
    const slack = recordingDeliverer();
    await enqueue(p.deps.store, message('to-teams', now(), { target: 'teams' }), message('to-slack', now()));

    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(await relayOnce(deps({}))).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect((await rowsByKey(p.t.db))['to-teams']).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it("delivers one case's messages to a destination in the order written, holding the next back during a retry", async () => {
    const slack = recordingDeliverer((row, call) =>
      row.dedupKey === 'a1' && call === 1 ? { ok: false, error: 'HTTP 500' } : { ok: true },
    );
    await enqueue(
      p.deps.store,
      message('a1', now(), { caseId: CASE_A }),
      message('a2', now(), { caseId: CASE_A }),
      message('b1', now(), { caseId: CASE_B }),
    );

    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 1, retried: 1, dead: 0 });
    // a1 waits for its retry, and a2 waits for a1; b1 (another case) went.
    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 0, retried: 0, dead: 0 });
    p.clock.advance(60 * SECOND);
    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(await relayOnce(deps({ slack }))).toEqual({ delivered: 1, retried: 0, dead: 0 });

    expect(slack.seen.map((row) => row.dedupKey)).toEqual(['a1', 'b1', 'a1', 'a2']);
  });

  it("gives a crashed relay's claim back after the lease, and not before", async () => {
    await enqueue(p.deps.store, message('m', now()));
    // A relay that claims and then dies before delivering or marking anything.
    const [claimed] = await p.queue.claimDue(['slack'], now(), new Date(now().getTime() + 60 * SECOND), 10);
    expect(claimed?.dedupKey).toBe('m');

    const slack = recordingDeliverer();
    expect(await relayOnce(deps({ slack }), { leaseMs: 60 * SECOND })).toEqual({ delivered: 0, retried: 0, dead: 0 });
    p.clock.advance(60 * SECOND - 1);
    expect(await relayOnce(deps({ slack }), { leaseMs: 60 * SECOND })).toEqual({ delivered: 0, retried: 0, dead: 0 });
    p.clock.advance(1);
    expect(await relayOnce(deps({ slack }), { leaseMs: 60 * SECOND })).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect((await rowsByKey(p.t.db)).m).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('aborts a delivery that outlasts its timeout and retries it later, as a failure', async () => {
    const aborted: boolean[] = [];
    const hanging: Deliverer = {
      // A remote that never answers: only the relay's abort ends the wait.
      deliver: (_row, signal) =>
        new Promise((resolve) =>
          signal!.addEventListener('abort', () => {
            aborted.push(signal!.aborted);
            resolve({ ok: true });
          }),
        ),
    };
    await enqueue(p.deps.store, message('m', now()));

    expect(await relayOnce(deps({ slack: hanging }), { deliveryTimeoutMs: 50 })).toEqual({
      delivered: 0,
      retried: 1,
      dead: 0,
    });
    expect(aborted).toEqual([true]);
    expect((await rowsByKey(p.t.db)).m).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'no answer within 50 ms (delivery timeout)',
    });
  });

  it('starts no delivery the lease has no time left for: a slow remote leaves the rest of the batch unspent', async () => {
    // Each delivery takes 15 s of the 60 s lease; one may take up to 10 s, so none starts with less than 20 s left.
    const slow = recordingDeliverer(() => {
      p.clock.advance(15 * SECOND);
      return { ok: true };
    });
    await enqueue(p.deps.store, ...['a', 'b', 'c', 'd', 'e'].map((key) => message(key, now(), { destination: key })));
    const options = { leaseMs: 60 * SECOND, deliveryTimeoutMs: 10 * SECOND };
    const releases: number[][] = [];
    const counting: OutboxQueue = {
      ...p.queue,
      release: (claims, at) => {
        releases.push(claims.map((claim) => claim.id));
        return p.queue.release(claims, at);
      },
    };

    expect(await relayOnce({ ...deps({ slack: slow }), queue: counting }, options)).toEqual({
      delivered: 3,
      retried: 0,
      dead: 0,
    });
    const rows = await rowsByKey(p.t.db);
    // Both unstarted rows went back in one call.
    expect(releases).toEqual([[rows.d!.id, rows.e!.id]]);
    expect(rows.d).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: now() });
    expect(rows.e).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: now() });
    // Another replica may take them at once: they are no longer leased.
    const other = recordingDeliverer();
    expect(await relayOnce(deps({ slack: other }), options)).toEqual({ delivered: 2, retried: 0, dead: 0 });
    expect([...slow.seen, ...other.seen].map((row) => row.dedupKey)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('drops the outcome of a relay that outlived its lease, and delivers nothing more of that batch', async () => {
    let answer: (result: DeliveryResult) => void = () => {};
    let handedOver: () => void = () => {};
    const started = new Promise<void>((resolve) => (handedOver = resolve));
    // Replica A's first delivery stalls past its lease (a stalled process: the timeout cannot fire while it is frozen).
    const stalled = recordingDeliverer((row) => {
      if (row.dedupKey !== 'a') return { ok: true };
      handedOver();
      return new Promise<DeliveryResult>((resolve) => (answer = resolve));
    });
    await enqueue(p.deps.store, message('a', now()), message('b', now(), { destination: 'C-2' }));
    const log: [string, Record<string, unknown>][] = [];
    const replicaA = relayOnce({ ...deps({ slack: stalled }), log: (event, fields) => log.push([event, fields]) });
    await within(started, 5_000, 'the stalled delivery');

    p.clock.advance(60 * SECOND);
    const replicaB = recordingDeliverer();
    expect(await relayOnce(deps({ slack: replicaB }))).toEqual({ delivered: 2, retried: 0, dead: 0 });
    const deliveredByB = await rowsByKey(p.t.db);

    answer({ ok: false, error: 'HTTP 500' });
    expect(await replicaA).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect(stalled.seen.map((row) => row.dedupKey)).toEqual(['a']);
    expect(await rowsByKey(p.t.db)).toEqual(deliveredByB);
    expect(deliveredByB.a).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(log).toEqual([
      ['outbox.stale', { id: deliveredByB.a!.id, tenant: 'itbx', target: 'slack', attempts: 1, outcome: 'retry' }],
      ['outbox.stale', { id: deliveredByB.b!.id, tenant: 'itbx', target: 'slack', attempts: 1, outcome: 'released' }],
    ]);
  });

  it('dead-letters a row whose delivery never finished maxAttempts times (it stops the relay), without trying again', async () => {
    await enqueue(p.deps.store, message('m', now()));
    // Three relays claimed it and died delivering it: each claim counted an attempt, none recorded an outcome.
    for (let claim = 0; claim < 3; claim++) {
      await p.queue.claimDue(['slack'], now(), new Date(now().getTime() + 60 * SECOND), 10);
      p.clock.advance(60 * SECOND);
    }
    const slack = recordingDeliverer();
    const log: string[] = [];

    expect(await relayOnce({ ...deps({ slack }), log: (event) => log.push(event) }, { maxAttempts: 3 })).toEqual({
      delivered: 0,
      retried: 0,
      dead: 1,
    });
    expect(slack.seen).toEqual([]);
    expect(log).toEqual(['outbox.dead']);
    expect((await rowsByKey(p.t.db)).m).toMatchObject({
      status: 'dead',
      lastError: 'no outcome after 3 attempts: the relay stopped while delivering it',
    });
  });

  it('holds a deferred row as the deliverer asks without spending an attempt on it', async () => {
    const pacing = scriptedDeliverer({ ok: false, deferred: true, error: 'pacing', retryAfterMs: 300 });
    await enqueue(p.deps.store, message('m', now()));

    expect(await relayOnce(deps({ slack: pacing }), { maxAttempts: 1 })).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect((await rowsByKey(p.t.db)).m).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastError: null,
      nextAttemptAt: new Date(now().getTime() + 300),
    });
    p.clock.advance(300);
    expect(await relayOnce(deps({ slack: pacing }), { maxAttempts: 1 })).toEqual({ delivered: 1, retried: 0, dead: 0 });
  });

  it('refuses a delivery timeout that leaves the lease no room for the batch', async () => {
    await expect(relayOnce(deps({}), { leaseMs: 30 * SECOND, deliveryTimeoutMs: 15 * SECOND })).rejects.toThrow(
      'the outbox lease must be at least 3 delivery timeouts long',
    );
  });

  it('puts dead-lettered rows back with retryDead (by id or all), and never revives a delivered one', async () => {
    const failing = scriptedDeliverer(
      { ok: false, error: 'invalid_auth', permanent: true },
      { ok: false, error: 'invalid_auth', permanent: true },
    );
    await enqueue(p.deps.store, message('x', now()), message('y', now(), { destination: 'C-2' }));
    await relayOnce(deps({ slack: failing }));
    await enqueue(p.deps.store, message('z', now(), { destination: 'C-3' }));
    await relayOnce(deps({ slack: recordingDeliverer() }));
    const { x, z } = await rowsByKey(p.t.db);
    expect(await countByStatus(p.t.db)).toEqual({ dead: 2, delivered: 1 });

    p.clock.advance(5 * SECOND);
    expect(await p.queue.retryDead([x!.id, z!.id], now())).toBe(1);
    expect((await rowsByKey(p.t.db)).x).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: now() });
    const fixed = recordingDeliverer();
    expect(await relayOnce(deps({ slack: fixed }))).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(fixed.seen.map((row) => row.dedupKey)).toEqual(['x']);

    expect(await p.queue.retryDead('all', now())).toBe(1);
    expect(await relayOnce(deps({ slack: fixed }))).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(await countByStatus(p.t.db)).toEqual({ delivered: 3 });
    expect(await p.queue.retryDead('all', now())).toBe(0);
  });
});

describe('retryDelayMs', () => {
  const options = { batchSize: 1, maxAttempts: 8, leaseMs: 1, baseDelayMs: 1_000, maxDelayMs: 60_000 };

  it('doubles per attempt within ±20% and stops growing at maxDelayMs', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, undefined, 0.5, options))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(retryDelayMs(3, undefined, 0, options)).toBe(3_200);
    expect(retryDelayMs(3, undefined, 0.999_999, options)).toBe(4_800);
    expect(retryDelayMs(30, undefined, 0.5, options)).toBe(60_000);
  });

  it('ignores a Retry-After that is not a usable number of milliseconds', () => {
    for (const bad of [Number.NaN, -5_000, Number.POSITIVE_INFINITY]) {
      expect(retryDelayMs(1, bad, 0.5, options)).toBe(1_000);
    }
  });
});
