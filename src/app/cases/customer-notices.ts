import type { CaseRecord } from '../../domain/case/case.types.ts';
import { awaitedConfirmation } from '../../domain/case/confirmations.ts';
import { replyRoute } from '../../domain/case/reply-route.ts';
import { acceptedChannelsFor } from '../../domain/chat/redirect.channels.ts';
import {
  composeAcknowledgement,
  composeConfirmationRequest,
  composeUpdateNotice,
} from '../../domain/mail/customer-notice.ts';
import { isPlaceholder } from '../../domain/policy/policy.assumptions.ts';
import { queueCustomerEmail } from '../mail/customer-mail.ts';
import { tenantSender } from '../mail/tenant-sender.ts';
import { portalLink } from '../portal-link.ts';
import type { ContactRecord } from '../store.port.ts';
import type { CaseContext } from './case-context.ts';

// What the customer hears about their case without an agent writing it: the acknowledgement with the case number for
// every case opened on their behalf, and a notice of each update where the policy promises one. Both are written in
// the transaction of the change they announce, through the customer's channel: email where the policy takes email
// from this customer, else the case itself (a customer-visible `acknowledged` event, which the portal shows).

/** Who a case's emails go to: the reporter, and the followers in Cc (JD Services: "puede añadir su dirección de correo en copia"). */
export async function caseRecipients(
  context: CaseContext,
  record: CaseRecord,
  reporter?: ContactRecord,
): Promise<{ to: string[]; cc: string[] }> {
  const { repos, tenant } = context;
  const who = reporter ?? (record.reporterId ? await repos.contacts.byId(tenant.id, record.reporterId) : undefined);
  const followers = await repos.followers.list(tenant.id, record.id);
  const addresses = [who?.email, ...followers.map((contact) => contact.email)].filter(
    (address): address is string => !!address,
  );
  const unique = addresses.filter(
    (address, index) => addresses.findIndex((other) => other.toLowerCase() === address.toLowerCase()) === index,
  );
  // Without a reporter's address, the first follower's stands in: someone must be the recipient.
  return { to: unique.slice(0, 1), cc: unique.slice(1) };
}

/** The case's page in the customer portal, where the policy's channel for this customer is the portal. */
function linkFor(context: CaseContext, record: CaseRecord, phase: CustomerPhase): string | undefined {
  const portal = acceptedChannelsFor(context.policy, phase).some((channel) => channel.kind === 'portal');
  return portal ? portalLink(context.deps.publicUrl, context.tenant.id, record.ref) : undefined;
}
type CustomerPhase = 'production' | 'implementation';

/**
 * The acknowledgement with the case number (JD Services: "en un máximo de 15 minutos recibirá un email automático
 * con el nº de caso"; arcoirisapp: "Posteriormente se asignará un número de Tiquete"), for a case just opened. Always
 * recorded as an `acknowledged` event: what was said, and how (email to whom, or on the case for the portal).
 */
export async function acknowledgeOpening(
  context: CaseContext,
  record: CaseRecord,
  options: { reporter?: ContactRecord | undefined; redacted: boolean },
): Promise<void> {
  const { repos, tenant, policy, now } = context;
  const phase = context.customer?.projectPhase ?? 'production';
  const routed = replyRoute(policy, record.priority, phase);
  // A policy whose only sender is a placeholder sends nothing: the acknowledgement stays on the case.
  const route = routed.ok ? routed.value : undefined;
  const recipients =
    route?.via === 'email' ? await caseRecipients(context, record, options.reporter) : { to: [], cc: [] };
  const byEmail = route?.via === 'email' && recipients.to.length > 0;
  const notice = composeAcknowledgement({
    policy,
    ref: record.ref,
    title: record.title,
    byEmail,
    link: linkFor(context, record, phase),
    redacted: options.redacted,
  });
  // On the case (for the portal) unless an email went: the policy takes none, no address is known, or all were capped.
  let sent: Record<string, unknown> = { via: 'case' };
  if (route?.via === 'email' && byEmail) {
    const queued = await queueCustomerEmail(repos, context.deps.signingKey, {
      tenantId: tenant.id,
      caseId: record.id,
      caseRef: record.ref,
      kind: 'case.ack',
      dedupKey: `case.ack:${record.id}`,
      from: route.from,
      ...recipients,
      subject: notice.subject,
      body: notice.body,
      language: policy.locale,
      automatic: true,
      at: now,
    });
    const reached = [...recipients.to, ...recipients.cc].filter((address) => !queued.capped.includes(address));
    sent = queued.queued ? { via: 'email', recipients: reached, messageId: queued.messageId } : { via: 'case' };
    if (queued.capped.length > 0) sent.capped = queued.capped;
  }
  await repos.events.append({
    tenantId: tenant.id,
    caseId: record.id,
    type: 'acknowledged',
    at: now,
    actor: { kind: 'system' },
    channel: 'system',
    data: { ...sent, subject: notice.subject, text: notice.body, summary: `${record.ref}: ${notice.subject}` },
  });
}

