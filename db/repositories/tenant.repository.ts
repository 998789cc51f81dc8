import { and, asc, eq, sql } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { agents, channelBindings, tenants } from '../schema/index.ts';

const toTenant = (row: typeof tenants.$inferSelect) => ({
  id: row.id,
  name: row.name,
  policyId: row.policyId,
  casePrefix: row.casePrefix,
});

export function createTenantRepository(db: Tx): Repositories['tenants'] {
  return {
    async get(id) {
      const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
      return row && toTenant(row);
    },
    async forCaseWork(id, agentId) {
      const [row] = await db
        .select({
          tenant: tenants,
          agent: agents,
          agentChannels: sql<string[] | null>`(select array_agg(distinct ${channelBindings.name})
            from ${channelBindings}
            where ${channelBindings.tenantId} = ${tenants.id} and ${channelBindings.purpose} = 'agent')`,
        })
        .from(tenants)
        .leftJoin(agents, and(eq(agents.tenantId, tenants.id), agentId ? eq(agents.id, agentId) : sql`false`))
        .where(eq(tenants.id, id))
        .prepare('tenant_for_case_work')
        .execute();
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
    // The row lock taken by this UPDATE serialises concurrent opens; a rollback gives the number back: no gaps.
    async allocateCaseNumber(tenantId) {
      const [row] = await db
        .update(tenants)
        .set({ nextCaseNumber: sql`${tenants.nextCaseNumber} + 1` })
        .where(eq(tenants.id, tenantId))
        .returning({ next: tenants.nextCaseNumber })
        .prepare('tenant_next_case_number')
        .execute();
      if (!row) throw new Error(`tenant ${tenantId} vanished while opening a case`);
      return row.next - 1;
    },
  };
}
