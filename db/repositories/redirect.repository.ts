import { and, eq } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { redirectWindows } from '../schema/index.ts';

export function createRedirectRepository(db: Tx): Repositories['redirects'] {
  return {
    async last(key) {
      const [row] = await db
        .select({ at: redirectWindows.lastRedirectAt })
        .from(redirectWindows)
        .where(
          and(
            eq(redirectWindows.tenantId, key.tenantId),
            eq(redirectWindows.platform, key.platform),
            eq(redirectWindows.conversationId, key.conversationId),
            eq(redirectWindows.userId, key.userId),
          ),
        );
      return row?.at;
    },
    async record(key, at) {
      await db
        .insert(redirectWindows)
        .values({ ...key, lastRedirectAt: at })
        .onConflictDoUpdate({
          target: [
            redirectWindows.tenantId,
            redirectWindows.platform,
            redirectWindows.conversationId,
            redirectWindows.userId,
          ],
          set: { lastRedirectAt: at },
        });
    },
  };
}
