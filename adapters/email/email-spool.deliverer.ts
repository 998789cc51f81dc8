import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Deliverer } from '../../src/app/outbox/outbox.port.ts';

/**
 * Email replies as RFC 5322 files in a spool directory, for an MTA (or a person) to pick up. The file is named by the
 * row's dedup key, so a retried delivery replaces the same file instead of sending twice. The relay's abort signal
 * stops the write, and an aborted delivery never renames its file into place.
 */
export function createEmailSpoolDeliverer(dir: string): Deliverer {
  return {
    async deliver(row, signal) {
      const { from, subject, body, ...payload } = row.payload as {
        from?: string | null;
        to?: string | string[];
        subject?: string;
        body?: string;
      };
      const to = Array.isArray(payload.to) ? payload.to.join(', ') : payload.to;
      if (!to || !body) return { ok: false, permanent: true, error: 'email payload without a recipient or a body' };
      const sender = from ?? 'portero@localhost';
      // A line break in an address would write a header of its own (Bcc: …): no retry can make that right.
      if (/[\r\n]/.test(to) || /[\r\n]/.test(sender))
        return { ok: false, permanent: true, error: 'email address with a line break in it' };
      await mkdir(dir, { recursive: true });
      const id = createHash('sha256').update(row.dedupKey).digest('hex').slice(0, 32);
      // MailComposer encodes non-ASCII headers as RFC 2047 words and picks the body's transfer encoding (7bit, or
      // quoted-printable/base64 for UTF-8 text and lines over the RFC 5322 limit); line breaks are made CRLF first.
      const message = await new MailComposer({
        from: sender,
        to,
        subject: subject ?? '',
        text: body.replace(/\r\n|\r|\n/g, '\r\n'),
        // The moment the reply was written, not when a retry finally spooled it.
        date: row.createdAt,
        messageId: `<${id}@portero>`,
        disableFileAccess: true,
        disableUrlAccess: true,
      })
        .compile()
        .build();
      // Write then rename: a reader never sees half a message.
      const temp = join(dir, `.${id}.eml.tmp`);
      await writeFile(temp, message, signal && { signal });
      // Past the relay's timeout the row counts as failed and will be retried: the message is not published now.
      signal?.throwIfAborted();
      await rename(temp, join(dir, `${id}.eml`));
      return { ok: true };
    },
  };
}
