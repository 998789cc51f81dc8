import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { tenants } from './tenants.table.ts';

/**
 * A support mailbox Portero reads (IMAP) and sends from (SMTP). The URLs never hold a password: a secret is named by
 * the environment variable or file it is read from at each connection (src/app/mail/mailbox-url.ts).
 */
export const mailboxes = pgTable(
  'mailboxes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** The policy's address this mailbox receives (lower case). */
    address: text('address').notNull().unique(),
    imapUrl: text('imap_url').notNull(),
    smtpUrl: text('smtp_url').notNull(),
    folder: text('folder').notNull().default('INBOX'),
    /** Where a message is moved once taken (a "processed" folder); null: it stays in `folder`, marked \Seen. */
    moveTo: text('move_to'),
    /** What Portero's mail from this mailbox says in From (the address itself when absent). */
    fromAddress: text('from_address'),
    /** The cursor: the folder's UIDVALIDITY (a bigint, as text) and the last UID imported under it. */
    uidValidity: text('uid_validity'),
    lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
    state: text('state', { enum: ['connected', 'idle', 'failing'] })
      .notNull()
      .default('idle'),
    lastFetchAt: instant('last_fetch_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('mailboxes_tenant').on(t.tenantId)],
);
