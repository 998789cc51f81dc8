import { describe, expect, it } from 'vitest';
import { createOutboxQueue } from '../../../db/repositories/outbox.repository.ts';
import { createQueue } from '../../../db/repositories/store.ts';
import { CASE_A, CASE_B, countByStatus, enqueue, message, rowsByKey, within } from '../../app/outbox/outbox-fakes.ts';
import { testDriver } from '../../helpers/db.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

const MINUTE = 60_000;

describe(`outbox queue on ${testDriver()}`, () => {
  const p = usePortero();
  const now = () => p.clock.now();
  const lease = () => new Date(now().getTime() + MINUTE);
  const keys = (rows: { dedupKey: string }[]) => rows.map((row) => row.dedupKey);

  it('keeps one row per dedup key, the first written, within a transaction and across two', async () => {
    await enqueue(
      p.deps.store,
      message('k', now(), { payload: { text: 'first' } }),
      message('k', now(), { payload: { text: 'again' } }),
    );
    await enqueue(p.deps.store, message('k', now(), { payload: { text: 'retried writer' } }));

    expect(await countByStatus(p.t.db)).toEqual({ pending: 1 });
    expect((await rowsByKey(p.t.db)).k?.payload).toEqual({ text: 'first' });
  });

  it('makes a message without a notBefore due at once, even for a clock behind the database', async () => {
    const { notBefore: _, ...unscheduled } = message('now', now());
    await enqueue(p.deps.store, unscheduled);
    const yearsAgo = new Date('2001-01-01T00:00:00Z');

    expect(keys(await p.queue.claimDue(['slack'], yearsAgo, lease(), 10))).toEqual(['now']);
  });

  it('claims due rows of the given targets, oldest first, up to the limit, counting the attempt and leasing', async () => {
    await enqueue(
      p.deps.store,
      ...['s1', 's2', 's3'].map((key) => message(key, now(), { destination: key })),
      message('t1', now(), { target: 'teams' }),
      message('e1', now(), { target: 'email', destination: 'ana@example.test' }),
      message('future', new Date(now().getTime() + 1), { destination: 'later' }),
    );

    const claimed = await p.queue.claimDue(['slack', 'email'], now(), lease(), 3);

    expect(keys(claimed)).toEqual(['s1', 's2', 's3']);
    expect(claimed.every((row) => row.attempts === 1 && row.nextAttemptAt.getTime() === lease().getTime())).toBe(true);
    expect(keys(await p.queue.claimDue(['slack', 'email'], now(), lease(), 3))).toEqual(['e1']);
    expect(await p.queue.claimDue(['slack', 'email'], now(), lease(), 3)).toEqual([]);
    expect((await rowsByKey(p.t.db)).t1).toMatchObject({ attempts: 0, status: 'pending' });
    expect(await p.queue.claimDue([], now(), lease(), 3)).toEqual([]);
  });

  it("holds a case's next row back while its earlier one is pending or leased, for that destination only", async () => {
    await enqueue(
      p.deps.store,
      message('a1', now(), { caseId: CASE_A }),
      message('a2', now(), { caseId: CASE_A }),
      message('a1-teams', now(), { caseId: CASE_A, target: 'teams' }),
      message('a1-other-channel', now(), { caseId: CASE_A, destination: 'C-MANAGERS' }),
      message('b1', now(), { caseId: CASE_B }),
    );
    const targets = ['slack', 'teams'];

    expect(keys(await p.queue.claimDue(targets, now(), lease(), 10))).toEqual([
      'a1',
      'a1-teams',
      'a1-other-channel',
      'b1',
    ]);
    // a1 is leased (still pending): a2 stays behind it, even once a2 itself is long due.
    p.clock.advance(MINUTE - 1);
    expect(await p.queue.claimDue(targets, now(), lease(), 10)).toEqual([]);
    const a1 = (await rowsByKey(p.t.db)).a1!;
    await p.queue.markDelivered(a1, now());
    expect(keys(await p.queue.claimDue(targets, now(), lease(), 10))).toEqual(['a2']);
  });

  it('lets the rest of a case go once an earlier row is dead-lettered (a dead row is parked, not a wall)', async () => {
    await enqueue(p.deps.store, message('a1', now(), { caseId: CASE_A }), message('a2', now(), { caseId: CASE_A }));
    const [a1] = await p.queue.claimDue(['slack'], now(), lease(), 10);
    await p.queue.markDead(a1!, 'channel_not_found');

    expect(keys(await p.queue.claimDue(['slack'], now(), lease(), 10))).toEqual(['a2']);
  });

  it('settles a row only under its current claim: a claim whose lease another relay took over changes nothing', async () => {
    await enqueue(p.deps.store, message('m', now()));
    const [stale] = await p.queue.claimDue(['slack'], now(), lease(), 10);
    p.clock.advance(MINUTE);
    const [current] = await p.queue.claimDue(['slack'], now(), lease(), 10);
    expect(current).toMatchObject({ id: stale!.id, attempts: 2 });

    expect(await p.queue.markDelivered(stale!, now())).toBe(false);
    expect(await p.queue.retryLater(stale!, now(), 'late')).toBe(false);
    expect(await p.queue.markDead(stale!, 'late')).toBe(false);
    expect(await p.queue.release([stale!], now())).toEqual([]);
    expect((await rowsByKey(p.t.db)).m).toMatchObject({ status: 'pending', attempts: 2, lastError: null });

    expect(await p.queue.markDelivered(current!, now())).toBe(true);
    expect((await rowsByKey(p.t.db)).m).toMatchObject({ status: 'delivered', attempts: 2 });
    // Settled once, a claim is spent: the same claim cannot settle the row again.
    expect(await p.queue.markDead(current!, 'late')).toBe(false);
  });

  it('gives claimed rows back without spending their attempts, and counts rows by status', async () => {
    await enqueue(
      p.deps.store,
      message('m', now()),
      message('n', now(), { destination: 'C-2' }),
      message('o', now(), { destination: 'C-3' }),
    );
    const [m, n, o] = await p.queue.claimDue(['slack'], now(), lease(), 10);
    const later = new Date(now().getTime() + 1_500);
    expect(await p.queue.markDead(n!, 'channel_not_found')).toBe(true);
    // n's claim was settled meanwhile: it is left as it is, and not among the ids answered.
    expect((await p.queue.release([m!, n!, o!], later)).sort((a, b) => a - b)).toEqual([m!.id, o!.id]);

    const rows = await rowsByKey(p.t.db);
    expect(rows.m).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: later });
    expect(rows.o).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: later });
    expect(rows.n).toMatchObject({ status: 'dead', attempts: 1 });
    expect(await p.queue.countByStatus()).toEqual({ pending: 2, delivered: 0, dead: 1 });
    expect(keys(await p.queue.list({ ids: [n!.id, 999_999], limit: 10 }))).toEqual(['n']);
  });

  it('records a retry (time and error) and a dead letter, and lists rows newest first by status', async () => {
    await enqueue(p.deps.store, message('r', now()), message('d', now(), { destination: 'C-2' }));
    const [r, d] = await p.queue.claimDue(['slack'], now(), lease(), 10);
    const retryAt = new Date(now().getTime() + 5 * MINUTE);
    await p.queue.retryLater(r!, retryAt, 'HTTP 503');
    await p.queue.markDead(d!, `x${'y'.repeat(600)}`);

    expect(await p.queue.list({ status: 'pending', limit: 10 })).toEqual([
      expect.objectContaining({ dedupKey: 'r', nextAttemptAt: retryAt, lastError: 'HTTP 503', attempts: 1 }),
    ]);
    const [dead] = await p.queue.list({ status: 'dead', limit: 10 });
    expect(dead).toMatchObject({ dedupKey: 'd', status: 'dead' });
    expect(dead?.lastError).toHaveLength(500);
    expect(keys(await p.queue.list({ limit: 10 }))).toEqual(['d', 'r']);
    expect(keys(await p.queue.list({ limit: 1 }))).toEqual(['d']);
  });

  it.skipIf(testDriver() !== 'postgres')(
    'skips rows another transaction holds instead of waiting for it (PostgreSQL only: PGlite has one connection)',
    async () => {
      await enqueue(
        p.deps.store,
        ...Array.from({ length: 10 }, (_, i) => message(`m${i}`, now(), { destination: `C${i}` })),
      );
      const otherQueue = createQueue(p.t.db);
      const { first, second } = await p.t.db.transaction(async (tx) => {
        const held = await createOutboxQueue(tx).claimDue(['slack'], now(), lease(), 4);
        // This transaction still holds its four rows: a claimer that waited for them would never return.
        const other = await within(otherQueue.claimDue(['slack'], now(), lease(), 10), 5_000, 'the second claimer');
        return { first: held, second: other };
      });
      expect(keys(first)).toEqual(['m0', 'm1', 'm2', 'm3']);
      expect(keys(second)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    },
  );

  it.skipIf(testDriver() !== 'postgres')(
    'gives two concurrent claimers over 200 rows disjoint sets that together are all of them (PostgreSQL only)',
    async () => {
      await enqueue(
        p.deps.store,
        ...Array.from({ length: 200 }, (_, i) => message(`m${i}`, now(), { caseId: null, destination: `C${i % 7}` })),
      );
      const claimers = [createQueue(p.t.db), createQueue(p.t.db)];
      const claimed = await Promise.all(
        claimers.map(async (queue) => {
          const mine: number[] = [];
          for (;;) {
            const rows = await queue.claimDue(['slack'], now(), lease(), 25);
            if (rows.length === 0) return mine;
            mine.push(...rows.map((row) => row.id));
          }
        }),
      );
      const [a, b] = claimed as [number[], number[]];
      expect(a.filter((id) => b.includes(id))).toEqual([]);
      expect(a.length + b.length).toBe(200);
      expect(new Set([...a, ...b]).size).toBe(200);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
    },
  );
});
