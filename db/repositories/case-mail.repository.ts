import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Repositories } from '../../src/app/store.port.ts';
import type { Tx } from '../client.ts';
import { automaticMails, caseAttachments, caseFollowers, caseMailMessages, contacts } from '../schema/index.ts';
import { prepareOnce } from './prepare-once.ts';

// What email and the portal add to a case: followers, attachments and the Message-IDs that thread its emails.

export function createFollowerRepository(db: Tx): Repositories['followers'] {
  return {
    async add(tenantId, caseId, contactIds) {
      if (contactIds.length === 0) return;
      await db
        .insert(caseFollowers)
        .values(contactIds.map((contactId) => ({ tenantId, caseId, contactId })))
        .onConflictDoNothing();
    },
    async remove(tenantId, caseId, contactId) {
      await db
        .delete(caseFollowers)
        .where(
          and(
            eq(caseFollowers.tenantId, tenantId),
            eq(caseFollowers.caseId, caseId),
            eq(caseFollowers.contactId, contactId),
          ),
        );
    },
    async list(tenantId, caseId) {
      const rows = await db
        .select({ contact: contacts })
        .from(caseFollowers)
        .innerJoin(contacts, eq(contacts.id, caseFollowers.contactId))
        .where(and(eq(caseFollowers.tenantId, tenantId), eq(caseFollowers.caseId, caseId)))
        .orderBy(asc(caseFollowers.createdAt), asc(contacts.handle));
      return rows.map((row) => row.contact);
    },
  };
}

const attachmentColumns = {
  id: caseAttachments.id,
  caseId: caseAttachments.caseId,
  eventId: caseAttachments.eventId,
  name: caseAttachments.name,
  contentType: caseAttachments.contentType,
  size: caseAttachments.size,
  sha256: caseAttachments.sha256,
  createdAt: caseAttachments.createdAt,
};

export function createAttachmentRepository(db: Tx): Repositories['attachments'] {
  return {
    async insert(attachment) {
      const sha256 = createHash('sha256').update(attachment.content).digest('hex');
      const [row] = await db
        .insert(caseAttachments)
        .values({ ...attachment, size: attachment.content.byteLength, sha256 })
        .returning(attachmentColumns);
      return row!;
    },
    list: (tenantId, caseId) =>
      prepareOnce(db, 'case_attachments', () =>
        db
          .select(attachmentColumns)
          .from(caseAttachments)
          .where(
            and(
              eq(caseAttachments.tenantId, sql.placeholder('tenantId')),
              eq(caseAttachments.caseId, sql.placeholder('caseId')),
            ),
          )
          .orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.name)),
      ).execute({ tenantId, caseId }),
    async get(tenantId, caseId, id) {
      const [row] = await db
        .select({ ...attachmentColumns, content: caseAttachments.content })
        .from(caseAttachments)
        .where(
          and(eq(caseAttachments.tenantId, tenantId), eq(caseAttachments.caseId, caseId), eq(caseAttachments.id, id)),
        );
      return row && { ...row, content: new Uint8Array(row.content) };
    },
  };
}

export function createMailMessageRepository(db: Tx): Repositories['mailMessages'] {
  return {
    async record(message) {
      await db.insert(caseMailMessages).values(message).onConflictDoNothing();
    },
    async caseOf(tenantId, messageIds) {
      if (messageIds.length === 0) return undefined;
      const rows = await db
        .select({ caseId: caseMailMessages.caseId, messageId: caseMailMessages.messageId })
        .from(caseMailMessages)
        .where(and(eq(caseMailMessages.tenantId, tenantId), inArray(caseMailMessages.messageId, messageIds)));
      // References lists the thread oldest first; the first known one decides.
      for (const id of messageIds) {
        const row = rows.find((r) => r.messageId === id);
        if (row) return row.caseId;
      }
      return undefined;
    },
    async last(tenantId, caseId, direction) {
      const [row] = await db
        .select()
        .from(caseMailMessages)
        .where(
          and(
            eq(caseMailMessages.tenantId, tenantId),
            eq(caseMailMessages.caseId, caseId),
            eq(caseMailMessages.direction, direction),
          ),
        )
        .orderBy(desc(caseMailMessages.at))
        .limit(1);
      return row;
    },
  };
}

export function createAutomaticMailRepository(db: Tx): Repositories['automaticMails'] {
  return {
    async countSince(tenantId, recipients, since) {
      if (recipients.length === 0) return new Map();
      const rows = await db
        .select({ recipient: automaticMails.recipient, n: count() })
        .from(automaticMails)
        .where(
          and(
            eq(automaticMails.tenantId, tenantId),
            inArray(automaticMails.recipient, recipients),
            gt(automaticMails.at, since),
          ),
        )
        .groupBy(automaticMails.recipient);
      return new Map(rows.map((row) => [row.recipient, row.n]));
    },
    async record(tenantId, recipients, at, dedupKey) {
      if (recipients.length === 0) return;
      await db.insert(automaticMails).values(recipients.map((recipient) => ({ tenantId, recipient, at, dedupKey })));
    },
  };
}
