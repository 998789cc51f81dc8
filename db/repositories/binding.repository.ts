import { and, asc, eq } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { channelBindings } from '../schema/index.ts';

export function createBindingRepository(db: Tx): Repositories['bindings'] {
  return {
    async find(platform, conversationId) {
      const [row] = await db
        .select()
        .from(channelBindings)
        .where(and(eq(channelBindings.platform, platform), eq(channelBindings.conversationId, conversationId)));
      return row && { ...row };
    },
    async byName(tenantId, purpose, name) {
      return db
        .select()
        .from(channelBindings)
        .where(
          and(
            eq(channelBindings.tenantId, tenantId),
            eq(channelBindings.purpose, purpose),
            eq(channelBindings.name, name),
          ),
        )
        .orderBy(asc(channelBindings.platform), asc(channelBindings.conversationId));
    },
    async bind(binding) {
      await db
        .insert(channelBindings)
        .values(binding)
        .onConflictDoUpdate({
          target: [channelBindings.platform, channelBindings.conversationId],
          set: { tenantId: binding.tenantId, purpose: binding.purpose, name: binding.name },
        });
    },
    async unbind(platform, conversationId) {
      const removed = await db
        .delete(channelBindings)
        .where(and(eq(channelBindings.platform, platform), eq(channelBindings.conversationId, conversationId)))
        .returning({ platform: channelBindings.platform });
      return removed.length > 0;
    },
    list: (tenantId) =>
      db
        .select()
        .from(channelBindings)
        .where(eq(channelBindings.tenantId, tenantId))
        .orderBy(asc(channelBindings.purpose)),
  };
}
