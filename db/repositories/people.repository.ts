import { and, asc, count, eq, getTableName, isNull, or, sql } from 'drizzle-orm';
import type { AgentRecord, ContactRecord, CustomerRecord, Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { agents, chatIdentities, contacts, customers } from '../schema/index.ts';
import { activeOnly, directoryRows } from './directory-rows.ts';
import { prepareOnce } from './prepare-once.ts';

// Customers, their contacts, the tenant's agents, and who they are on each chat platform. All scoped by tenant.

/** The row of `table` with this key within the tenant. */
async function byTenantAnd<T extends typeof customers | typeof contacts | typeof agents>(
  db: Tx,
  table: T,
  tenantId: string,
  key: { handle: string } | { id: string },
  options: { forUpdate?: boolean } = {},
): Promise<T['$inferSelect'] | undefined> {
  // One table at a time; the union of the three tables is more than drizzle's builder types can follow.
  const t = table as typeof customers;
  const by = 'id' in key ? 'id' : 'handle';
  const query = () =>
    db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, sql.placeholder('tenantId')), eq(t[by], sql.placeholder('key'))));
  const name = `${getTableName(t)}_by_${by}`;
  const [row] = await (options.forUpdate
    ? prepareOnce(db, `${name}_for_update`, () => query().for('update'))
    : prepareOnce(db, name, query)
  ).execute({ tenantId, key: 'id' in key ? key.id : key.handle.toLowerCase() });
  return row as T['$inferSelect'] | undefined;
}

export function createCustomerRepository(db: Tx): Repositories['customers'] {
  return {
    byHandle: (tenantId, handle, options) => byTenantAnd(db, customers, tenantId, { handle }, options),
    byId: (tenantId, id) => byTenantAnd(db, customers, tenantId, { id }),
    async withReporters(tenantId, handle) {
      // One row per reporter, or one with none.
      const rows = await prepareOnce(db, 'customer_with_reporters', () =>
        db
          .select({ customer: customers, reporter: contacts })
          .from(customers)
          .leftJoin(
            contacts,
            and(
              eq(contacts.tenantId, customers.tenantId),
              eq(contacts.customerId, customers.id),
              eq(contacts.isReporter, true),
              isNull(contacts.deactivatedAt),
            ),
          )
          .where(
            and(eq(customers.tenantId, sql.placeholder('tenantId')), eq(customers.handle, sql.placeholder('handle'))),
          )
          .orderBy(asc(contacts.handle)),
      ).execute({ tenantId, handle: handle.toLowerCase() });
      const [first] = rows;
      return (
        first && { customer: first.customer, reporters: rows.flatMap((row) => (row.reporter ? [row.reporter] : [])) }
      );
    },
    list: (tenantId, options) =>
      db
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), activeOnly(customers, options)))
        .orderBy(asc(customers.handle)),
    async byHandleOrName(tenantId, text) {
      const wanted = text.trim().toLowerCase();
      const [row] = await db
        .select()
        .from(customers)
        .where(
          and(
            eq(customers.tenantId, tenantId),
            or(eq(customers.handle, wanted), sql`lower(${customers.name}) = ${wanted}`),
          ),
        )
        // The handle first: a name that happens to equal another customer's handle does not shadow it.
        .orderBy(sql`${customers.handle} = ${wanted} desc`, asc(customers.handle))
        .limit(1);
      return row;
    },
    ...directoryRows<CustomerRecord>(db, customers),
    async insert(customer) {
      const [row] = await db
        .insert(customers)
        .values({ ...customer, handle: customer.handle.toLowerCase() })
        .returning();
      return row!;
    },
  };
}

export function createContactRepository(db: Tx): Repositories['contacts'] {
  return {
    byHandle: (tenantId, handle) => byTenantAnd(db, contacts, tenantId, { handle }),
    byId: (tenantId, id) => byTenantAnd(db, contacts, tenantId, { id }),
    list: (tenantId, customerId, options) =>
      db
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.tenantId, tenantId),
            customerId ? eq(contacts.customerId, customerId) : undefined,
            activeOnly(contacts, options),
          ),
        )
        .orderBy(asc(contacts.handle)),
    ...directoryRows<ContactRecord>(db, contacts, 'contact'),
    async countReporters(tenantId, customerId) {
      const [row] = await db
        .select({ n: count() })
        .from(contacts)
        .where(
          and(
            eq(contacts.tenantId, tenantId),
            eq(contacts.customerId, customerId),
            eq(contacts.isReporter, true),
            isNull(contacts.deactivatedAt),
          ),
        );
      return row?.n ?? 0;
    },
    async insert(contact) {
      const [row] = await db
        .insert(contacts)
        .values({ ...contact, handle: contact.handle.toLowerCase() })
        .returning();
      return row!;
    },
  };
}

export function createAgentRepository(db: Tx): Repositories['agents'] {
  return {
    byHandle: (tenantId, handle) => byTenantAnd(db, agents, tenantId, { handle }),
    byId: (tenantId, id) => byTenantAnd(db, agents, tenantId, { id }),
    list: (tenantId, options) =>
      db
        .select()
        .from(agents)
        .where(and(eq(agents.tenantId, tenantId), activeOnly(agents, options)))
        .orderBy(asc(agents.handle)),
    ...directoryRows<AgentRecord>(db, agents, 'agent'),
    async insert(agent) {
      const [row] = await db
        .insert(agents)
        .values({ ...agent, handle: agent.handle.toLowerCase() })
        .returning();
      return row!;
    },
  };
}

export function createIdentityRepository(db: Tx): Repositories['identities'] {
  return {
    async find(tenantId, platform, externalUserId) {
      const [row] = await db
        .select({ personKind: chatIdentities.personKind, personId: chatIdentities.personId })
        .from(chatIdentities)
        .where(
          and(
            eq(chatIdentities.tenantId, tenantId),
            eq(chatIdentities.platform, platform),
            eq(chatIdentities.externalUserId, externalUserId),
          ),
        );
      return row;
    },
    async forPerson(tenantId, personKind, personId) {
      const rows = await db
        .selectDistinct({ platform: chatIdentities.platform })
        .from(chatIdentities)
        .where(
          and(
            eq(chatIdentities.tenantId, tenantId),
            eq(chatIdentities.personKind, personKind),
            eq(chatIdentities.personId, personId),
          ),
        );
      return rows.map((row) => row.platform);
    },
    async link(tenantId, platform, externalUserId, person) {
      await db
        .insert(chatIdentities)
        .values({ tenantId, platform, externalUserId, ...person })
        .onConflictDoUpdate({
          target: [chatIdentities.tenantId, chatIdentities.platform, chatIdentities.externalUserId],
          set: person,
        });
    },
  };
}
