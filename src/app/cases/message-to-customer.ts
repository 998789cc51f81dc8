import type { CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { type ReplyRoute, replyRoute } from '../../domain/case/reply-route.ts';
import { queueCustomerEmail } from '../mail/customer-mail.ts';
import { portalLink } from '../portal-link.ts';
import type { CaseContext } from './case-context.ts';
import { caseRecipients } from './customer-notices.ts';

/** Where a message to the customer went: an email to the reporter, or the case itself, read in an accepted channel. */
export type CustomerDelivery = { via: 'email'; to: string; cc: string[] } | Exclude<ReplyRoute, { via: 'email' }>;

/** The outbox kind of a contact attempt's email: the relay counts the attempt when it is delivered. */
export const CONTACT_ATTEMPT_KIND = 'case.contact_attempt';

/**
 * Sends `text` through the customer's channel (reply-route.ts): where the policy takes email from this customer, an
 * email to the case's reporter and followers queued in the change's transaction (queueCustomerEmail); otherwise nothing is queued and the text, recorded
 * on the case by the caller's event, is what the customer reads in the accepted channel.
 */
export async function messageToCustomer(
  context: CaseContext,
  record: CaseRecord,
  text: string,
  kind: 'case.reply' | typeof CONTACT_ATTEMPT_KIND,
): Promise<Outcome<CustomerDelivery>> {
  const customer = await context.repos.customers.byId(context.tenant.id, record.customerId);
  context.customer = customer; // the card of this change reuses it
  const route = replyRoute(context.policy, record.priority, customer?.projectPhase ?? 'production');
  if (!route.ok) return refuse(route.error.code, { ...route.error.params, ref: record.ref });
  if (route.value.via !== 'email') {
    // A portal or form the policy gives no url is the built-in portal: the agent is told the case's page in it.
    const { url } = route.value;
    return accept(
      url ? route.value : { ...route.value, url: portalLink(context.deps.publicUrl, context.tenant.id, record.ref) },
    );
  }
  const recipients = await caseRecipients(context, record);
  if (recipients.to.length === 0) return refuse('case.no_reply_address', { ref: record.ref });
  // To the reporter with the followers in Cc, threaded to the customer's last message, the case tag in the subject.
  await queueCustomerEmail(context.repos, context.deps.signingKey, {
    tenantId: context.tenant.id,
    caseId: record.id,
    caseRef: record.ref,
    kind,
    dedupKey: `${kind}:${record.id}:${record.version}`,
    from: route.value.from,
    ...recipients,
    subject: record.title,
    body: text,
    language: context.policy.locale,
    at: context.now,
    // The relay's delivery hook finds the case by it (contact-attempt.ts).
    ...(kind === CONTACT_ATTEMPT_KIND && { extra: { caseNumber: record.number } }),
  });
  return accept({ via: 'email', to: recipients.to[0]!, cc: recipients.cc });
}
