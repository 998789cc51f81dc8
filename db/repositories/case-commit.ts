import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { CaseCommit } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { caseEvents, cases, channelBindings, outbox, slaTimers, tenants } from '../schema/index.ts';
import { eventValues } from './event.repository.ts';
import { DUE_AT_ONCE } from './outbox.repository.ts';
import { timerKeyColumns, timerValues } from './sla.repository.ts';

/**
 * One change of a case, in the caller's transaction: the case row, its audit event, its timers and its channel
 * messages. Undefined when the case's version moved since it was read: nothing is written then.
 */
export async function commitCase(db: Tx, change: CaseCommit): Promise<number | undefined> {
  const { record, event, timers, notify } = change;
  const { id, tenantId, version, ...fields } = record;
  if (change.insert) {
    await db.insert(cases).values(record);
  } else {
    const written = await db
      .update(cases)
      .set({ ...fields, version: version + 1 })
      .where(and(eq(cases.id, id), eq(cases.tenantId, tenantId), eq(cases.version, version)))
      .returning({ id: cases.id });
    if (written.length === 0) return undefined;
  }
  if (change.rewritesFinishedWeeks)
    await db
      .update(tenants)
      .set({ slaHistoryRevision: sql`${tenants.slaHistoryRevision} + 1` })
      .where(eq(tenants.id, tenantId));
  const [audit] = await db
    .insert(caseEvents)
    .values(eventValues({ ...event, tenantId, caseId: id }))
    .returning({ id: caseEvents.id });
  const eventId = audit!.id;

  // The pending timers no spec wants any more (a new case has none); one that fired stays, so rewriting cannot make
  // it fire twice.
  if (!change.insert && timers.rules.length > 0) {
    const keys = timers.specs.map((spec) => sql`(${spec.rule}, ${spec.target}, ${spec.threshold}, ${spec.cycle})`);
    await db
      .delete(slaTimers)
      .where(
        and(
          eq(slaTimers.caseId, id),
          inArray(slaTimers.rule, [...timers.rules]),
          isNull(slaTimers.firedAt),
          keys.length > 0
            ? sql`(${slaTimers.rule}, ${slaTimers.target}, ${slaTimers.threshold}, ${slaTimers.cycle}) not in (${sql.join(keys, sql`, `)})`
            : undefined,
        ),
      );
  }
  if (timers.specs.length > 0) {
    // New timers inserted; moved ones rescheduled unless they fired meanwhile; unchanged ones not rewritten.
    await db
      .insert(slaTimers)
      .values(timers.specs.map((spec) => timerValues(tenantId, id, spec)))
      .onConflictDoUpdate({
        target: timerKeyColumns,
        set: { fireAt: sql`excluded.fire_at`, changesCase: sql`excluded.changes_case` },
        setWhere: sql`${slaTimers.firedAt} is null
          and (${slaTimers.fireAt}, ${slaTimers.changesCase}) is distinct from (excluded.fire_at, excluded.changes_case)`,
      });
  }

  if (notify) {
    const bindings = await db
      .select({ platform: channelBindings.platform, conversationId: channelBindings.conversationId })
      .from(channelBindings)
      .where(
        and(
          eq(channelBindings.tenantId, tenantId),
          eq(channelBindings.purpose, notify.purpose),
          eq(channelBindings.name, notify.name),
        ),
      )
      .orderBy(asc(channelBindings.platform), asc(channelBindings.conversationId));
    if (bindings.length > 0) {
      const payload = { ...notify.payload, event: { ...(notify.payload.event as object), id: eventId } };
      await db
        .insert(outbox)
        .values(
          bindings.map((binding) => ({
            tenantId,
            caseId: id,
            target: binding.platform,
            destination: binding.conversationId,
            kind: notify.kind,
            payload,
            dedupKey: `${notify.kind}:${eventId}:${binding.platform}:${binding.conversationId}`,
            nextAttemptAt: DUE_AT_ONCE,
          })),
        )
        .onConflictDoNothing({ target: outbox.dedupKey });
    }
  }
  return eventId;
}
