import { and, asc, count, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { OutboxClaim, OutboxQueue } from '../../src/app/outbox/outbox.port.ts';
import type { OutboxRow, Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { outbox } from '../schema/index.ts';
import { createEventRepository } from './event.repository.ts';

type Row = typeof outbox.$inferSelect;
const toRow = ({ tenantId, caseId, target, destination, kind, payload, dedupKey, ...rest }: Row): OutboxRow => ({
  tenantId,
  caseId,
  target,
  destination,
  kind,
  payload,
  dedupKey,
  ...rest,
});

/** A message without a `notBefore` is due at once: the epoch sorts before every real instant. */
export const DUE_AT_ONCE = new Date(0);

export function createOutboxRepository(db: Tx): Repositories['outbox'] {
  return {
    async enqueue(messages) {
      if (messages.length === 0) return;
      await db
        .insert(outbox)
        // Without a notBefore a message is due at once, whatever the clocks say: the database's now() is not the
        // app's clock (a test or simulated clock, a skewed host), and a row due "later than now" would wait for it.
        .values(messages.map(({ notBefore, ...message }) => ({ ...message, nextAttemptAt: notBefore ?? DUE_AT_ONCE })))
        // The same dedup key twice is the same message: keep the first.
        .onConflictDoNothing({ target: outbox.dedupKey });
    },
  };
}

/** The row as `claim` left it: with that attempt and that lease (a later claim has other values). */
const heldBy = (claim: OutboxClaim) =>
  and(eq(outbox.id, claim.id), eq(outbox.attempts, claim.attempts), eq(outbox.nextAttemptAt, claim.nextAttemptAt));

/** Marks the row delivered while `claim` still holds it: the row as delivered, or undefined (nothing changed). */
export async function settleDelivered(db: Tx, claim: OutboxClaim, at: Date): Promise<OutboxRow | undefined> {
  const [row] = await db
    .update(outbox)
    .set({ status: 'delivered', deliveredAt: at, lastError: null })
    .where(and(eq(outbox.status, 'pending'), heldBy(claim)))
    .returning();
  return row && toRow(row);
}

export function createOutboxQueue(db: Tx): OutboxQueue {
  /** Changes the rows whose current claim is still one of `claims`: pending, with that attempt and that lease. */
  const settle = async (claims: OutboxClaim[], change: PgUpdateSetSource<typeof outbox>) => {
    if (claims.length === 0) return [];
    const rows = await db
      .update(outbox)
      .set(change)
      .where(and(eq(outbox.status, 'pending'), or(...claims.map(heldBy))))
      .returning({ id: outbox.id });
    return rows.map((row) => row.id);
  };
  const settleOne = async (claim: OutboxClaim, change: PgUpdateSetSource<typeof outbox>) =>
    (await settle([claim], change)).length > 0;
  return {
    async claimDue(targets, now, leaseUntil, limit) {
      if (targets.length === 0) return [];
      const due = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.status, 'pending'),
            lte(outbox.nextAttemptAt, now),
            inArray(outbox.target, targets),
            // Only the oldest pending row of a case and destination may go: one case's messages keep their order.
            sql`not exists (select 1 from ${outbox} as earlier where earlier.status = 'pending'
              and earlier.case_id = ${outbox.caseId} and earlier.target = ${outbox.target}
              and earlier.destination = ${outbox.destination} and earlier.id < ${outbox.id})`,
          ),
        )
        .orderBy(asc(outbox.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await db
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: leaseUntil })
        .where(inArray(outbox.id, due))
        .returning();
      return rows.map(toRow).sort((a, b) => a.id - b.id);
    },
    async markDelivered(claim, at) {
      return (await settleDelivered(db, claim, at)) !== undefined;
    },
    async retryLater(claim, at, error) {
      return settleOne(claim, { nextAttemptAt: at, lastError: error.slice(0, 500) });
    },
    async markDead(claim, error, note) {
      const held = await settleOne(claim, { status: 'dead', lastError: error.slice(0, 500) });
      if (held && note) await createEventRepository(db).append(note);
      return held;
    },
    async release(claims, at) {
      return settle(claims, { nextAttemptAt: at, attempts: sql`${outbox.attempts} - 1` });
    },
    async list(filter) {
      const rows = await db
        .select()
        .from(outbox)
        .where(
          and(
            filter.status ? eq(outbox.status, filter.status) : undefined,
            filter.ids ? inArray(outbox.id, filter.ids) : undefined,
          ),
        )
        .orderBy(desc(outbox.id))
        .limit(filter.limit);
      return rows.map(toRow);
    },
    async countByStatus() {
      const rows = await db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status);
      return { pending: 0, delivered: 0, dead: 0, ...Object.fromEntries(rows.map((row) => [row.status, row.n])) };
    },
    async retryDead(ids, now) {
      const rows = await db
        .update(outbox)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
        .where(and(eq(outbox.status, 'dead'), ids === 'all' ? undefined : inArray(outbox.id, ids)))
        .returning({ id: outbox.id });
      return rows.length;
    },
  };
}
