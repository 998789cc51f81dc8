import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { CHAT_SURFACES } from '../../src/domain/chat/platforms.ts';
import { createdAt } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** Who a chat user is: a Slack/Teams/console user id mapped to an agent or a contact of the tenant. */
export const chatIdentities = pgTable(
  'chat_identities',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    platform: text('platform', { enum: CHAT_SURFACES }).notNull(),
    externalUserId: text('external_user_id').notNull(),
    personKind: text('person_kind', { enum: ['agent', 'contact'] }).notNull(),
    personId: uuid('person_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.platform, t.externalUserId] })],
);
