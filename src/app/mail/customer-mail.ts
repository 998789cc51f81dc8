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

/**
 * Queues an email to the customer in the caller's transaction: its Message-ID minted and remembered on the case, an
 * answer to the customer's last message (In-Reply-To, References), the case tag in the subject and the reply marker
 * above the text. Answers the Message-ID.
 */
export async function queueCustomerEmail(
  repos: Repositories,
  signingKey: Uint8Array,
  email: CustomerEmail,
): Promise<string> {
  const messageId = mintMessageId(signingKey, email.dedupKey, domainOf(email.from));
  const last = email.caseId ? await repos.mailMessages.last(email.tenantId, email.caseId, 'in') : undefined;
  const inReplyTo = email.inReplyTo ?? last?.messageId ?? null;
  const tag = email.caseRef ? `[${email.caseRef}]` : '';
  const subject = tag && !email.subject.includes(tag) ? `${tag} ${email.subject}` : email.subject;
  const payload: EmailPayload = {
    from: email.from,
    to: email.to,
    cc: email.cc ?? [],
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
      destination: email.to.join(', '),
      kind: email.kind,
      payload: { ...payload },
      dedupKey: email.dedupKey,
    },
  ]);
  return messageId;
}
