import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DirectoryRows } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { agents, caseEvents, cases, chatIdentities, contacts, customers, slaTimers } from '../schema/index.ts';

// update / hasHistory / deactivate / delete, the same for customers, contacts and agents: `remove` keeps a row that
// history refers to (deactivated, so old cases keep its name) and deletes one nothing refers to.

type PeopleTable = typeof customers | typeof contacts | typeof agents;

/** Whether anything recorded names the row: a case (as customer, reporter, assignee), an event's actor, a timer's ack. */
function historyOf(db: Tx, table: PeopleTable, tenantId: string, id: string) {
  const caseColumn = table === customers ? cases.customerId : table === contacts ? cases.reporterId : cases.assigneeId;
  const inCases = db
    .select({ one: sql`1` })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(caseColumn, id)))
    .limit(1);
  const inEvents = db
    .select({ one: sql`1` })
    .from(caseEvents)
    .where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.actorId, id)))
    .limit(1);
  const inTimers = db
    .select({ one: sql`1` })
    .from(slaTimers)
    .where(and(eq(slaTimers.tenantId, tenantId), eq(slaTimers.acknowledgedBy, id)))
    .limit(1);
  return { inCases, inEvents, inTimers };
}

export function directoryRows<R>(db: Tx, table: PeopleTable, personKind?: 'agent' | 'contact'): DirectoryRows<R> {
  const t = table as typeof customers;
  const mine = (tenantId: string, id: string) => and(eq(t.tenantId, tenantId), eq(t.id, id));
  return {
    async update(tenantId, id, patch) {
      const values =
        'handle' in patch && typeof patch.handle === 'string'
          ? { ...patch, handle: patch.handle.toLowerCase() }
          : patch;
      const [row] = await db
        .update(t)
        .set(values as Partial<typeof customers.$inferInsert>)
        .where(mine(tenantId, id))
        .returning();
      return row as R;
    },
    async hasHistory(tenantId, id) {
      const { inCases, inEvents, inTimers } = historyOf(db, table, tenantId, id);
      if ((await inCases).length > 0 || (await inEvents).length > 0) return true;
      if (table === customers) {
        // A customer's contacts may have acted (a portal login, an email) without a case of the customer.
        const [acted] = await db
          .select({ one: sql`1` })
          .from(caseEvents)
          .innerJoin(contacts, eq(sql`${contacts.id}::text`, caseEvents.actorId))
          .where(
            and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.actorKind, 'contact'), eq(contacts.customerId, id)),
          )
          .limit(1);
        return acted !== undefined;
      }
      return table === agents && (await inTimers).length > 0;
    },
    async deactivate(tenantId, id, at) {
      await db
        .update(t)
        .set({ deactivatedAt: at })
        .where(and(mine(tenantId, id), isNull(t.deactivatedAt)));
    },
    async reactivate(tenantId, id) {
      await db.update(t).set({ deactivatedAt: null }).where(mine(tenantId, id));
    },
    async delete(tenantId, id) {
      if (table === customers) {
        const people = await db
          .delete(contacts)
          .where(and(eq(contacts.tenantId, tenantId), eq(contacts.customerId, id)))
          .returning({ id: contacts.id });
        for (const person of people) await forgetIdentities(db, tenantId, 'contact', person.id);
      } else if (personKind) {
        await forgetIdentities(db, tenantId, personKind, id);
      }
      await db.delete(t).where(mine(tenantId, id));
    },
  };
}

async function forgetIdentities(db: Tx, tenantId: string, personKind: 'agent' | 'contact', personId: string) {
  await db
    .delete(chatIdentities)
    .where(
      and(
        eq(chatIdentities.tenantId, tenantId),
        eq(chatIdentities.personKind, personKind),
        eq(chatIdentities.personId, personId),
      ),
    );
}

/** Active rows only, unless asked for every row. */
export const activeOnly = (table: PeopleTable, options: { includeInactive?: boolean } = {}) =>
  options.includeInactive ? undefined : isNull((table as typeof customers).deactivatedAt);
