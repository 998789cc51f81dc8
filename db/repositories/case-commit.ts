import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { CaseCommit } from '../../src/app/store.port.ts';
import { commitWithNextStatement, type Db, rows, type Tx } from '../client.ts';
import { definedKeys, driverValues, placeholder as p, placeholdersFor, preparedSql } from '../prepared.ts';
import { caseEvents, cases, slaTimers } from '../schema/index.ts';
import { eventValues } from './event.repository.ts';
import { DUE_AT_ONCE } from './outbox.repository.ts';
import { timerKeyColumns, timerValues } from './sla.repository.ts';

// One change of a case as one statement: the case row, its audit event, its timers and its channel messages are
// data-modifying CTEs of a single query. A commit with synchronous_commit costs milliseconds on its own, so every round
// trip saved counts (README, Performance). The CTEs touch different rows, so their order within the statement does
// not matter; foreign keys are checked at its end, when the new case row exists.
//
// The statement is built once per shape (insert or update, which fields, how many timer rules and timers, whether
// channels are told) and run with values: building it per call cost more CPU than the database spent on it.

type Statement = ReturnType<typeof preparedSql>;
const DIVISION_BY_ZERO = '22012';
const statements = new Map<string, Statement>();

export async function commitCase(db: Tx, change: CaseCommit): Promise<number> {
  const { record, event, timers, notify } = change;
  const { id, tenantId, version, ...fields } = record;
  const eventRow = eventValues({ ...event, tenantId, caseId: id });
  const timerRows = timers.specs.map((spec) => timerValues(tenantId, id, spec));
  const shape = [
    change.insert ? 'insert' : 'update',
    definedKeys(fields),
    definedKeys(eventRow),
    timers.rules.length,
    timerRows.length,
    notify ? 'notify' : '',
  ].join('|');
  let statement = statements.get(shape);
  if (!statement) {
    statement = preparedSql((recorder) => commitStatement(recorder, change, fields, eventRow));
    statements.set(shape, statement);
  }
  const values = {
    id,
    tenantId,
    version,
    nextVersion: version + 1,
    ...driverValues(cases, fields, 'c_'),
    ...driverValues(caseEvents, eventRow, 'e_'),
    ...Object.fromEntries(timers.rules.map((rule, i) => [`rule${i}`, rule])),
    ...Object.assign({}, ...timerRows.map((row, i) => driverValues(slaTimers, row, `t${i}_`))),
    ...(notify && {
      notifyPurpose: notify.purpose,
      notifyName: notify.name,
      notifyKind: notify.kind,
      notifyPayload: JSON.stringify(notify.payload),
      notifyDue: DUE_AT_ONCE.toISOString(), // due at once, as outbox.enqueue writes it: not the database's now()
    }),
  };
  if (change.final) commitWithNextStatement(db);
  const result = await statement(db, values).catch((error: unknown) => {
    // The case was read FOR UPDATE in this transaction: a version mismatch is a bug, not a race to report.
    // drizzle wraps the driver's error ("Failed query: …"); the database's code is on its cause.
    if ((error as { cause?: { code?: string } }).cause?.code === DIVISION_BY_ZERO) {
      throw new Error(`case ${record.ref} changed under a locked update`);
    }
    throw error;
  });
  const [row] = rows<{ eventId: number | string }>(result);
  return Number(row!.eventId);
}

/** The statement for changes shaped like this one, every value a placeholder. */
function commitStatement(
  db: Db,
  change: CaseCommit,
  fields: Omit<CaseCommit['record'], 'id' | 'tenantId' | 'version'>,
  eventRow: ReturnType<typeof eventValues>,
): SQL {
  const { timers, notify } = change;
  const caseFields = placeholdersFor(fields, 'c_');
  const write = change.insert
    ? db
        .insert(cases)
        .values({ id: p('id'), tenantId: p('tenantId'), version: p('version'), ...caseFields })
        .returning({ id: cases.id })
    : db
        .update(cases)
        .set({ ...caseFields, version: p('nextVersion') })
        .where(and(eq(cases.id, p('id')), eq(cases.tenantId, p('tenantId')), eq(cases.version, p('version'))))
        .returning({ id: cases.id });
  const audit = db.insert(caseEvents).values(placeholdersFor(eventRow, 'e_')).returning({ id: caseEvents.id });
  const rules = timers.rules.map((_, i) => p(`rule${i}`));
  const keys = timers.specs.map(
    (_, i) => sql`(${p(`t${i}_rule`)}, ${p(`t${i}_target`)}, ${p(`t${i}_threshold`)}, ${p(`t${i}_cycle`)})`,
  );
  // The pending timers no spec wants any more; one that fired stays, so rewriting cannot make it fire twice.
  const stale = db
    .delete(slaTimers)
    .where(
      and(
        eq(slaTimers.caseId, p('id')),
        rules.length > 0 ? sql`${slaTimers.rule} in (${sql.join(rules, sql`, `)})` : sql`false`,
        isNull(slaTimers.firedAt),
        keys.length > 0
          ? sql`(${slaTimers.rule}, ${slaTimers.target}, ${slaTimers.threshold}, ${slaTimers.cycle}) not in (${sql.join(keys, sql`, `)})`
          : undefined,
      ),
    );
  const ctes: SQL[] = [sql`written as ${write}`, sql`event as ${audit}`, sql`stale as ${stale}`];
  if (timers.specs.length > 0) {
    // New timers inserted; moved ones rescheduled unless they fired meanwhile; unchanged ones not rewritten.
    const timerRow = timerValues('', '', timers.specs[0]!);
    const wanted = db
      .insert(slaTimers)
      .values(timers.specs.map((_, i) => placeholdersFor(timerRow, `t${i}_`)))
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
      select b.tenant_id, ${p('id')}::uuid, b.platform, b.conversation_id, ${p('notifyKind')}::text,
        jsonb_set(${p('notifyPayload')}::jsonb, '{event,id}', to_jsonb(event.id)),
        ${p('notifyKind')}::text || ':' || event.id || ':' || b.platform || ':' || b.conversation_id,
        ${p('notifyDue')}::timestamptz
      from event, channel_bindings b
      where b.tenant_id = ${p('tenantId')}::text and b.purpose = ${p('notifyPurpose')}::text
        and b.name = ${p('notifyName')}::text
      order by b.platform, b.conversation_id
      on conflict (dedup_key) do nothing)`);
  }
  // A case row not written (its version moved: a bug, as the row is locked) fails the whole statement, in the
  // statement itself: its COMMIT may be on the wire already (`final`), so nothing of it must be left to commit.
  return sql`with ${sql.join(ctes, sql`, `)}
    select (select id from event) as "eventId", 1 / (select count(*) from written)::int as "written"`;
}
