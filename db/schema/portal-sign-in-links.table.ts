import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/**
 * The portal's single-use sign-in links, kept as the sha256 of their random token: a copy of the table signs nobody
 * in. Counted per address to rate-limit the requests (every replica sees the same rows).
 */
export const portalSignInLinks = pgTable(
  'portal_sign_in_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    personKind: text('person_kind', { enum: ['contact', 'agent'] }).notNull(),
    personId: uuid('person_id').notNull(),
    /** The address as typed (lower-cased): what the rate limit counts. */
    email: text('email').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('portal_sign_in_links_email').on(t.tenantId, t.email, t.createdAt)],
);
