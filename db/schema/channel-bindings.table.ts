import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { CHAT_SURFACES } from '../../src/domain/chat/platforms.ts';
import { createdAt } from './columns.ts';
import { tenants } from './tenants.table.ts';

/**
 * What a chat conversation is to Portero: a customer-facing channel (customers get redirects there),
 * or the agent/manager channel behind one of the policy's logical routing names.
 */
export const channelBindings = pgTable(
  'channel_bindings',
  {
    platform: text('platform', { enum: CHAT_SURFACES }).notNull(),
    conversationId: text('conversation_id').notNull(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    purpose: text('purpose', { enum: ['customer', 'agent', 'manager'] }).notNull(),
    /** The policy's routing name (agent channels) or the customer company (customer-facing channels). */
    name: text('name'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.conversationId] })],
);
