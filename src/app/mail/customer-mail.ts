import { replyMarker } from '../../domain/mail/reply-marker.ts';
import type { Repositories } from '../store.port.ts';
import { domainOf, mintMessageId } from './message-id.ts';

/** An email to a customer, as a use case asks for it; threading, the case tag and the marker are added here. */
export interface CustomerEmail {
  tenantId: string;
  /** The case it is about (threaded into the case's conversation), or null (a refusal of a message that opened none). */
  caseId: string | null;
  /** `JDS-1042`: put in the subject as `[JDS-1042]` so a reply finds its case even without headers. */
  caseRef?: string;
  kind: string;
  /** The outbox row's dedup key; the Message-ID derives from it, so a retried delivery keeps its id. */
  dedupKey: string;
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  body: string;
  language: 'es' | 'en';
  /** An automatic message (acknowledgement, refusal): sent with the auto-reply headers so that no robot answers it. */
  automatic?: boolean;
  /** The customer's message this one answers, when it is not the case's last one (a refusal of a reply). */
  inReplyTo?: string;
  at: Date;
  /** More fields for the outbox row's payload, for whoever acts on its delivery (the contact-attempt hook). */
  extra?: Record<string, unknown>;
}

/** What the email deliverer finds in an `email` outbox row's payload. */
export interface EmailPayload {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  automatic: boolean;
}

/** At most this many automatic emails reach one person in an hour, whatever loop or flood is going on. */
export const AUTOMATIC_MAILS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;

/**
 * What became of the email: queued (with its Message-ID), or not at all because every recipient already had their
 * automatic emails for the hour. `capped` names the recipients left out, for the caller to audit.
 */
export type QueuedEmail = { queued: true; messageId: string; capped: string[] } | { queued: false; capped: string[] };

/**
 * Queues an email to the customer in the caller's transaction: its Message-ID minted and remembered on the case, an
 * answer to the customer's last message (In-Reply-To, References), the case tag in the subject and the reply marker
 * above the text. An automatic email leaves out the recipients who had AUTOMATIC_MAILS_PER_HOUR of them in the last
 * hour (counted here, so every caller gets the cap: acknowledgements, refusals), and is not queued when none is left.
 */
export async function queueCustomerEmail(
  repos: Repositories,
  signingKey: Uint8Array,
  email: CustomerEmail,
): Promise<QueuedEmail> {
  const recipients = email.automatic ? await withinHourlyCap(repos, email) : { to: email.to, cc: email.cc ?? [] };
  const capped = [...email.to, ...(email.cc ?? [])].filter(
    (address) => !recipients.to.includes(address) && !recipients.cc.includes(address),
  );
  if (recipients.to.length === 0) return { queued: false, capped };
  const messageId = mintMessageId(signingKey, email.dedupKey, domainOf(email.from));
  const last = email.caseId ? await repos.mailMessages.last(email.tenantId, email.caseId, 'in') : undefined;
  const inReplyTo = email.inReplyTo ?? last?.messageId ?? null;
  const tag = email.caseRef ? `[${email.caseRef}]` : '';
  const subject = tag && !email.subject.includes(tag) ? `${tag} ${email.subject}` : email.subject;
  const payload: EmailPayload = {
    from: email.from,
    to: recipients.to,
    cc: recipients.cc,
    subject,
    body: `${replyMarker(email.language)}\n\n${email.body}`,
    messageId,
    inReplyTo,
    references: inReplyTo ? [inReplyTo] : [],
    automatic: email.automatic ?? false,
  };
  if (email.caseId) {
    await repos.mailMessages.record({
      tenantId: email.tenantId,
      caseId: email.caseId,
      messageId,
      direction: 'out',
      at: email.at,
    });
  }
  await repos.outbox.enqueue([
    {
      tenantId: email.tenantId,
      caseId: email.caseId,
      target: 'email',
      destination: recipients.to.join(', '),
      kind: email.kind,
      payload: { ...email.extra, ...payload, ...(email.caseRef && { caseRef: email.caseRef }) },
      dedupKey: email.dedupKey,
    },
  ]);
  if (email.automatic) {
    const counted = [...recipients.to, ...recipients.cc].map((address) => address.toLowerCase());
    await repos.automaticMails.record(email.tenantId, counted, email.at, email.dedupKey);
  }
  return { queued: true, messageId, capped };
}

/** The recipients still under the hourly cap; a Cc stands in for a capped To, so the email still has someone to go to. */
async function withinHourlyCap(repos: Repositories, email: CustomerEmail): Promise<{ to: string[]; cc: string[] }> {
  const all = [...email.to, ...(email.cc ?? [])];
  const since = new Date(email.at.getTime() - HOUR_MS);
  const counts = await repos.automaticMails.countSince(
    email.tenantId,
    all.map((address) => address.toLowerCase()),
    since,
  );
  const open = (address: string) => (counts.get(address.toLowerCase()) ?? 0) < AUTOMATIC_MAILS_PER_HOUR;
  const to = email.to.filter(open);
  const cc = (email.cc ?? []).filter(open);
  return to.length > 0 ? { to, cc } : { to: cc.slice(0, 1), cc: cc.slice(1) };
}
