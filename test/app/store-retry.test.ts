import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../db/client.ts';
import { inboundEvents } from '../../db/schema/index.ts';
import { transientDatabaseError } from '../../db/transient-error.ts';
import type { Repositories, Store } from '../../src/app/store.port.ts';
import { CommitOutcomeUnknownError, DatabaseUnavailableError, retryingStore } from '../../src/app/store-retry.ts';
import { useTestDb } from '../helpers/db.ts';

// Work that failed because the database went away is run again only when it never reached its COMMIT; a failure
// while committing is reported as such, and bugs or refusals are never retried.

const gone = Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
const repos = {} as Repositories;

/** A store whose transactions fail as scripted: 'before' the work runs, 'commit' after it ran, or succeed. */
function scripted(outcomes: ('before' | 'commit' | 'ok')[]) {
  let applied = 0;
  const store: Store = {
    async transaction(work) {
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome === 'before') throw gone;
      const result = await work(repos);
      if (outcome === 'commit') throw gone;
      applied++;
      return result;
    },
    async read(work) {
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome === 'before') throw gone;
      const result = await work(repos);
      if (outcome === 'commit') throw gone;
      return result;
    },
  };
  return { store, applied: () => applied };
}

const noSleep = { sleep: async () => {} };

describe('retryingStore', () => {
  it('runs the work again after the database went away before the commit, and applies it once', async () => {
    const { store, applied } = scripted(['before', 'before', 'ok']);
    let runs = 0;
    const result = await retryingStore(store, { transient: transientDatabaseError, ...noSleep }).transaction(
      async () => ++runs,
    );
    expect(result).toBe(1);
    expect(applied()).toBe(1);
  });

  it('says the outcome is unknown when the connection failed while committing, and does not run the work again', async () => {
    const { store } = scripted(['commit']);
    let runs = 0;
    const failed = retryingStore(store, { transient: transientDatabaseError, ...noSleep }).transaction(async () => {
      runs++;
    });
    await expect(failed).rejects.toBeInstanceOf(CommitOutcomeUnknownError);
    expect(runs).toBe(1);
  });

  it('reads again after the database went away, even mid-read: a read wrote nothing to be unsure of', async () => {
    const { store } = scripted(['before', 'commit', 'ok']);
    let runs = 0;
    const result = await retryingStore(store, { transient: transientDatabaseError, ...noSleep }).read(
      async () => ++runs,
    );
    // Gone before the first read, then gone once it had run: read again, never "outcome unknown".
    expect(result).toBe(2);
  });

  it('gives up after its attempts with "unavailable", pausing longer each time', async () => {
    const { store } = scripted(['before', 'before', 'before']);
    const pauses: number[] = [];
    const failed = retryingStore(store, {
      transient: transientDatabaseError,
      attempts: 3,
      sleep: async (ms) => {
        pauses.push(ms);
      },
    }).transaction(async () => 1);
    await expect(failed).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(pauses).toEqual([250, 500]);
  });

  it('never retries a bug or a refusal', async () => {
    let calls = 0;
    const store: Store = {
      async transaction() {
        calls++;
        throw Object.assign(new Error('duplicate key'), { code: '23505' });
      },
      async read() {
        calls++;
        throw Object.assign(new Error('duplicate key'), { code: '23505' });
      },
    };
    await expect(
      retryingStore(store, { transient: transientDatabaseError, ...noSleep }).transaction(async () => 1),
    ).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
  });

  it.each([
    ['ECONNREFUSED', 'connection'],
    ['CONNECTION_CLOSED', 'connection'],
    ['57P01', 'connection'],
    ['57P03', 'connection'],
    ['08006', 'connection'],
    ['40P01', 'conflict'],
    ['40001', 'conflict'],
    ['23505', undefined],
    ['42P01', undefined],
  ])('an error with code %s is %s', (code, kind) => {
    expect(transientDatabaseError(Object.assign(new Error(code), { code }))).toBe(kind);
  });
});

describe('retryingStore on the real database', () => {
  const t = useTestDb();
  /** A store whose work gets the transaction handle itself, to raise what PostgreSQL raises. */
  const raw = (): Store => ({
    transaction: (work) => t.db.transaction((tx) => work(tx as unknown as Repositories)),
    read: (work) => work(t.db as unknown as Repositories),
  });
  const raise = (tx: Tx, code: string) =>
    tx.execute(sql.raw(`DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = '${code}'; END $$`));

  it.each([
    ['a deadlock', '40P01'],
    ['a server shutting down', '57P01'],
  ])(
    '%s raised by a statement (drizzle wraps it) is run again, and what it wrote is written once',
    async (_what, code) => {
      const retries: number[] = [];
      const store = retryingStore(raw(), {
        transient: transientDatabaseError,
        sleep: async () => {},
        onRetry: (attempt) => retries.push(attempt),
      });
      let runs = 0;
      await store.transaction(async (repos) => {
        const tx = repos as unknown as Tx;
        runs++;
        await tx.insert(inboundEvents).values({ platform: 'slack', eventId: `retry-${code}`, receivedAt: new Date() });
        if (runs === 1) await raise(tx, code);
      });
      expect(runs).toBe(2);
      expect(retries).toEqual([2]);
      const rows = await t.db.select().from(inboundEvents);
      expect(rows.map((row) => row.eventId)).toEqual([`retry-${code}`]);
    },
  );

  it('a statement that is simply wrong is not run again', async () => {
    let runs = 0;
    const store = retryingStore(raw(), { transient: transientDatabaseError, sleep: async () => {} });
    await expect(
      store.transaction(async (repos) => {
        runs++;
        await raise(repos as unknown as Tx, '22012');
      }),
    ).rejects.toThrow();
    expect(runs).toBe(1);
  });
});
