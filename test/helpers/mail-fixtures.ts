import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIncoming } from '../../adapters/email/parse-incoming.ts';
import type { IncomingMail } from '../../src/app/mail/incoming-mail.ts';

// The committed real-world messages (test/fixtures/mail/*.eml). Placeholders such as {{CASE}}, {{REPLY_TO_ID}},
// {{TO}}, {{BOUNCED_ID}} are filled per test; the rest of each message is as its mail client wrote it.

const FIXTURES = new URL('../fixtures/mail/', import.meta.url);

export function fixtureSource(name: string, fill: Record<string, string> = {}): Buffer {
  let raw = readFileSync(fileURLToPath(new URL(name, FIXTURES))).toString('latin1');
  for (const [key, value] of Object.entries(fill)) raw = raw.replaceAll(`{{${key}}}`, value);
  return Buffer.from(raw, 'latin1');
}

export function fixtureMail(
  name: string,
  fill: Record<string, string> = {},
  arrivedAt = new Date(),
): Promise<IncomingMail> {
  return parseIncoming({ source: fixtureSource(name, fill), arrivedAt });
}

/** A message written in the test, for rules a fixture does not need (a header here or there). */
export function simpleMessage(fields: {
  from: string;
  to: string;
  subject: string;
  body: string;
  messageId?: string;
  headers?: Record<string, string>;
}): Buffer {
  const head = [
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0100',
    ...(fields.messageId ? [`Message-ID: <${fields.messageId}>`] : []),
    ...Object.entries(fields.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${fields.body.replace(/\n/g, '\r\n')}\r\n`, 'utf8');
}
