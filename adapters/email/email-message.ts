import type Mail from 'nodemailer/lib/mailer';
import type { EmailPayload } from '../../src/app/mail/customer-mail.ts';
import type { OutboxRow } from '../../src/app/store.port.ts';

// The one place where an `email` outbox row becomes a message: both deliverers (SMTP and the development spool) send
// exactly this. Headers are written by nodemailer, which folds and encodes them and turns a line break in a text
// field (the subject) into a space; addresses are checked here, because a line break or a comma in one would add a
// recipient or a header of its own.

/** One plain address (`ana@acme.example`): no display name, no list, no space or line break anywhere. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/** The automatic-reply headers (RFC 3834, and what Exchange and mailing lists heed) that keep robots from answering. */
export const AUTO_REPLY_HEADERS = {
  'Auto-Submitted': 'auto-replied',
  'X-Auto-Response-Suppress': 'All',
  Precedence: 'auto_reply',
} as const;

export type BuiltMessage = { ok: true; message: Mail.Options } | { ok: false; error: string };

/**
 * The message of an `email` row; refused (with the field and what was expected) when the payload could never be sent
 * as it is. Rows written before EmailPayload (a `to` string, no Message-ID) still go out.
 */
export function emailMessage(row: OutboxRow): BuiltMessage {
  const payload = row.payload as Partial<EmailPayload> & { to?: string | string[]; cc?: string | string[] };
  const to = list(payload.to);
  const cc = list(payload.cc);
  if (to.length === 0) return { ok: false, error: 'email payload without a recipient (to)' };
  if (typeof payload.body !== 'string' || payload.body === '')
    return { ok: false, error: 'email payload without a body' };
  const from = payload.from;
  if (!from) return { ok: false, error: 'email payload without a sender (from)' };
  for (const [field, addresses] of [
    ['from', [from]],
    ['to', to],
    ['cc', cc],
  ] as const) {
    const bad = addresses.find((address) => !ADDRESS.test(address));
    if (bad !== undefined)
      return {
        ok: false,
        error: `email ${field} must be one plain address each (name@domain), got ${JSON.stringify(bad)}`,
      };
  }
  const ids = [payload.messageId, payload.inReplyTo ?? undefined, ...(payload.references ?? [])];
  const badId = ids.find((id) => id !== undefined && !/^[^\s<>]+@[^\s<>]+$/.test(id));
  if (badId !== undefined)
    return { ok: false, error: `email Message-ID must be id@domain, got ${JSON.stringify(badId)}` };
  return {
    ok: true,
    message: {
      from,
      to,
      ...(cc.length > 0 && { cc }),
      subject: payload.subject ?? '',
      text: payload.body.replace(/\r\n|\r|\n/g, '\r\n'),
      // The moment the message was written, not when a retry finally sent it.
      date: row.createdAt,
      ...(payload.messageId && { messageId: `<${payload.messageId}>` }),
      ...(payload.inReplyTo && { inReplyTo: `<${payload.inReplyTo}>` }),
      ...(payload.references?.length && { references: payload.references.map((id) => `<${id}>`) }),
      ...(payload.automatic && { headers: { ...AUTO_REPLY_HEADERS } }),
      disableFileAccess: true,
      disableUrlAccess: true,
    },
  };
}

const list = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .map((address) => address.trim())
    .filter((address) => address !== '');
