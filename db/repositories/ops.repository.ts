import { and, asc, count, eq, gt, gte, inArray, isNotNull, isNull, lte, min, or, sql } from 'drizzle-orm';
import type { OpsSnapshot, OpsStore } from '../../src/app/ops/ops.port.ts';
import { type Db, rows } from '../client.ts';
import { caseEvents, caseRatings, cases, heartbeats, mailboxes, outbox, slaTimers, tenants } from '../schema/index.ts';

// The operator's snapshot in a handful of queries, each on a partial index (open cases, breaching cases, pending and
// dead outbox rows, pending timers): its cost follows what is open or queued, not the history, so a scrape stays
// cheap with a million closed cases and delivered rows.

export function createOpsStore(db: Db): OpsStore {
  return {
    async snapshot(now) {
      const [tenantRows, open, breaching, pending, dead, oldest, due, next, beat, boxes] = await Promise.all([
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
        // A deployment has a few mailboxes per tenant: read them all.
        db
          .select({
            id: mailboxes.id,
            tenant: mailboxes.tenantId,
            address: mailboxes.address,
            state: mailboxes.state,
            lastFetchAt: mailboxes.lastFetchAt,
            lastError: mailboxes.lastError,
          })
          .from(mailboxes)
          .orderBy(asc(mailboxes.tenantId), asc(mailboxes.address)),
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
        mailboxes: boxes,
      };
      return snapshot;
    },
    async weeklyCases(tenantId, since) {
      return db
        .select({
          id: cases.id,
          tenantId: cases.tenantId,
          priority: cases.priority,
          sla: cases.sla,
          pauses: cases.pauses,
        })
        .from(cases)
        .where(
          and(
            eq(cases.tenantId, tenantId),
            or(gte(cases.openedAt, since), gte(cases.closedAt, since), eq(cases.isOpen, true)),
          ),
        );
    },
    async slaHistoryRevision(tenantId) {
      const [row] = await db
        .select({ revision: tenants.slaHistoryRevision })
        .from(tenants)
        .where(eq(tenants.id, tenantId));
      return row?.revision ?? 0;
    },
    async ratingsByWeek(tenantId, since, zone) {
      // Weeks from Monday in the tenant's zone, as luxon's startOf('week') counts them; grouped by position so that the
      // zone is bound once.
      return rows<{ week: string; score: number; count: number }>(
        await db.execute(sql`
          select to_char(date_trunc('week', ${caseRatings.createdAt} at time zone ${zone}), 'YYYY-MM-DD') as "week",
            ${caseRatings.score} as "score", count(*)::int as "count"
          from ${caseRatings}
          where ${caseRatings.tenantId} = ${tenantId} and ${caseRatings.createdAt} >= ${since.toISOString()}::timestamptz
          group by 1, 2
          order by 1, 2`),
      );
    },
    async openCases(tenantId) {
      return db
        .select({ state: cases.state, priority: cases.priority, count: count() })
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), eq(cases.isOpen, true)))
        .groupBy(cases.state, cases.priority)
        .orderBy(asc(cases.state), asc(cases.priority));
    },
    async turnedAway(tenantId, since, codes) {
      // Counted in the database on the (tenant, type, at) index: the events themselves never leave it.
      const refused =
        codes.length > 0
          ? and(eq(caseEvents.type, 'refused'), inArray(sql<string>`${caseEvents.data}->>'code'`, [...codes]))
          : undefined;
      const recent = and(
        eq(caseEvents.tenantId, tenantId),
        inArray(caseEvents.type, ['refused', 'chat.redirected']),
        or(eq(caseEvents.type, 'chat.redirected'), refused),
        gte(caseEvents.at, since),
      );
      const reason = sql<string>`case when ${caseEvents.type} = 'refused' then ${caseEvents.data}->>'code' else ${caseEvents.data}->>'reason' end`;
      const byReason = await db
        .select({ type: caseEvents.type, reason, count: count() })
        .from(caseEvents)
        .where(recent)
        .groupBy(caseEvents.type, reason);
      // Each redirect names the channels it offered: one count per channel, unnested in the database.
      const byChannel = rows<{ reason: string; count: number }>(
        await db.execute(sql`
          select offered as "reason", count(*)::int as "count"
          from ${caseEvents}, jsonb_array_elements_text(${caseEvents.data}->'channels') as offered
          where ${caseEvents.tenantId} = ${tenantId} and ${caseEvents.type} = 'chat.redirected'
            and ${caseEvents.at} >= ${since.toISOString()}::timestamptz
          group by offered`),
      );
      return [
        ...byReason.map((row) => ({
          tenantId,
          kind: row.type === 'refused' ? ('refused' as const) : ('redirected' as const),
          reason: row.reason ?? 'unknown',
          count: row.count,
        })),
        ...byChannel.map((row) => ({ tenantId, kind: 'redirected_to' as const, reason: row.reason, count: row.count })),
      ].sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count || a.reason.localeCompare(b.reason));
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
