import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { mailboxes } from './mailboxes.table.ts';
import { tenants } from './tenants.table.ts';

/**
 * Every message taken from a mailbox, once: the unique key (mailbox, Message-ID, or a hash of the raw message when
 * it has none) is written in the transaction that acts on the message, so a second fetch (a killed one, a replica,
 * a UIDVALIDITY reset) finds it and does nothing.
 */
export const mailIntake = pgTable(
  'mail_intake',
  {
    mailboxId: uuid('mailbox_id')
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    messageKey: text('message_key').notNull(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** The sender's address (lower case): automatic replies to one sender are limited per window. */
    sender: text('sender').notNull(),
    /** What became of it: opened, replied, note, refused, redirected, ignored. */
    outcome: text('outcome').notNull(),
    caseId: uuid('case_id'),
    at: instant('at').notNull(),
  },
  (t) => [
    unique('mail_intake_key').on(t.mailboxId, t.messageKey),
    index('mail_intake_sender').on(t.tenantId, t.sender, t.outcome, t.at),
    // The message that opened a case (the acknowledgement's latency, measured when it is delivered).
    index('mail_intake_case').on(t.caseId),
  ],
);
