import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Deliverer } from '../../src/app/outbox/outbox.port.ts';
import { emailMessage } from './email-message.ts';

/**
 * A development choice (`PORTERO_MAIL_SPOOL`): emails as RFC 5322 files in a directory instead of SMTP, for a person
 * (or an MTA) to pick up. The file is named by the row's dedup key, so a retried delivery replaces the same file
 * instead of sending twice. The relay's abort signal stops the write, and an aborted delivery never renames its file
 * into place.
 */
export function createEmailSpoolDeliverer(dir: string): Deliverer {
  return {
    async deliver(row, signal) {
      const built = emailMessage(row);
      if (!built.ok) return { ok: false, permanent: true, error: built.error };
      await mkdir(dir, { recursive: true });
      const id = createHash('sha256').update(row.dedupKey).digest('hex').slice(0, 32);
      // MailComposer encodes non-ASCII headers as RFC 2047 words and picks the body's transfer encoding (7bit, or
      // quoted-printable/base64 for UTF-8 text and lines over the RFC 5322 limit).
      const message = await new MailComposer({ messageId: `<${id}@portero>`, ...built.message }).compile().build();
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
