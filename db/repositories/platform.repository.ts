import { and, asc, eq, lt } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { caseThreads, conversationRefs, inboundEvents, platformLinks } from '../schema/index.ts';

// What the chat platforms need remembered: tenants by workspace, events already handled, thread roots, references.

export function createPlatformLinkRepository(db: Tx): Repositories['platformLinks'] {
  return {
    async tenantFor(platform, externalId) {
      const [row] = await db
        .select({ tenantId: platformLinks.tenantId })
        .from(platformLinks)
        .where(and(eq(platformLinks.platform, platform), eq(platformLinks.externalId, externalId)));
      return row?.tenantId;
    },
    async link(platform, externalId, tenantId) {
      await db
        .insert(platformLinks)
        .values({ platform, externalId, tenantId })
        .onConflictDoUpdate({ target: [platformLinks.platform, platformLinks.externalId], set: { tenantId } });
    },
    list: (tenantId) =>
      db
        .select({
          platform: platformLinks.platform,
          externalId: platformLinks.externalId,
          tenantId: platformLinks.tenantId,
        })
        .from(platformLinks)
        .where(tenantId ? eq(platformLinks.tenantId, tenantId) : undefined)
        .orderBy(asc(platformLinks.platform), asc(platformLinks.externalId)),
  };
}

export function createInboundRepository(db: Tx): Repositories['inbound'] {
  return {
    async claim(platform, eventId, at) {
      const inserted = await db
        .insert(inboundEvents)
        .values({ platform, eventId, receivedAt: at })
        .onConflictDoNothing()
        .returning({ eventId: inboundEvents.eventId });
      return inserted.length === 1;
    },
    async prune(before) {
      const deleted = await db.delete(inboundEvents).where(lt(inboundEvents.receivedAt, before)).returning();
      return deleted.length;
    },
  };
}

export function createThreadRepository(db: Tx): Repositories['threads'] {
  return {
    async rootOf(platform, conversationId, caseId) {
      const [row] = await db
        .select({ rootId: caseThreads.rootId })
        .from(caseThreads)
        .where(
          and(
            eq(caseThreads.platform, platform),
            eq(caseThreads.conversationId, conversationId),
            eq(caseThreads.caseId, caseId),
          ),
        );
      return row?.rootId;
    },
    async setRoot(platform, conversationId, caseId, rootId) {
      await db
        .insert(caseThreads)
        .values({ platform, conversationId, caseId, rootId })
        .onConflictDoUpdate({
          target: [caseThreads.platform, caseThreads.conversationId, caseThreads.caseId],
          set: { rootId },
        });
    },
  };
}

export function createConversationRepository(db: Tx): Repositories['conversations'] {
  return {
    async save(platform, conversationId, tenantId, reference, at) {
      await db
        .insert(conversationRefs)
        .values({ platform, conversationId, tenantId, reference, updatedAt: at })
        .onConflictDoUpdate({
          target: [conversationRefs.platform, conversationRefs.conversationId],
          set: { tenantId, reference, updatedAt: at },
        });
    },
    async get(platform, conversationId) {
      const [row] = await db
        .select({ tenantId: conversationRefs.tenantId, reference: conversationRefs.reference })
        .from(conversationRefs)
        .where(and(eq(conversationRefs.platform, platform), eq(conversationRefs.conversationId, conversationId)));
      return row;
    },
  };
}
