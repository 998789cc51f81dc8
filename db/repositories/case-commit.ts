import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { CaseCommit } from '../../src/app/store.port.ts';
import { rows, type Tx } from '../client.ts';
import { caseEvents, cases, slaTimers } from '../schema/index.ts';
import { eventValues } from './event.repository.ts';
import { DUE_AT_ONCE } from './outbox.repository.ts';
import { timerKeyColumns, timerValues } from './sla.repository.ts';

// One change of a case as one statement: the case row, its audit event, its timers and its channel messages are
// data-modifying CTEs of a single query. A commit with synchronous_commit costs milliseconds on its own, so every round
// trip saved counts (README, Performance). The CTEs touch different rows, so their order within the statement does
// not matter; foreign keys are checked at its end, when the new case row exists.

export async function commitCase(db: Tx, change: CaseCommit): Promise<number> {
  const { record, event, timers, notify } = change;
  const { id, tenantId, version, ...values } = record;
  const write = change.insert
    ? db
        .insert(cases)
        .values({ id, tenantId, version, ...values })
        .returning({ id: cases.id })
    : db
        .update(cases)
        .set({ ...values, version: version + 1 })
        .where(and(eq(cases.id, id), eq(cases.tenantId, tenantId), eq(cases.version, version)))
        .returning({ id: cases.id });
  const audit = db
    .insert(caseEvents)
    .values(eventValues({ ...event, tenantId, caseId: id }))
    .returning({ id: caseEvents.id });
  const keys = timers.specs.map((spec) => sql`(${spec.rule}, ${spec.target}, ${spec.threshold}, ${spec.cycle})`);
  // The pending timers no spec wants any more; one that fired stays, so rewriting cannot make it fire twice.
  const stale = db
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
  const ctes: SQL[] = [sql`written as ${write}`, sql`event as ${audit}`, sql`stale as ${stale}`];
  if (timers.specs.length > 0) {
    // New timers inserted; moved ones rescheduled unless they fired meanwhile; unchanged ones not rewritten.
    const wanted = db
      .insert(slaTimers)
      .values(timers.specs.map((spec) => timerValues(tenantId, id, spec)))
      .onConflictDoUpdate({
        target: timerKeyColumns,
        set: { fireAt: sql`excluded.fire_at`, changesCase: sql`excluded.changes_case` },
        setWhere: sql`${slaTimers.firedAt} is null
          and (${slaTimers.fireAt}, ${slaTimers.changesCase}) is distinct from (excluded.fire_at, excluded.changes_case)`,
      });
    ctes.push(sql`timers as ${wanted}`);
  }
  // Bound channels are read inside the statement: a tenant without any queues nothing, at no extra round trip. No
  // `notify`: the caller read with the tenant that no channel is bound to the routing name.
  if (notify) {
    ctes.push(sql`messages as (
      insert into outbox (tenant_id, case_id, target, destination, kind, payload, dedup_key, next_attempt_at)
      select b.tenant_id, ${id}::uuid, b.platform, b.conversation_id, ${notify.kind}::text,
        jsonb_set(${JSON.stringify(notify.payload)}::jsonb, '{event,id}', to_jsonb(event.id)),
        ${notify.kind}::text || ':' || event.id || ':' || b.platform || ':' || b.conversation_id,
        ${DUE_AT_ONCE.toISOString()}::timestamptz -- due at once, as outbox.enqueue writes it: not the database's now()
      from event, channel_bindings b
      where b.tenant_id = ${tenantId}::text and b.purpose = ${notify.purpose}::text and b.name = ${notify.name}::text
      order by b.platform, b.conversation_id
      on conflict (dedup_key) do nothing)`);
  }
  const result = await db.execute(
    sql`with ${sql.join(ctes, sql`, `)}
      select (select id from event) as "eventId", (select count(*) from written)::int as "written"`,
  );
  const [row] = rows<{ eventId: number | string; written: number }>(result);
  // The case was read FOR UPDATE in this transaction: a version mismatch is a bug, not a race to report.
  if (row?.written !== 1) throw new Error(`case ${record.ref} changed under a locked update`);
  return Number(row.eventId);
}
