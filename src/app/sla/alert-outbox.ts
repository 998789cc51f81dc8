import type { CaseEventInput } from '../../domain/case/case.types.ts';
import type { ChatMessage, MessageAction } from '../../domain/chat/chat-message.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';
import type { CaseContext } from '../cases/case-context.ts';
import { caseSnapshot } from '../cases/case-snapshot.ts';
import { caseRecipients } from '../cases/customer-notices.ts';
import { cardWords, caseCard, formatInstant } from '../chat/case-card.ts';
import { queueCustomerEmail } from '../mail/customer-mail.ts';
import { tenantSender } from '../mail/tenant-sender.ts';
import type { OutboxMessage } from '../store.port.ts';
import { type AlertScope, type Endpoint, endpointLabel } from './alert-recipients.ts';
import { alertWords } from './alert-words.i18n.ts';
import type { TimerRow } from './sla.port.ts';
import { heldUntil } from './working-hours.ts';

// Alerts go out through the outbox as kind `message`: the case card with a headline, one row per recipient, each in
// the recipient's language and zone, written in the transaction that marks the timer fired.

export interface FireContext extends AlertScope {
  timer: TimerRow;
  now: Date;
  /** The case use cases' context (system caller) for snapshots and changes. */
  caseContext: CaseContext;
  /** Records an alert's audit event (in a batch, written with the batch). */
  audit(event: CaseEventInput): Promise<void>;
}

/** What a headline needs, in the recipient's language and zone. */
export interface HeadlineTools {
  words: ReturnType<typeof alertWords>;
  /** Card labels: the targets' names. */
  card: ReturnType<typeof cardWords>;
  at(ms: number | Date): string;
}

export const toolsFor = (locale: Locale, zone: string): HeadlineTools => ({
  words: alertWords(locale),
  card: cardWords(locale),
  at: (ms) => formatInstant(new Date(ms).toISOString(), zone, locale),
});

export const targetLabel = (tools: HeadlineTools, target: string) => tools.card[target as 'firstResponse'] ?? target;

export const ackAction = (locale: Locale, ref: string): MessageAction => ({
  kind: 'command',
  label: alertWords(locale).ack,
  command: `ack ${ref}`,
  style: 'primary',
});

export interface AlertOptions {
  headline: (tools: HeadlineTools) => string;
  /** Breaches and escalations carry the "I'm on it" button. */
  ack?: boolean;
  eventType: string;
  data?: Record<string, unknown>;
}

/** Enqueues the alert to each endpoint and records it as an audit event; returns the event's one-line summary. */
export async function sendAlert(f: FireContext, endpoints: Endpoint[], options: AlertOptions): Promise<string> {
  const { policy, record, timer, now } = f;
  const snapshot = await caseSnapshot(f.caseContext, record);
  const critical = policy.priorities.find((p) => p.id === record.priority)?.severity === 'critical';
  const held: string[] = [];
  const sender = endpoints.some((endpoint) => endpoint.target === 'email')
    ? await tenantSender(f.repos, record.tenantId, policy, record.priority)
    : null;
  const rows = endpoints.map((endpoint): OutboxMessage => {
    const locale = endpoint.person?.locale ?? policy.locale;
    const zone = endpoint.person?.zone ?? policy.timezone;
    const card = caseCard(snapshot, { locale, zone, headline: options.headline(toolsFor(locale, zone)) });
    const message: ChatMessage = {
      ...card,
      visibility: 'public',
      actions: options.ack ? [ackAction(locale, record.ref), ...(card.actions ?? [])] : card.actions,
    };
    // Critical alerts go at once; the rest wait for the person's working hours. Channels never wait.
    const notBefore = endpoint.person && !critical ? heldUntil(policy, zone, now) : undefined;
    if (notBefore) held.push(`${endpointLabel(endpoint)} until ${notBefore.toISOString()}`);
    const email = endpoint.target === 'email' && {
      from: sender,
      to: endpoint.destination,
      subject: `[${record.ref}] ${message.text.split('\n')[0]}`,
      body: message.text,
    };
    return {
      tenantId: record.tenantId,
      caseId: record.id,
      target: endpoint.target,
      destination: endpoint.destination,
      kind: 'message',
      payload: {
        message,
        caseId: record.id,
        caseRef: record.ref,
        threadUnderCase: endpoint.threadUnderCase,
        ...email,
      },
      dedupKey: `sla:${timer.id}:${endpoint.target}:${endpoint.destination}`,
      ...(notBefore && { notBefore }),
    };
  });
  await f.repos.outbox.enqueue(rows);
  const summary = options.headline(toolsFor(policy.locale, policy.timezone));
  await f.audit({
    tenantId: record.tenantId,
    caseId: record.id,
    type: options.eventType,
    at: now,
    actor: { kind: 'system' },
    channel: 'system',
    data: {
      summary,
      rule: timer.rule,
      target: timer.target || null,
      threshold: timer.threshold || null,
      dueAt: new Date(timer.fireAt).toISOString(),
      recipients: endpoints.map(endpointLabel),
      ...(held.length > 0 && { held }),
      ...options.data,
    },
  });
  return summary;
}

/**
 * An automation's notice to the customer, sent like every other customer email (queueCustomerEmail): to the reporter
 * with the followers in Cc, threaded, counted against the hourly cap of automatic mail. Returns who it went to (none:
 * no address known, or all of them had their automatic emails for the hour).
 */
export async function noticeToCustomer(
  f: FireContext,
  notice: { subject: string; body: string },
): Promise<string[] | undefined> {
  const { repos, record, policy, tenant } = f;
  const recipients = await caseRecipients(f.caseContext, record);
  if (recipients.to.length === 0) return undefined;
  // Never from a placeholder (oys: soporte@oys.invalid): the tenant's mailbox then. With no sender at all the row
  // still goes to the outbox, which dead-letters it saying so and notes it on the case.
  const from = (await tenantSender(repos, tenant.id, policy, record.priority)) ?? '';
  const queued = await queueCustomerEmail(repos, f.caseContext.deps.signingKey, {
    tenantId: tenant.id,
    caseId: record.id,
    caseRef: record.ref,
    kind: 'case.notice',
    dedupKey: `sla:${f.timer.id}:notice`,
    from,
    ...recipients,
    ...notice,
    language: policy.locale,
    automatic: true,
    at: f.now,
  });
  if (!queued.queued) return undefined;
  return [...recipients.to, ...recipients.cc].filter((address) => !queued.capped.includes(address));
}
