import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { CaseChangedError, type CaseCommit, type ChannelDestination } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { caseEvents, cases, channelBindings, outbox, slaTimers, tenants } from '../schema/index.ts';
import { eventValues } from './event.repository.ts';
import { DUE_AT_ONCE } from './outbox.repository.ts';
import { timerKeyColumns, timerValues } from './sla.repository.ts';

/**
 * One change of a case, in the caller's transaction: the case row, its audit event, its timers and its channel
 * messages; the event's id. Throws CaseChangedError when the case's version moved since it was read, which rolls the
 * transaction back: the statements sent with the version check ran too.
 *
 * The statements are built first (a mistake in one then sends none) and sent together: postgres.js pipelines the
 * queries of a transaction that are not awaited one by one, in the order they were made, and PGlite runs them in that
 * order. They are prepared (drizzle's `.prepare()`: parsed once per connection and text, then run in one round trip
 * instead of two), so a change whose context knows its channels is one round trip; the SLA monitor's, which does
 * not, reads them after the group and queues the card then.
 */
export async function commitCase(db: Tx, change: CaseCommit): Promise<number> {
  const { record, event, timers, notify } = change;
  const { id, tenantId, version, ...fields } = record;
  // First: the row the others refer to, and the version check.
  const written = change.insert
    ? db.insert(cases).values(record).returning({ id: cases.id }).prepare('case_insert')
    : db
        .update(cases)
        .set({ ...changedFields(fields, change.previous), version: version + 1 })
        .where(and(eq(cases.id, id), eq(cases.tenantId, tenantId), eq(cases.version, version)))
        .returning({ id: cases.id })
        .prepare('case_update');
  const audit = db
    .insert(caseEvents)
    .values(eventValues({ ...event, tenantId, caseId: id }))
    .returning({ id: caseEvents.id })
    .prepare('case_event_insert');
  const rest: { execute(): Promise<unknown> }[] = [];
  // The card's rows, keyed by the version this change writes (one change per version).
  const newVersion = change.insert ? version : version + 1;
  const card = (destinations: ChannelDestination[]) =>
    notify && destinations.length > 0
      ? db
          .insert(outbox)
          .values(
            destinations.map((binding) => ({
              tenantId,
              caseId: id,
              target: binding.platform,
              destination: binding.conversationId,
              kind: notify.kind,
              payload: notify.payload,
              dedupKey: `${notify.kind}:${id}:${newVersion}:${binding.platform}:${binding.conversationId}`,
              nextAttemptAt: DUE_AT_ONCE,
            })),
          )
          .onConflictDoNothing({ target: outbox.dedupKey })
          .prepare('case_outbox_insert')
      : undefined;
  const knownCard = notify?.destinations && card(notify.destinations);
  if (knownCard) rest.push(knownCard);
  if (change.rewritesFinishedWeeks) {
    rest.push(
      db
        .update(tenants)
        .set({ slaHistoryRevision: sql`${tenants.slaHistoryRevision} + 1` })
        .where(eq(tenants.id, tenantId))
        .prepare('tenant_sla_revision'),
    );
  }
  // The pending timers no spec wants any more (a new case has none); one that fired stays, so rewriting cannot make
  // it fire twice.
  if (!change.insert && timers.rules.length > 0) {
    const keys = timers.specs.map((spec) => sql`(${spec.rule}, ${spec.target}, ${spec.threshold}, ${spec.cycle})`);
    rest.push(
      db
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
        )
        .prepare('case_timers_delete'),
    );
  }
  if (timers.specs.length > 0) {
    // New timers inserted; moved ones rescheduled unless they fired meanwhile; unchanged ones not rewritten.
    rest.push(
      db
        .insert(slaTimers)
        .values(timers.specs.map((spec) => timerValues(tenantId, id, spec)))
        .onConflictDoUpdate({
          target: timerKeyColumns,
          set: { fireAt: sql`excluded.fire_at`, changesCase: sql`excluded.changes_case` },
          setWhere: sql`${slaTimers.firedAt} is null
          and (${slaTimers.fireAt}, ${slaTimers.changesCase}) is distinct from (excluded.fire_at, excluded.changes_case)`,
        })
        .prepare('case_timers_upsert'),
    );
  }
  const [rows, [inserted]] = await Promise.all([
    written.execute(),
    audit.execute(),
    ...rest.map((statement) => statement.execute()),
  ]);
  if (rows.length === 0) throw new CaseChangedError(record.ref, id);
  if (notify && !notify.destinations) {
    const destinations = await db
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
    await card(destinations)?.execute();
  }
  return inserted!.id;
}

/**
 * The fields of `next` that differ from the case as read (all of them when it is not known). Writing only those is
 * safe under the version check, and it matters: building a 40-column update is most of a change's CPU time.
 */
function changedFields<T extends object>(next: T, previous: object | undefined): Partial<T> {
  if (!previous) return next;
  const before = previous as Record<string, unknown>;
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => !same(value, before[key]))) as Partial<T>;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return (
    typeof a === 'object' &&
    typeof b === 'object' &&
    a !== null &&
    b !== null &&
    JSON.stringify(a) === JSON.stringify(b)
  );
}
