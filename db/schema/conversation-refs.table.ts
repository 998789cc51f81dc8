import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** How to reach a conversation later (a Teams ConversationReference), recorded when the bot is installed there. */
export const conversationRefs = pgTable(
  'conversation_refs',
  {
    platform: text('platform').notNull(),
    conversationId: text('conversation_id').notNull(),
    tenantId: text('tenant_id'),
    reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.conversationId] })],
);
