import { pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/** A person of the support organization: an agent or a manager. */
export const agents = pgTable(
  'agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    handle: text('handle').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    role: text('role', { enum: ['agent', 'manager'] })
      .notNull()
      .default('agent'),
    /** Their own zone: non-critical alerts wait for their working hours. */
    timezone: text('timezone'),
    locale: text('locale', { enum: ['es', 'en'] }),
    /** Set by `remove` when history refers to the row: kept for old cases, out of every new use. */
    deactivatedAt: instant('deactivated_at'),
    createdAt: createdAt(),
  },
  (t) => [unique('agents_tenant_handle').on(t.tenantId, t.handle)],
);
