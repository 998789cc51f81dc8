import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deliverer } from '../../src/app/outbox/outbox.port.ts';

/**
 * Email replies as RFC 5322 files in a spool directory, for an MTA (or a person) to pick up. The file is named by the
 * row's dedup key, so a retried delivery replaces the same file instead of sending twice. The relay's abort signal
 * stops the write, and an aborted delivery never renames its file into place.
 */
export function createEmailSpoolDeliverer(dir: string): Deliverer {
  return {
    async deliver(row, signal) {
      const { from, to, subject, body } = row.payload as {
        from?: string | null;
        to?: string;
        subject?: string;
        body?: string;
      };
      if (!to || !body) return { ok: false, permanent: true, error: 'email payload without a recipient or a body' };
      const sender = from ?? 'portero@localhost';
      // A line break in an address would write a header of its own (Bcc: …): no retry can make that right.
      if (/[\r\n]/.test(to) || /[\r\n]/.test(sender))
        return { ok: false, permanent: true, error: 'email address with a line break in it' };
      await mkdir(dir, { recursive: true });
      const id = createHash('sha256').update(row.dedupKey).digest('hex').slice(0, 32);
      const lines = body.split(/\r\n|\r|\n/);
      // RFC 5322 caps a line at 998 octets: a longer one (a pasted log) travels base64-encoded instead.
      const long = lines.some((line) => Buffer.byteLength(line, 'utf8') > 998);
      const message = [
        `From: ${sender}`,
        `To: ${to}`,
        `Subject: ${encodeHeader(subject ?? '')}`,
        // The moment the reply was written, not when a retry finally spooled it.
        `Date: ${rfc5322Date(row.createdAt)}`,
        `Message-ID: <${id}@portero>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        `Content-Transfer-Encoding: ${long ? 'base64' : '8bit'}`,
        '',
        ...(long
          ? (Buffer.from(lines.join('\r\n'), 'utf8')
              .toString('base64')
              .match(/.{1,76}/g) ?? [])
          : lines),
        '',
      ].join('\r\n');
      // Write then rename: a reader never sees half a message.
      const temp = join(dir, `.${id}.eml.tmp`);
      await writeFile(temp, message, { encoding: 'utf8', ...(signal && { signal }) });
      // Past the relay's timeout the row counts as failed and will be retried: the message is not published now.
      signal?.throwIfAborted();
      await rename(temp, join(dir, `${id}.eml`));
      return { ok: true };
    },
  };
}

/**
 * Non-ASCII subjects as RFC 2047 encoded words of 39 bytes of text (64 characters, never splitting a
 * character), one per folded line: with "Subject: " in front, every line stays under 78 characters.
 */
function encodeHeader(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon, 23 Nov 2026 15:00:00 +0000`: the date-time of RFC 5322 §3.3, in UTC. */
function rfc5322Date(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;
  return `${DAYS[at.getUTCDay()]}, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${time} +0000`;
}
