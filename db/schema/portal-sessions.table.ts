import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/**
 * Signed-in people of the portal (contacts) and of the managers' dashboard (agents). The cookie holds a random id;
 * the table keeps its sha256, so a copy of the table is no session. Each session has its own CSRF token.
 */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    personKind: text('person_kind', { enum: ['contact', 'agent'] }).notNull(),
    personId: uuid('person_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: instant('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('portal_sessions_expires').on(t.expiresAt)],
);
