import { and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { MailboxRepositories } from '../../src/app/mail/mailbox.port.ts';
import type { Tx } from '../client.ts';
import { cases, contacts, mailboxes, mailIntake } from '../schema/index.ts';

// The support mailboxes (cursor and health) and the messages taken from them, once each.

const mailboxColumns = {
  id: mailboxes.id,
  tenantId: mailboxes.tenantId,
  address: mailboxes.address,
  imapUrl: mailboxes.imapUrl,
  smtpUrl: mailboxes.smtpUrl,
  folder: mailboxes.folder,
  moveTo: mailboxes.moveTo,
  fromAddress: mailboxes.fromAddress,
  uidValidity: mailboxes.uidValidity,
  lastUid: mailboxes.lastUid,
  state: mailboxes.state,
  lastFetchAt: mailboxes.lastFetchAt,
  lastError: mailboxes.lastError,
};

export function createMailboxRepository(db: Tx): MailboxRepositories['mailboxes'] {
  return {
    async add(mailbox) {
      const [row] = await db
        .insert(mailboxes)
        .values({ ...mailbox, address: mailbox.address.toLowerCase() })
        .onConflictDoNothing()
        .returning(mailboxColumns);
      return row;
    },
    async remove(address) {
      const removed = await db
        .delete(mailboxes)
        .where(eq(mailboxes.address, address.toLowerCase()))
        .returning({ id: mailboxes.id });
      return removed.length > 0;
    },
    list: (tenantId) =>
      db
        .select(mailboxColumns)
        .from(mailboxes)
        .where(tenantId ? eq(mailboxes.tenantId, tenantId) : undefined)
        .orderBy(asc(mailboxes.tenantId), asc(mailboxes.address)),
    async byId(id) {
      const [row] = await db.select(mailboxColumns).from(mailboxes).where(eq(mailboxes.id, id));
      return row;
    },
    async bySender(address) {
      const wanted = address.toLowerCase();
      const [row] = await db
        .select(mailboxColumns)
        .from(mailboxes)
        .where(or(sql`lower(${mailboxes.fromAddress}) = ${wanted}`, eq(mailboxes.address, wanted)))
        // A mailbox whose From is this address wins over one that only receives it.
        .orderBy(sql`(lower(${mailboxes.fromAddress}) = ${wanted}) desc nulls last`, asc(mailboxes.address))
        .limit(1);
      return row;
    },
    async saveCursor(id, uidValidity, lastUid) {
      await db
        .update(mailboxes)
        .set({
          uidValidity,
          lastUid: sql`case when ${mailboxes.uidValidity} = ${uidValidity} then greatest(${mailboxes.lastUid}, ${lastUid}) else ${lastUid} end`,
        })
        .where(eq(mailboxes.id, id));
    },
    async reportHealth(id, health) {
      await db
        .update(mailboxes)
        .set({
          state: health.state,
          lastError: health.lastError,
          ...(health.lastFetchAt && { lastFetchAt: health.lastFetchAt }),
        })
        .where(eq(mailboxes.id, id));
    },
  };
}

const contactColumns = {
  id: contacts.id,
  tenantId: contacts.tenantId,
  customerId: contacts.customerId,
  handle: contacts.handle,
  name: contacts.name,
  email: contacts.email,
  isReporter: contacts.isReporter,
  sharedMailbox: contacts.sharedMailbox,
  emailBouncingAt: contacts.emailBouncingAt,
};

export function createMailIntakeRepository(db: Tx): MailboxRepositories['mailIntake'] {
  return {
    async claim(entry) {
      // On PostgreSQL a concurrent claim of the same key waits for the first transaction: its commit makes this one
      // take nothing, its rollback lets this one take the message.
      const taken = await db
        .insert(mailIntake)
        .values({ ...entry, sender: entry.sender.toLowerCase() })
        .onConflictDoNothing()
        .returning({ key: mailIntake.messageKey });
      return taken.length > 0;
    },
    async attachCase(mailboxId, messageKey, caseId) {
      await db
        .update(mailIntake)
        .set({ caseId })
        .where(and(eq(mailIntake.mailboxId, mailboxId), eq(mailIntake.messageKey, messageKey)));
    },
    async openedBy(tenantId, caseId) {
      const [row] = await db
        .select({ mailboxId: mailIntake.mailboxId, at: mailIntake.at })
        .from(mailIntake)
        .where(and(eq(mailIntake.tenantId, tenantId), eq(mailIntake.caseId, caseId), eq(mailIntake.outcome, 'opened')))
        .limit(1);
      return row;
    },
    async lastOutcome(tenantId, sender, outcome) {
      const [row] = await db
        .select({ at: mailIntake.at })
        .from(mailIntake)
        .where(
          and(
            eq(mailIntake.tenantId, tenantId),
            eq(mailIntake.sender, sender.toLowerCase()),
            eq(mailIntake.outcome, outcome),
          ),
        )
        .orderBy(desc(mailIntake.at))
        .limit(1);
      return row?.at;
    },
    async caseById(tenantId, caseId) {
      const [row] = await db
        .select({
          id: cases.id,
          number: cases.number,
          ref: cases.ref,
          isOpen: cases.isOpen,
          customerId: cases.customerId,
        })
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
      return row;
    },
    async contactByEmail(tenantId, email) {
      const [row] = await db
        .select(contactColumns)
        .from(contacts)
        .where(and(eq(contacts.tenantId, tenantId), sql`lower(${contacts.email}) = ${email.toLowerCase()}`))
        .orderBy(desc(contacts.isReporter), asc(contacts.handle))
        .limit(1);
      return row;
    },
    async contactsByEmail(tenantId, emails) {
      if (emails.length === 0) return [];
      return db
        .select(contactColumns)
        .from(contacts)
        .where(
          and(
            eq(contacts.tenantId, tenantId),
            inArray(
              sql`lower(${contacts.email})`,
              emails.map((email) => email.toLowerCase()),
            ),
          ),
        )
        .orderBy(asc(contacts.handle));
    },
    async markBouncing(tenantId, email, at) {
      const marked = await db
        .update(contacts)
        .set({ emailBouncingAt: at })
        .where(and(eq(contacts.tenantId, tenantId), sql`lower(${contacts.email}) = ${email.toLowerCase()}`))
        .returning({ id: contacts.id });
      return marked.length;
    },
    async clearBouncing(tenantId, emails) {
      if (emails.length === 0) return 0;
      const cleared = await db
        .update(contacts)
        .set({ emailBouncingAt: null })
        .where(
          and(
            eq(contacts.tenantId, tenantId),
            isNotNull(contacts.emailBouncingAt),
            inArray(
              sql`lower(${contacts.email})`,
              emails.map((email) => email.toLowerCase()),
            ),
          ),
        )
        .returning({ id: contacts.id });
      return cleared.length;
    },
  };
}
