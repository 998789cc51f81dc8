import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { contacts } from './contacts.table.ts';
import { tenants } from './tenants.table.ts';

/** Contacts who receive a case's updates besides its reporter (an email's known Cc, a colleague added by an agent). */
export const caseFollowers = pgTable(
  'case_followers',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    caseId: uuid('case_id').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.contactId] }), index('case_followers_contact').on(t.contactId)],
);
