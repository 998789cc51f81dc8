import { and, asc, eq, sql } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { placeholder as p, prepared } from '../prepared.ts';
import { agents, channelBindings, tenants } from '../schema/index.ts';

const toTenant = (row: typeof tenants.$inferSelect) => ({
  id: row.id,
  name: row.name,
  policyId: row.policyId,
  casePrefix: row.casePrefix,
});

// Every use case starts with this read: built once (db/prepared.ts).
const forCaseWork = prepared((db) =>
  db
    .select({
      tenant: tenants,
      agent: agents,
      // A subquery of the same read: knowing where cards would go costs no round trip of its own.
      agentChannels: sql<string[] | null>`(select array_agg(distinct ${channelBindings.name})
        from ${channelBindings}
        where ${channelBindings.tenantId} = ${tenants.id} and ${channelBindings.purpose} = 'agent')`,
    })
    .from(tenants)
    // No agent: a uuid no agent has, so the one statement serves callers with and without one.
    .leftJoin(agents, and(eq(agents.tenantId, tenants.id), eq(agents.id, sql`${p('agentId')}::uuid`)))
    .where(eq(tenants.id, p('tenantId'))),
);
const NO_AGENT = '00000000-0000-0000-0000-000000000000';

// The row lock taken by this UPDATE serialises concurrent opens; a rollback gives the number back: no gaps.
const allocateCaseNumber = prepared((db) =>
  db
    .update(tenants)
    .set({ nextCaseNumber: sql`${tenants.nextCaseNumber} + 1` })
    .where(eq(tenants.id, p('tenantId')))
    .returning({ next: tenants.nextCaseNumber }),
);

export function createTenantRepository(db: Tx): Repositories['tenants'] {
  return {
    async get(id) {
      const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
      return row && toTenant(row);
    },
    async forCaseWork(id, agentId) {
      const [row] = await forCaseWork(db, { tenantId: id, agentId: agentId ?? NO_AGENT });
      return (
        row && { tenant: toTenant(row.tenant), agent: row.agent ?? undefined, agentChannels: row.agentChannels ?? [] }
      );
    },
    async list() {
      const rows = await db.select().from(tenants).orderBy(asc(tenants.id));
      return rows.map(toTenant);
    },
    async insert(tenant) {
      await db.insert(tenants).values(tenant);
    },
    async allocateCaseNumber(tenantId) {
      const [row] = await allocateCaseNumber(db, { tenantId });
      if (!row) throw new Error(`tenant ${tenantId} vanished while opening a case`);
      return row.next - 1;
    },
  };
}
