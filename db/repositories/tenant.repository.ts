import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { ChannelDestination, Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import {
  agents,
  caseEvents,
  cases,
  channelBindings,
  chatIdentities,
  conversationRefs,
  customers,
  platformLinks,
  redirectWindows,
  tenants,
} from '../schema/index.ts';
import { prepareOnce } from './prepare-once.ts';

const toTenant = (row: typeof tenants.$inferSelect) => ({
  id: row.id,
  name: row.name,
  policyId: row.policyId,
  casePrefix: row.casePrefix,
  deactivatedAt: row.deactivatedAt,
});

export function createTenantRepository(db: Tx): Repositories['tenants'] {
  return {
    async get(id) {
      const [row] = await prepareOnce(db, 'tenant', () =>
        db
          .select()
          .from(tenants)
          .where(eq(tenants.id, sql.placeholder('id'))),
      ).execute({ id });
      return row && toTenant(row);
    },
    async forCaseWork(id, agentId) {
      // An agent id of null joins no agent: `agents.id = null` is never true.
      const [row] = await prepareOnce(db, 'tenant_for_case_work', () =>
        db
          .select({
            tenant: tenants,
            agent: agents,
            agentChannels: sql<(ChannelDestination & { name: string })[] | null>`(select json_agg(json_build_object(
              'name', ${channelBindings.name}, 'platform', ${channelBindings.platform},
              'conversationId', ${channelBindings.conversationId})
              order by ${channelBindings.platform}, ${channelBindings.conversationId})
            from ${channelBindings}
            where ${channelBindings.tenantId} = ${tenants.id} and ${channelBindings.purpose} = 'agent')`,
          })
          .from(tenants)
          .leftJoin(agents, and(eq(agents.tenantId, tenants.id), eq(agents.id, sql.placeholder('agentId'))))
          .where(eq(tenants.id, sql.placeholder('id'))),
      ).execute({ id, agentId: agentId ?? null });
      return (
        row && { tenant: toTenant(row.tenant), agent: row.agent ?? undefined, agentChannels: row.agentChannels ?? [] }
      );
    },
    async list(options = {}) {
      const rows = await db
        .select()
        .from(tenants)
        .where(options.includeInactive ? undefined : isNull(tenants.deactivatedAt))
        .orderBy(asc(tenants.id));
      return rows.map(toTenant);
    },
    async insert(tenant) {
      await db.insert(tenants).values(tenant);
    },
    async update(id, patch) {
      await db.update(tenants).set(patch).where(eq(tenants.id, id));
    },
    async hasHistory(id) {
      const [row] = await db
        .select({ one: sql`1` })
        .from(tenants)
        .where(
          and(
            eq(tenants.id, id),
            or(
              sql`exists (select 1 from ${cases} where ${cases.tenantId} = ${id})`,
              // Its own directory changes (its creation, a rename) are not history that needs keeping.
              sql`exists (select 1 from ${caseEvents} where ${caseEvents.tenantId} = ${id} and ${caseEvents.type} not like 'directory.%')`,
              sql`exists (select 1 from ${customers} where ${customers.tenantId} = ${id})`,
              sql`exists (select 1 from ${agents} where ${agents.tenantId} = ${id})`,
            ),
          ),
        );
      return row !== undefined;
    },
    async deactivate(id, at) {
      await db
        .update(tenants)
        .set({ deactivatedAt: at })
        .where(and(eq(tenants.id, id), isNull(tenants.deactivatedAt)));
    },
    async reactivate(id) {
      await db.update(tenants).set({ deactivatedAt: null }).where(eq(tenants.id, id));
    },
    async delete(id) {
      // Only a tenant without history gets here: what is left to it is its wiring to the platforms.
      await db.delete(channelBindings).where(eq(channelBindings.tenantId, id));
      await db.delete(platformLinks).where(eq(platformLinks.tenantId, id));
      await db.delete(chatIdentities).where(eq(chatIdentities.tenantId, id));
      await db.delete(redirectWindows).where(eq(redirectWindows.tenantId, id));
      await db.delete(conversationRefs).where(eq(conversationRefs.tenantId, id));
      await db.delete(caseEvents).where(eq(caseEvents.tenantId, id));
      await db.delete(tenants).where(eq(tenants.id, id));
    },
    // The row lock taken by this UPDATE serialises concurrent opens; a rollback gives the number back: no gaps.
    async allocateCaseNumber(tenantId) {
      const [row] = await db
        .update(tenants)
        .set({ nextCaseNumber: sql`${tenants.nextCaseNumber} + 1` })
        .where(eq(tenants.id, tenantId))
        .returning({ next: tenants.nextCaseNumber })
        .prepare('tenant_case_number')
        .execute();
      if (!row) throw new Error(`tenant ${tenantId} vanished while opening a case`);
      return row.next - 1;
    },
  };
}
