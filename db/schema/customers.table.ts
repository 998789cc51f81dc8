import { pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** A customer company of a tenant. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** Short name agents type: `/case new B acme …`. */
    handle: text('handle').notNull(),
    name: text('name').notNull(),
    /** The support plan, for the policy's monthly quota. */
    plan: text('plan').notNull().default('basic'),
    projectPhase: text('project_phase', { enum: ['production', 'implementation'] })
      .notNull()
      .default('production'),
    /** Set by `remove` when history refers to the row: kept for old cases, out of every new use. */
    deactivatedAt: instant('deactivated_at'),
    createdAt: createdAt(),
  },
  (t) => [unique('customers_tenant_handle').on(t.tenantId, t.handle)],
);
