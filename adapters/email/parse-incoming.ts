import { createHash } from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';
import type { IncomingMail } from '../../src/app/mail/incoming-mail.ts';

// A raw message from a mailbox, read by mailparser: encoded-word headers, any charset (ISO-8859-1, windows-1252),
// text/plain or else the HTML as text, attachments with their bytes. What the email door needs, nothing more.

export interface RawMessage {
  source: Buffer;
  /** The server's INTERNALDATE (arrival); the Date header is the sender's claim and may be anything. */
  arrivedAt: Date;
  /** The message's real size when only its header was fetched (it was over the cap). */
  size?: number;
}

export async function parseIncoming({ source, arrivedAt, size }: RawMessage): Promise<IncomingMail> {
  const parsed = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
  const headers: Record<string, string> = {};
  const deliveredTo: string[] = [];
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] ??= value;
    if (key === 'delivered-to' || key === 'x-original-to') deliveredTo.push(...addressesIn(value));
  }
  const messageId = bare(parsed.messageId);
  const contentType = headers['content-type'] ?? 'text/plain';
  return {
    key: messageId ? `id:${messageId}` : `sha256:${createHash('sha256').update(source).digest('hex')}`,
    messageId,
    from: (firstAddress(parsed.from) ?? addressesIn(headers.from ?? '')[0] ?? '').toLowerCase(),
    to: allAddresses(parsed.to),
    cc: allAddresses(parsed.cc),
    deliveredTo,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    inReplyTo: idsIn(parsed.inReplyTo),
    references: idsIn(parsed.references),
    headers,
    contentType,
    attachments: /^\s*multipart\/report/i.test(contentType)
      ? []
      : parsed.attachments.map((file) => ({
          name: file.filename ?? 'adjunto',
          contentType: file.contentType,
          content: new Uint8Array(file.content),
        })),
    size: size ?? source.byteLength,
    arrivedAt,
    ...(/^\s*multipart\/report/i.test(contentType) && { report: deliveryReport(source, messageId) }),
  };
}

/** The Message-IDs and recipients a delivery-status report speaks of (Postfix, Exchange and the rest write these). */
function deliveryReport(source: Buffer, ownId: string | null) {
  const text = source.toString('latin1');
  const messageIds = [...text.matchAll(/^Message-ID:\s*<([^>\s]+)>/gim)]
    .map((match) => match[1]!)
    .filter((id) => id !== ownId);
  const recipients = [
    ...text.matchAll(/^(?:Final-Recipient|Original-Recipient):\s*rfc822;\s*<?([^\s>]+@[^\s>]+)>?/gim),
    ...text.matchAll(/^X-Failed-Recipients:\s*<?([^\s>,]+@[^\s>,]+)>?/gim),
  ].map((match) => match[1]!.toLowerCase());
  return { messageIds: [...new Set(messageIds)], recipients: [...new Set(recipients)] };
}

const bare = (id: string | undefined) => id?.trim().replace(/^<|>$/g, '') || null;

function idsIn(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...joined.matchAll(/<([^<>\s]+)>|(\S+@\S+)/g)].map((match) => (match[1] ?? match[2])!);
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): string | undefined {
  return allAddresses(value)[0];
}

function allAddresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const flat = (entries: AddressObject['value']): string[] =>
    entries.flatMap((entry) => (entry.group ? flat(entry.group) : entry.address ? [entry.address.toLowerCase()] : []));
  return objects.flatMap((object) => flat(object.value));
}

function addressesIn(value: string): string[] {
  return [...value.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((match) => match[0].toLowerCase());
}
