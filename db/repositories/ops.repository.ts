import { and, asc, count, eq, gt, isNotNull, isNull, lte, min, sql } from 'drizzle-orm';
import type { OpsSnapshot, OpsStore } from '../../src/app/ops/ops.port.ts';
import type { Db } from '../client.ts';
import { cases, heartbeats, outbox, slaTimers, tenants } from '../schema/index.ts';

// The operator's snapshot in a handful of queries, each on a partial index (open cases, breaching cases, pending and
// dead outbox rows, pending timers): its cost follows what is open or queued, not the history, so a scrape stays
// cheap with a million closed cases and delivered rows.

export function createOpsStore(db: Db): OpsStore {
  return {
    async snapshot(now) {
      const [tenantRows, open, breaching, pending, dead, oldest, due, next, beat] = await Promise.all([
        db.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.id)),
        db
          .select({ tenant: cases.tenantId, state: cases.state, count: count() })
          .from(cases)
          .where(eq(cases.isOpen, true))
          .groupBy(cases.tenantId, cases.state),
        db
          .select({ tenant: cases.tenantId, count: count() })
          .from(cases)
          .where(and(eq(cases.isOpen, true), isNotNull(cases.nextDueAt), lte(cases.nextDueAt, now)))
          .groupBy(cases.tenantId),
        db
          .select({ target: outbox.target, count: count() })
          .from(outbox)
          .where(eq(outbox.status, 'pending'))
          .groupBy(outbox.target),
        db
          .select({ target: outbox.target, count: count() })
          .from(outbox)
          .where(eq(outbox.status, 'dead'))
          .groupBy(outbox.target),
        db
          .select({ at: min(outbox.createdAt) })
          .from(outbox)
          .where(eq(outbox.status, 'pending')),
        db
          .select({ count: count(), oldest: min(slaTimers.fireAt) })
          .from(slaTimers)
          .where(and(isNull(slaTimers.firedAt), lte(slaTimers.fireAt, now))),
        db
          .select({ at: min(slaTimers.fireAt) })
          .from(slaTimers)
          .where(and(isNull(slaTimers.firedAt), gt(slaTimers.fireAt, now))),
        db.select().from(heartbeats).where(eq(heartbeats.name, 'sla-monitor')),
      ]);
      const sweep = beat[0];
      const snapshot: OpsSnapshot = {
        at: now,
        tenants: tenantRows.map((row) => row.id),
        openCases: open,
        breachingCases: breaching,
        outbox: { pending, dead, oldestPendingAt: oldest[0]?.at ?? null },
        sla: {
          due: due[0]?.count ?? 0,
          oldestDueAt: due[0]?.oldest ?? null,
          nextAt: next[0]?.at ?? null,
          lastSweep: sweep ? { at: sweep.beatAt, replica: sweep.replica, lagMs: sweep.lagMs } : null,
        },
      };
      return snapshot;
    },
    async beat(heartbeat) {
      await db
        .insert(heartbeats)
        .values({ name: heartbeat.name, beatAt: heartbeat.at, replica: heartbeat.replica, lagMs: heartbeat.lagMs })
        .onConflictDoUpdate({
          target: heartbeats.name,
          set: {
            beatAt: sql`greatest(${heartbeats.beatAt}, excluded.beat_at)`,
            replica: sql`case when excluded.beat_at >= ${heartbeats.beatAt} then excluded.replica else ${heartbeats.replica} end`,
            lagMs: sql`case when excluded.beat_at >= ${heartbeats.beatAt} then excluded.lag_ms else ${heartbeats.lagMs} end`,
          },
        });
    },
  };
}
