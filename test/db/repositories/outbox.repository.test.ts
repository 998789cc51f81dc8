import { describe, expect, it } from 'vitest';
import { createQueue, createStore } from '../../../db/repositories/store.ts';
import type { OutboxMessage } from '../../../src/app/store.port.ts';
import { useTestDb } from '../../helpers/db.ts';

// The outbox over the real database: dedup keys make a repeated enqueue harmless; the relay claims due rows with a
// lease, one case's messages to one destination in order, and marks each delivered, retried or dead.

const NOW = new Date('2026-11-23T15:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const CASE_1 = '00000000-0000-4000-8000-000000000001';
const CASE_2 = '00000000-0000-4000-8000-000000000002';

const message = (dedupKey: string, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  tenantId: 'a',
  caseId: CASE_1,
  target: 'slack',
  destination: 'C1',
  kind: 'case.update',
  payload: { key: dedupKey },
  dedupKey,
  notBefore: NOW,
  ...extra,
});

describe('outbox repository and queue', () => {
  const t = useTestDb();

  async function enqueue(messages: OutboxMessage[]) {
    const store = createStore(t.db);
    await store.transaction(async (repos) => {
      if (!(await repos.tenants.get('a')))
        await repos.tenants.insert({ id: 'a', name: 'A', policyId: 'itbx', casePrefix: 'A' });
      await repos.outbox.enqueue(messages);
    });
  }

  it('keeps the first message of a dedup key', async () => {
    await enqueue([message('k1'), message('k1', { payload: { second: true } }), message('k2')]);
    await enqueue([message('k2', { payload: { third: true } })]);
    const rows = await createQueue(t.db).list({ limit: 10 });
    expect(rows.map((row) => [row.dedupKey, row.payload, row.status, row.attempts])).toEqual([
      ['k2', { key: 'k2' }, 'pending', 0],
      ['k1', { key: 'k1' }, 'pending', 0],
    ]);
  });

  it('claims only due rows of the asked targets, the oldest of each case and destination first', async () => {
    await enqueue([
      message('c1-first'),
      message('c1-second'),
      message('c2-first', { caseId: CASE_2 }),
      message('c1-other-channel', { destination: 'C2' }),
      message('email', { target: 'email', destination: 'x@example.test' }),
      message('not-yet', { caseId: CASE_2, destination: 'C9', notBefore: later(60_000) }),
    ]);
    const queue = createQueue(t.db);
    const lease = later(30_000);
    const claimed = await queue.claimDue(['slack'], NOW, lease, 10);
    expect(claimed.map((row) => row.dedupKey)).toEqual(['c1-first', 'c2-first', 'c1-other-channel']);
    expect(claimed.every((row) => row.attempts === 1 && row.nextAttemptAt.getTime() === lease.getTime())).toBe(true);
    // Leased rows are not claimed again; c1-second waits for c1-first.
    expect(await queue.claimDue(['slack'], NOW, lease, 10)).toEqual([]);

    await queue.markDelivered(claimed[0]!, NOW);
    const next = await queue.claimDue(['slack'], NOW, lease, 10);
    expect(next.map((row) => row.dedupKey)).toEqual(['c1-second']);
    expect((await queue.claimDue(['email'], NOW, lease, 10)).map((row) => row.dedupKey)).toEqual(['email']);
    expect(await queue.claimDue([], NOW, lease, 10)).toEqual([]);
  });

  it('retries later with the error kept, dead-letters, and puts dead rows back on request', async () => {
    await enqueue([message('k1'), message('k2', { caseId: CASE_2 })]);
    const queue = createQueue(t.db);
    const [first, second] = await queue.claimDue(['slack'], NOW, later(1000), 10);
    await queue.retryLater(first!, later(60_000), 'rate limited');
    await queue.markDead(second!, 'channel_not_found');
    expect(await queue.claimDue(['slack'], later(59_999), later(70_000), 10)).toEqual([]);
    const retried = await queue.claimDue(['slack'], later(60_000), later(70_000), 10);
    expect(retried.map((row) => [row.dedupKey, row.attempts, row.lastError])).toEqual([['k1', 2, 'rate limited']]);
    await queue.markDelivered(retried[0]!, later(60_000));

    const dead = await queue.list({ status: 'dead', limit: 10 });
    expect(dead.map((row) => [row.dedupKey, row.lastError])).toEqual([['k2', 'channel_not_found']]);
    expect(await queue.retryDead('all', later(80_000))).toBe(1);
    const back = await queue.claimDue(['slack'], later(80_000), later(90_000), 10);
    expect(back.map((row) => [row.dedupKey, row.attempts])).toEqual([['k2', 1]]);
    await queue.markDelivered(back[0]!, later(80_000));
    const delivered = await queue.list({ status: 'delivered', limit: 10 });
    expect(delivered.map((row) => [row.dedupKey, row.deliveredAt?.toISOString(), row.lastError])).toEqual([
      ['k2', later(80_000).toISOString(), null],
      ['k1', later(60_000).toISOString(), null],
    ]);
  });
});
