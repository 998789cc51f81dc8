import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { PLATFORMS } from '../../src/domain/chat/platforms.ts';
import { createdAt } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** Which tenant a Slack workspace (team id) or a Teams tenant id belongs to. */
export const platformLinks = pgTable(
  'platform_links',
  {
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    externalId: text('external_id').notNull(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.externalId] })],
);
