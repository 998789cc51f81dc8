import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, min, notInArray } from 'drizzle-orm';
import type { ChatIdentity, SlaRepository, TimerRow } from '../../src/app/sla/sla.port.ts';
import type { CaseRecord } from '../../src/domain/case/case.types.ts';
import { PLATFORMS } from '../../src/domain/chat/platforms.ts';
import type { TimerRule, TimerSpec } from '../../src/domain/sla/sla-timer.types.ts';
import type { Tx } from '../client.ts';
import { caseEvents, cases, chatIdentities, slaTimers } from '../schema/index.ts';

type Row = typeof slaTimers.$inferSelect;

const toTimer = (row: Row): TimerRow => ({ ...row, rule: row.rule as TimerRule, fireAt: row.fireAt.getTime() });
/** The row of a timer as `cases.commit` and `add` write it. */
export const timerValues = (tenantId: string, caseId: string, spec: TimerSpec) => ({
  tenantId,
  caseId,
  rule: spec.rule,
  target: spec.target,
  threshold: spec.threshold,
  cycle: spec.cycle,
  fireAt: new Date(spec.fireAt),
  changesCase: spec.changesCase,
});
export const timerKeyColumns = [
  slaTimers.caseId,
  slaTimers.rule,
  slaTimers.target,
  slaTimers.threshold,
  slaTimers.cycle,
];

export function createSlaRepository(db: Tx): SlaRepository {
  return {
    async add(tenantId, caseId, specs) {
      if (specs.length === 0) return;
      await db
        .insert(slaTimers)
        .values(specs.map((spec) => timerValues(tenantId, caseId, spec)))
        .onConflictDoNothing({ target: timerKeyColumns });
    },
    async claimDue(now, limit, options) {
      const rows = await db
        .select()
        .from(slaTimers)
        .where(
          and(
            isNull(slaTimers.firedAt),
            lte(slaTimers.fireAt, now),
            eq(slaTimers.changesCase, options.changesCase),
            options.exclude?.length ? notInArray(slaTimers.id, [...options.exclude]) : undefined,
          ),
        )
        .orderBy(asc(slaTimers.fireAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return rows.map(toTimer);
    },
    async nextFireAt() {
      const [row] = await db
        .select({ at: min(slaTimers.fireAt) })
        .from(slaTimers)
        .where(isNull(slaTimers.firedAt));
      return row?.at ? new Date(row.at) : undefined;
    },
    async markFired(id, at, outcome) {
      await db.update(slaTimers).set({ firedAt: at, outcome }).where(eq(slaTimers.id, id));
    },
    async markFiredMany(timers, at) {
      if (timers.length === 0) return;
      const byOutcome = new Map<string, number[]>();
      for (const timer of timers) byOutcome.set(timer.outcome, [...(byOutcome.get(timer.outcome) ?? []), timer.id]);
      for (const [outcome, ids] of byOutcome) {
        await db.update(slaTimers).set({ firedAt: at, outcome }).where(inArray(slaTimers.id, ids));
      }
    },
    async reschedule(id, fireAt) {
      await db
        .update(slaTimers)
        .set({ fireAt })
        .where(and(eq(slaTimers.id, id), isNull(slaTimers.firedAt)));
    },
    async pending(tenantId, caseId) {
      const rows = await db
        .select()
        .from(slaTimers)
        .where(and(eq(slaTimers.tenantId, tenantId), eq(slaTimers.caseId, caseId), isNull(slaTimers.firedAt)))
        .orderBy(asc(slaTimers.fireAt), asc(slaTimers.id));
      return rows.map(toTimer);
    },
    async forCase(tenantId, caseId) {
      const rows = await db
        .select()
        .from(slaTimers)
        .where(and(eq(slaTimers.tenantId, tenantId), eq(slaTimers.caseId, caseId)))
        .orderBy(asc(slaTimers.id));
      return rows.map(toTimer);
    },
    async breachOf(caseId, target, cycle) {
      const [row] = await db
        .select()
        .from(slaTimers)
        .where(
          and(
            eq(slaTimers.caseId, caseId),
            eq(slaTimers.rule, 'sla.breach'),
            eq(slaTimers.target, target),
            eq(slaTimers.cycle, cycle),
          ),
        )
        .limit(1);
      return row && toTimer(row);
    },
    async acknowledge(tenantId, caseId, agentId, at) {
      const rows = await db
        .update(slaTimers)
        .set({ acknowledgedAt: at, acknowledgedBy: agentId })
        .where(
          and(
            eq(slaTimers.tenantId, tenantId),
            eq(slaTimers.caseId, caseId),
            eq(slaTimers.rule, 'sla.breach'),
            isNotNull(slaTimers.firedAt),
            isNull(slaTimers.acknowledgedAt),
          ),
        )
        .returning({ id: slaTimers.id });
      return rows.length;
    },
    async caseById(tenantId, caseId, options = {}) {
      const query = db
        .select()
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
      const [row] = options.skipLocked ? await query.for('update', { skipLocked: true }) : await query;
      if (row) return toCase(row);
      if (!options.skipLocked) return undefined;
      const [exists] = await db
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
      return exists ? 'locked' : undefined;
    },
    async appendEvents(events) {
      if (events.length === 0) return;
      await db.insert(caseEvents).values(
        events.map((event) => ({
          tenantId: event.tenantId,
          caseId: event.caseId,
          type: event.type,
          at: event.at,
          actorKind: event.actor.kind,
          actorId: event.actor.kind === 'agent' ? event.actor.agentId : null,
          channel: event.channel,
          data: event.data,
        })),
      );
    },
    async casesByIds(caseIds) {
      if (caseIds.length === 0) return [];
      const rows = await db
        .select()
        .from(cases)
        .where(inArray(cases.id, [...new Set(caseIds)]));
      return rows.map(toCase);
    },
    async identitiesOf(tenantId, agentIds) {
      if (agentIds.length === 0) return [];
      const rows = await db
        .select({
          agentId: chatIdentities.personId,
          platform: chatIdentities.platform,
          externalUserId: chatIdentities.externalUserId,
        })
        .from(chatIdentities)
        .where(
          and(
            eq(chatIdentities.tenantId, tenantId),
            eq(chatIdentities.personKind, 'agent'),
            inArray(chatIdentities.personId, agentIds),
            inArray(chatIdentities.platform, [...PLATFORMS]),
          ),
        )
        .orderBy(asc(chatIdentities.platform), asc(chatIdentities.externalUserId));
      return rows as ChatIdentity[];
    },
    async reportCases(options) {
      return db
        .select({
          tenantId: cases.tenantId,
          priority: cases.priority,
          isOpen: cases.isOpen,
          closedAt: cases.closedAt,
          sla: cases.sla,
          ref: cases.ref,
          estimate: cases.estimate,
          minutesSpent: cases.minutesSpent,
          confirmations: cases.confirmations,
          billable: cases.billable,
        })
        .from(cases)
        .where(
          and(
            options.tenantId ? eq(cases.tenantId, options.tenantId) : undefined,
            options.since ? gte(cases.openedAt, options.since) : undefined,
          ),
        )
        .orderBy(asc(cases.tenantId), asc(cases.number));
    },
  };
}

const toCase = ({ createdAt: _createdAt, ...record }: typeof cases.$inferSelect): CaseRecord => record;
