import { and, asc, count, eq } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { placeholder as p, prepared } from '../prepared.ts';
import { agents, chatIdentities, contacts, customers } from '../schema/index.ts';

// Customers, their contacts, the tenant's agents, and who they are on each chat platform. All scoped by tenant.
// The lookups every command makes are built once (db/prepared.ts).

const byTenantAnd = <T extends typeof customers | typeof contacts | typeof agents>(
  table: T,
  key: 'handle' | 'id',
  options: { forUpdate?: boolean } = {},
) =>
  prepared<T['$inferSelect'][]>((db) => {
    // One table at a time; the union of the three tables is more than drizzle's builder types can follow.
    const query = db
      .select()
      .from(table as typeof customers)
      .where(and(eq(table.tenantId, p('tenantId')), eq(table[key], p(key))));
    return (options.forUpdate ? query.for('update') : query) as never;
  });
const customerByHandle = byTenantAnd(customers, 'handle');
const customerByHandleForUpdate = byTenantAnd(customers, 'handle', { forUpdate: true });
const customerById = byTenantAnd(customers, 'id');
const contactByHandle = byTenantAnd(contacts, 'handle');
const contactById = byTenantAnd(contacts, 'id');
const agentByHandle = byTenantAnd(agents, 'handle');
const agentById = byTenantAnd(agents, 'id');
const withReporters = prepared((db) =>
  db
    .select({ customer: customers, reporter: contacts })
    .from(customers)
    .leftJoin(
      contacts,
      and(
        eq(contacts.tenantId, customers.tenantId),
        eq(contacts.customerId, customers.id),
        eq(contacts.isReporter, true),
      ),
    )
    .where(and(eq(customers.tenantId, p('tenantId')), eq(customers.handle, p('handle'))))
    .orderBy(asc(contacts.handle)),
);
const identity = prepared((db) =>
  db
    .select({ personKind: chatIdentities.personKind, personId: chatIdentities.personId })
    .from(chatIdentities)
    .where(
      and(
        eq(chatIdentities.tenantId, p('tenantId')),
        eq(chatIdentities.platform, p('platform')),
        eq(chatIdentities.externalUserId, p('externalUserId')),
      ),
    ),
);

export function createCustomerRepository(db: Tx): Repositories['customers'] {
  return {
    async byHandle(tenantId, handle, options = {}) {
      const query = options.forUpdate ? customerByHandleForUpdate : customerByHandle;
      const [row] = await query(db, { tenantId, handle: handle.toLowerCase() });
      return row;
    },
    async byId(tenantId, id) {
      const [row] = await customerById(db, { tenantId, id });
      return row;
    },
    async withReporters(tenantId, handle) {
      // One row per reporter, or one with none.
      const rows = await withReporters(db, { tenantId, handle: handle.toLowerCase() });
      const [first] = rows;
      return (
        first && { customer: first.customer, reporters: rows.flatMap((row) => (row.reporter ? [row.reporter] : [])) }
      );
    },
    list: (tenantId) =>
      db.select().from(customers).where(eq(customers.tenantId, tenantId)).orderBy(asc(customers.handle)),
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
    async byHandle(tenantId, handle) {
      const [row] = await contactByHandle(db, { tenantId, handle: handle.toLowerCase() });
      return row;
    },
    async byId(tenantId, id) {
      const [row] = await contactById(db, { tenantId, id });
      return row;
    },
    list: (tenantId, customerId) =>
      db
        .select()
        .from(contacts)
        .where(and(eq(contacts.tenantId, tenantId), customerId ? eq(contacts.customerId, customerId) : undefined))
        .orderBy(asc(contacts.handle)),
    async countReporters(tenantId, customerId) {
      const [row] = await db
        .select({ n: count() })
        .from(contacts)
        .where(
          and(eq(contacts.tenantId, tenantId), eq(contacts.customerId, customerId), eq(contacts.isReporter, true)),
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
    async byHandle(tenantId, handle) {
      const [row] = await agentByHandle(db, { tenantId, handle: handle.toLowerCase() });
      return row;
    },
    async byId(tenantId, id) {
      const [row] = await agentById(db, { tenantId, id });
      return row;
    },
    list: (tenantId) => db.select().from(agents).where(eq(agents.tenantId, tenantId)).orderBy(asc(agents.handle)),
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
      const [row] = await identity(db, { tenantId, platform, externalUserId });
      return row;
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