/**
 * Where the policy promises every update by email (CrossPoint 365), a notice of this change to the reporter and the
 * followers, threaded like a reply. A change the customer made themselves is not announced back to them.
 */
export async function notifyUpdate(
  context: CaseContext,
  record: CaseRecord,
  event: { type: string; data?: Record<string, unknown> },
  eventId: number,
): Promise<void> {
  const { policy, caller } = context;
  if (!policy.rules.emailEveryUpdate || caller.actor.kind === 'contact') return;
  // A change that already emailed its own message (a `/case wait` text) is not announced twice.
  if (event.data?.via === 'email') return;
  const phase = context.customer?.projectPhase ?? 'production';
  const notice = composeUpdateNotice({
    policy,
    ref: record.ref,
    title: record.title,
    event,
    state: record.state,
    link: linkFor(context, record, phase),
  });
  if (!notice) return;
  const from = emailSender(context, record, phase);
  const recipients = await caseRecipients(context, record);
  if (!from || recipients.to.length === 0) return;
  await queueCaseEmail(context, record, { kind: 'case.notice', eventId, from, recipients, notice });
}

/**
 * The address a case's notices come from: the customer's email route, or, for a customer whose phase has no email
 * channel, the policy's support address (never a placeholder).
 */
function emailSender(context: CaseContext, record: CaseRecord, phase: CustomerPhase): string | undefined {
  const { policy } = context;
  const route = replyRoute(policy, record.priority, phase);
  return route.ok && route.value.via === 'email'
    ? route.value.from
    : policy.channels.accepted.find(
        (channel) => channel.kind === 'email' && channel.address && !isPlaceholder(channel.address),
      )?.address;
}

/** The changes after which a case waits for a confirmation it did not wait for before. */
function startsWaiting(event: { type: string; data?: Record<string, unknown> }, kind: string, state: string): boolean {
  if (event.type === 'estimated') return kind === 'approval';
  if (event.type === 'confirmation_asked') return event.data?.kind === kind;
  if (event.type === 'customer_confirmation') return event.data?.kind !== kind;
  return event.data?.to === state && event.data.from !== state;
}

/**
 * Asks the customer by email for the confirmation the case now waits for (awaitedConfirmation), telling them how to
 * answer by email (receive-mail.ts reads the answer) and where in the portal. Once per change that starts the wait:
 * entering the state, the estimate to approve, the next of several confirmations, an agent's `/case ask-close`.
 */
export async function askForConfirmation(
  context: CaseContext,
  record: CaseRecord,
  event: { type: string; data?: Record<string, unknown> },
  eventId: number,
): Promise<void> {
  const { policy, tenant, repos } = context;
  // In a working state (oys Análisis) the case awaits nothing until an agent asks (askedNow).
  const kind = awaitedConfirmation(policy, record);
  if (!kind || !startsWaiting(event, kind, record.state)) return;
  const phase = context.customer?.projectPhase ?? 'production';
  // The answer has to reach a mailbox Portero reads: where the policy's address is a placeholder (oys) or it takes no
  // email for cases (itbx), the tenant's mailbox sends it; without one the request stays on the portal.
  const from = await tenantSender(repos, tenant.id, policy, record.priority);
  const recipients = await caseRecipients(context, record);
  if (!from || recipients.to.length === 0) return;
  const notice = composeConfirmationRequest({
    policy,
    ref: record.ref,
    title: record.title,
    kind,
    estimate: record.estimate,
    note: event.type === 'confirmation_asked' && typeof event.data?.text === 'string' ? event.data.text : undefined,
    link: linkFor(context, record, phase),
  });
  await queueCaseEmail(context, record, {
    kind: 'case.confirmation_request',
    eventId,
    from,
    recipients,
    notice,
    extra: { confirmation: kind },
  });
}

/** One automatic email about a case change, once per change (its event id), threaded on the case. */
async function queueCaseEmail(
  context: CaseContext,
  record: CaseRecord,
  email: {
    kind: string;
    eventId: number;
    from: string;
    recipients: { to: string[]; cc: string[] };
    notice: { subject: string; body: string };
    extra?: Record<string, unknown>;
  },
): Promise<void> {
  const { kind, eventId, from, recipients, notice, extra } = email;
  await queueCustomerEmail(context.repos, context.deps.signingKey, {
    tenantId: context.tenant.id,
    caseId: record.id,
    caseRef: record.ref,
    kind,
    dedupKey: `${kind}:${eventId}`,
    from,
    ...recipients,
    subject: notice.subject,
    body: notice.body,
    language: context.policy.locale,
    at: context.now,
    ...(extra && { extra }),
  });
}
