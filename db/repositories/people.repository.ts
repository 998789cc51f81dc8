import { and, asc, count, eq } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { agents, chatIdentities, contacts, customers } from '../schema/index.ts';

// Customers, their contacts, the tenant's agents, and who they are on each chat platform. All scoped by tenant.

export function createCustomerRepository(db: Tx): Repositories['customers'] {
  return {
    async byHandle(tenantId, handle, options = {}) {
      const query = db
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.handle, handle.toLowerCase())));
      const [row] = options.forUpdate ? await query.for('update') : await query;
      return row;
    },
    async byId(tenantId, id) {
      const [row] = await db
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
      return row;
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
      const [row] = await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.tenantId, tenantId), eq(contacts.handle, handle.toLowerCase())));
      return row;
    },
    async byId(tenantId, id) {
      const [row] = await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)));
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
      const [row] = await db
        .select()
        .from(agents)
        .where(and(eq(agents.tenantId, tenantId), eq(agents.handle, handle.toLowerCase())));
      return row;
    },
    async byId(tenantId, id) {
      const [row] = await db
        .select()
        .from(agents)
        .where(and(eq(agents.tenantId, tenantId), eq(agents.id, id)));
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
