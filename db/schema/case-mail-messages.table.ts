import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/**
 * The Message-IDs of a case's emails, both ways: a reply is matched to its case by In-Reply-To/References, and what
 * Portero sends answers the customer's last message (In-Reply-To, References).
 */
export const caseMailMessages = pgTable(
  'case_mail_messages',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    caseId: uuid('case_id').notNull(),
    /** Without the angle brackets, as mailparser gives it. */
    messageId: text('message_id').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    unique('case_mail_messages_id').on(t.tenantId, t.messageId),
    index('case_mail_messages_case').on(t.tenantId, t.caseId, t.at),
  ],
);
