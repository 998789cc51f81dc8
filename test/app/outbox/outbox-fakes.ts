import { count } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { outbox } from '../../../db/schema/index.ts';
import type { Deliverer, DeliveryResult } from '../../../src/app/outbox/outbox.port.ts';
import type { OutboxMessage, OutboxRow, Store } from '../../../src/app/store.port.ts';

// Small hand-written fakes for the relay's tests: a deliverer that records what it was given and answers as told.

export interface RecordingDeliverer extends Deliverer {
  /** Every row handed over, in order (a retried row appears once per attempt). */
  readonly seen: OutboxRow[];
  /** Resolves once `n` rows have been handed over in all; rejects after `ms` so no test waits unbounded. */
  handedOver(n: number, ms?: number): Promise<void>;
}

export function recordingDeliverer(
  answer: (row: OutboxRow, call: number) => DeliveryResult | Promise<DeliveryResult> = () => ({ ok: true }),
): RecordingDeliverer {
  const seen: OutboxRow[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    seen,
    async deliver(row) {
      seen.push(row);
      const result = await answer(row, seen.length);
      for (const waiter of waiters.filter((w) => seen.length >= w.n)) waiter.resolve();
      return result;
    },
    handedOver(n, ms = 5_000) {
      if (seen.length >= n) return Promise.resolve();
      return within(new Promise<void>((resolve) => waiters.push({ n, resolve })), ms, `${n} deliveries`);
    },
  };
}

/** Answers from a script, one result per call; `ok` once the script runs out. */
export function scriptedDeliverer(...script: DeliveryResult[]): RecordingDeliverer {
  return recordingDeliverer((_row, call) => script[call - 1] ?? { ok: true });
}

/** A deadline for a wait that should end by itself: fails with what was awaited instead of hanging the suite. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** An outbox message for the itbx tenant; `at` is when it becomes due (the test clock's now, usually). */
export function message(dedupKey: string, at: Date, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    tenantId: 'itbx',
    caseId: null,
    target: 'slack',
    destination: 'C-AGENTS',
    kind: 'case.update',
    payload: { text: dedupKey },
    dedupKey,
    notBefore: at,
    ...overrides,
  };
}

export async function enqueue(store: Store, ...messages: OutboxMessage[]): Promise<void> {
  await store.transaction((repos) => repos.outbox.enqueue(messages));
}

/** Rows per status, straight from the table: nothing may vanish from it. */
export async function countByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Every row, oldest first, keyed by dedup key for readable assertions. */
export async function rowsByKey(db: Db): Promise<Record<string, typeof outbox.$inferSelect>> {
  const rows = await db.select().from(outbox).orderBy(outbox.id);
  return Object.fromEntries(rows.map((row) => [row.dedupKey, row]));
}

export const CASE_A = '00000000-0000-4000-8000-00000000000a';
export const CASE_B = '00000000-0000-4000-8000-00000000000b';
