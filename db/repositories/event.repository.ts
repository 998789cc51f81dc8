import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Actor, CaseEventInput } from '../../src/domain/case/case.types.ts';
import type { Tx } from '../client.ts';
import { caseEvents } from '../schema/index.ts';
import { prepareOnce } from './prepare-once.ts';

type EventRow = typeof caseEvents.$inferSelect;

function actorOf(row: EventRow): Actor {
  switch (row.actorKind) {
    case 'agent':
      return { kind: 'agent', agentId: row.actorId ?? '' };
    case 'contact':
      return { kind: 'contact', contactId: row.actorId ?? '' };
    case 'customer':
      return { kind: 'customer', userId: row.actorId ?? '' };
    default:
      return { kind: 'system' };
  }
}

const actorId = (actor: Actor) =>
  actor.kind === 'agent'
    ? actor.agentId
    : actor.kind === 'contact'
      ? actor.contactId
      : actor.kind === 'customer'
        ? actor.userId
        : null;

/** The row of an event as `append` writes it. */
export const eventValues = (event: CaseEventInput) => ({
  tenantId: event.tenantId,
  caseId: event.caseId,
  type: event.type,
  at: event.at,
  actorKind: event.actor.kind,
  actorId: actorId(event.actor),
  channel: event.channel,
  data: event.data,
});

const toEvent = (row: EventRow): CaseEventInput & { id: number } => ({
  id: row.id,
  tenantId: row.tenantId,
  caseId: row.caseId,
  type: row.type,
  at: row.at,
  actor: actorOf(row),
  channel: row.channel as CaseEventInput['channel'],
  data: row.data,
});

/** Append-only: there is no update or delete here, by design. */
export function createEventRepository(db: Tx): Repositories['events'] {
  return {
    async append(event) {
      const [row] = await db
        .insert(caseEvents)
        .values(eventValues(event))
        .returning({ id: caseEvents.id })
        .prepare('case_event_insert')
        .execute();
      return row!.id;
    },
    async forCase(tenantId, caseId, options = {}) {
      const { types } = options;
      const query = (onlyTypes?: SQL) =>
        db
          .select()
          .from(caseEvents)
          .where(
            and(
              eq(caseEvents.tenantId, sql.placeholder('tenantId')),
              eq(caseEvents.caseId, sql.placeholder('caseId')),
              onlyTypes,
            ),
          )
          .orderBy(asc(caseEvents.id));
      const rows = await (types
        ? prepareOnce(db, 'case_events_of_types', () =>
            query(sql`${caseEvents.type} = any(${sql.placeholder('types')}::text[])`),
          ).execute({ tenantId, caseId, types: [...types] })
        : prepareOnce(db, 'case_events', query).execute({ tenantId, caseId }));
      return rows.map(toEvent);
    },
    async list(tenantId, options = {}) {
      const rows = await db
        .select()
        .from(caseEvents)
        .where(
          and(
            eq(caseEvents.tenantId, tenantId),
            options.caseId === null
              ? isNull(caseEvents.caseId)
              : options.caseId
                ? eq(caseEvents.caseId, options.caseId)
                : undefined,
            options.types ? inArray(caseEvents.type, options.types) : undefined,
          ),
        )
        .orderBy(desc(caseEvents.id))
        .limit(options.limit ?? 100);
      return rows.map(toEvent);
    },
  };
}
