import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** When a customer was last redirected in a conversation: one redirect per window, no nagging. */
export const redirectWindows = pgTable(
  'redirect_windows',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    platform: text('platform').notNull(),
    conversationId: text('conversation_id').notNull(),
    userId: text('user_id').notNull(),
    lastRedirectAt: instant('last_redirect_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.platform, t.conversationId, t.userId] })],
);
