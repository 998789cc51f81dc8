import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** The customer's satisfaction with a closed case (1–5, an optional comment): one per case, the latest kept. */
export const caseRatings = pgTable(
  'case_ratings',
  {
    caseId: uuid('case_id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    contactId: uuid('contact_id').notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [index('case_ratings_tenant').on(t.tenantId, t.createdAt)],
);
