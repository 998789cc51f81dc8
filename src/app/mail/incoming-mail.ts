import type { MailHeaders } from '../../domain/mail/automatic-mail.ts';

/** A message taken from a mailbox, parsed (adapters/email/parse-incoming.ts): what the email door decides on. */
export interface IncomingMail {
  /** Unique per mailbox: the Message-ID, or `sha256:<hex>` of the raw message when it has none. */
  key: string;
  /** Without angle brackets. */
  messageId: string | null;
  /** The sender's address, lower case. */
  from: string;
  to: string[];
  cc: string[];
  /** Delivered-To and X-Original-To: the address the server delivered it for (a folder may receive several). */
  deliveredTo: string[];
  subject: string;
  /** The text as written (text/plain, else the HTML as text), quoted history still in it. */
  text: string;
  inReplyTo: string[];
  references: string[];
  headers: MailHeaders;
  /** The top-level Content-Type with its parameters (multipart/report; report-type=delivery-status). */
  contentType: string;
  attachments: { name: string; contentType: string; content: Uint8Array }[];
  /** The raw message's size in bytes. */
  size: number;
  /** When the server received it (IMAP INTERNALDATE): the SLA clocks start there. */
  arrivedAt: Date;
  /** For a delivery-status report: the Message-IDs and the recipients it reports on. */
  report?: { messageIds: string[]; recipients: string[] };
}
