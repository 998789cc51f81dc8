import { MAX_ATTACHMENT_BYTES } from '../../domain/case/attachment-limits.ts';
import type { CaseRecord } from '../../domain/case/case.types.ts';
import { confirmationWords, describeCaseError } from '../../domain/case/case-error.i18n.ts';
import type { CaseError, Outcome } from '../../domain/case/case-error.ts';
import { awaitedConfirmation } from '../../domain/case/confirmations.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { INPUT_LIMITS } from '../../domain/input/input-rules.ts';
import { automaticReason, isDeliveryReport, isEncrypted, isOutOfOffice } from '../../domain/mail/automatic-mail.ts';
import { ANSWER_WORDS, readConfirmationReply } from '../../domain/mail/confirmation-reply.ts';
import {
  billableReply,
  caseRefusalReply,
  type DoorRefusal,
  type DoorReply,
  doorRefusalCode,
  doorReply,
  NOTE_WORDS,
} from '../../domain/mail/intake-replies.i18n.ts';
import { fitToTextLimit, fullTextFile } from '../../domain/mail/long-text.ts';
import {
  isMereThanks,
  isRoleAddress,
  phaseHasOtherChannels,
  priorityForAddresses,
  takesEmail,
} from '../../domain/mail/mail-door.ts';
import { trimQuotedHistory } from '../../domain/mail/quoted-history.ts';
import { caseNumberInSubject, looksLikeReply, titleFromSubject } from '../../domain/mail/subject-tag.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Caller, CaseDeps } from '../cases/case-context.ts';
import { addNote } from '../cases/case-updates.ts';
import { confirmByCustomer } from '../cases/customer-actions.ts';
import { addCustomerMessage } from '../cases/customer-message.ts';
import { openCase } from '../cases/open-case.ts';
import { reopenCase } from '../cases/reopen-case.ts';
import type { CustomerRecord, Repositories, Store, TenantRecord } from '../store.port.ts';
import { queueCustomerEmail } from './customer-mail.ts';
import type { IncomingMail } from './incoming-mail.ts';
import type { IntakeOutcome, MailboxRecord, MailContact, MailIntakeEntry } from './mailbox.port.ts';
import { isOwnMessageId } from './message-id.ts';

// The email door: one message from a support mailbox becomes a new case, a reply on its case, a note, or a polite
// refusal, per the tenant's policy. Exactly once: the message's key is claimed in the same transaction as the work,
// so a second fetch of it (a killed fetch, another replica, a UIDVALIDITY reset) finds it taken and does nothing.

/** 10 MB a message, attachments included, unless the operator says otherwise. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface ReceiveOptions {
  maxMessageBytes?: number;
}

export interface Received {
  /** `duplicate`: already taken by an earlier fetch; nothing was done. */
  outcome: IntakeOutcome | 'duplicate';
  caseRef?: string;
  /** Why (a refusal's code, a robot's header): for the log and the tests. */
  reason?: string;
  /** Whether a reply was queued. */
  replied?: boolean;
  /** Sent by a robot (its header or sender, or Portero's own mail): never answered, whatever else happened. */
  automatic?: string;
}

class AlreadyTaken extends Error {}

export async function receiveMail(
  deps: CaseDeps,
  mailbox: MailboxRecord,
  mail: IncomingMail,
  options: ReceiveOptions = {},
): Promise<Received> {
  // Everything the door decides on, read in one transaction (a backlog is drained message after message).
  const facts = await deps.store.transaction(async (repos) => {
    const tenant = await repos.tenants.get(mailbox.tenantId);
    if (!tenant) return undefined;
    const contact = await repos.mailIntake.contactByEmail(tenant.id, mail.from);
    return {
      tenant,
      threaded: await findThread(repos, tenant, mail),
      contact,
      customer: contact && (await repos.customers.byId(tenant.id, contact.customerId)),
    };
  });
  const policy = facts && deps.policies.policy(facts.tenant.policyId);
  if (!facts || !policy) throw new Error(`mailbox ${mailbox.address}: its tenant ${mailbox.tenantId} is unknown`);
  let received: Received;
  try {
    received = await new Door(deps, mailbox, mail, facts, policy, options).receive();
  } catch (error) {
    if (!(error instanceof AlreadyTaken)) throw error;
    received = { outcome: 'duplicate' };
  }
  const labels = { tenant: mailbox.tenantId, mailbox: mailbox.id };
  deps.metrics?.mailMessage({ ...labels, outcome: received.outcome, reason: received.reason ?? '' });
  if (received.automatic && received.outcome !== 'duplicate')
    deps.metrics?.mailLoopSuppressed({ ...labels, reason: received.automatic });
  return received;
}

type ThreadedCase = { id: string; number: number; ref: string; isOpen: boolean; customerId: string };

interface DoorFacts {
  tenant: TenantRecord;
  threaded: ThreadedCase | undefined;
  contact: MailContact | undefined;
  customer: CustomerRecord | undefined;
}

/** The case a message answers: by its headers (a Message-ID of the case), else by the tag in its subject. */
async function findThread(repos: Repositories, tenant: TenantRecord, mail: IncomingMail) {
  const ids = [...mail.inReplyTo, ...mail.references];
  const byHeader = ids.length > 0 ? await repos.mailMessages.caseOf(tenant.id, ids) : undefined;
  if (byHeader) return repos.mailIntake.caseById(tenant.id, byHeader);
  const number = caseNumberInSubject(mail.subject, tenant.casePrefix);
  const tagged = number === undefined ? undefined : await repos.cases.byNumber(tenant.id, number);
  return (
    tagged && {
      id: tagged.id,
      number: tagged.number,
      ref: tagged.ref,
      isOpen: tagged.isOpen,
      customerId: tagged.customerId,
    }
  );
}

class Door {
  private readonly tenant: TenantRecord;
  private readonly locale: Locale;
  private readonly robot: string | undefined;
  private body: { text: string; files: IncomingMail['attachments'] } | undefined;

  constructor(
    private readonly deps: CaseDeps,
    private readonly mailbox: MailboxRecord,
    private readonly mail: IncomingMail,
    private readonly facts: DoorFacts,
    private readonly policy: Policy,
    private readonly options: ReceiveOptions,
  ) {
    this.tenant = facts.tenant;
    this.locale = policy.locale;
    const own = mail.messageId !== null && isOwnMessageId(deps.signingKey, mail.messageId);
    this.robot = own ? 'own-message' : automaticReason(mail.headers, mail.from);
  }

  async receive(): Promise<Received> {
    const received = await this.decide();
    return this.robot ? { ...received, automatic: this.robot } : received;
  }

  private async decide(): Promise<Received> {
    const { mail } = this;
    if (this.robot === 'own-message') return this.settle('ignored', 'own-message');
    if (isDeliveryReport(mail.contentType)) return this.bounce();
    const { threaded, contact } = this.facts;
    if (isOutOfOffice(mail.headers, mail.subject)) return this.outOfOffice(threaded);
    // Any other robot (a list, a no-reply sender) gets nothing: no case, no answer.
    if (this.robot) return this.settle('ignored', this.robot);
    if (mail.size > (this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES)) return this.refuse('too-large');
    if (isEncrypted(mail.contentType)) return this.refuse('encrypted');
    if (!contact) return this.refuse('unknown-sender');
    if (threaded) return this.reply(contact, threaded);
    return this.open(contact);
  }

  private async open(contact: MailContact): Promise<Received> {
    const { mail, policy, tenant } = this;
    if (contact.sharedMailbox || isRoleAddress(mail.from)) return this.refuse('shared-mailbox');
    const { customer } = this.facts;
    if (!customer) return this.refuse('unknown-sender');
    // Where the customer's phase has channels of its own (crosspoint365: Azure DevOps), openCase refuses with them.
    if (!takesEmail(policy, customer.projectPhase) && !phaseHasOtherChannels(policy, customer.projectPhase)) {
      return this.redirect(customer.projectPhase);
    }
    const headerPriority = priorityForAddresses(policy, [...mail.deliveredTo, ...mail.to, ...mail.cc]);
    const priority = headerPriority ?? priorityForAddresses(policy, [this.mailbox.address]);
    const relatedId = looksLikeReply(mail.subject) ? await this.lastOpenCaseOf(contact) : undefined;
    const title =
      titleFromSubject(mail.subject) ||
      firstLine(this.text()) ||
      (this.locale === 'es' ? '(sin asunto)' : '(no subject)');
    // The known colleagues in Cc follow the case; they are known before it opens, so its acknowledgement copies them
    // and answers the customer's message (In-Reply-To).
    const cc = await this.deps.store.transaction((repos) =>
      repos.mailIntake.contactsByEmail(
        tenant.id,
        mail.cc.filter((address) => address !== mail.from),
      ),
    );
    const followers = cc.filter((person) => person.customerId === customer.id && person.id !== contact.id);
    const opened = await openCase({
      deps: this.claiming('opened', (repos, record: CaseRecord) => this.keepOnCase(repos, record.id)),
      caller: this.caller(contact),
      customer: customer.handle,
      followers: followers.map((person) => person.id),
      ...(mail.messageId && { messageId: mail.messageId }),
      ...(priority && { priority }),
      // A reply that lost the case's headers and tag: a new case, marked as possibly about the sender's latest one.
      ...(relatedId && { possiblyRelatedCaseId: relatedId }),
      title,
      description: this.text(),
    });
    if (opened.ok) return { outcome: 'opened', caseRef: opened.value.ref };
    return this.refuseCase(opened.error);
  }

  /**
   * A reply on its case's thread: the customer's message on the case, or their answer to the confirmation the case
   * waits for; a closed case per the policy's reopen rule.
   */
  private async reply(contact: MailContact, found: { id: string; number: number; ref: string; isOpen: boolean }) {
    const text = this.text();
    const files = this.files().map((file) => ({ name: file.name, size: file.content.byteLength }));
    const caller = this.caller(contact);
    const ref = { number: found.number };
    const answer = readConfirmationReply(text);
    const awaited = answer && found.isOpen ? await this.awaitedFrom(contact, found) : undefined;
    if (awaited && answer !== 'unclear') {
      const confirmed = await confirmByCustomer({
        deps: this.claiming('replied', (repos) => this.keepOnCase(repos, found.id)),
        caller,
        ref,
        kind: awaited,
        rejected: answer === 'rejected',
        comment: afterFirstLine(text),
      });
      if (confirmed.ok) return { outcome: 'replied' as const, caseRef: found.ref, reason: `confirmation:${answer}` };
    }
    const added = await addCustomerMessage({
      deps: this.claiming('replied', async (repos) => {
        await this.keepOnCase(repos, found.id);
        // An answer that could not be read as yes or no stays a message; the agent is told it was not recorded.
        if (awaited && answer === 'unclear') {
          const words = ANSWER_WORDS[this.locale];
          const what = confirmationWords[this.locale][awaited] ?? awaited;
          await this.note(repos, found.id, NOTE_WORDS[this.locale].unclearAnswer(what, words.yes, words.no));
        }
      }),
      caller,
      ref,
      text,
      attachments: files,
      ...(this.mail.messageId && { messageId: this.mail.messageId }),
    });
    if (added.ok) return { outcome: 'replied' as const, caseRef: found.ref };
    if (added.error.code !== 'case.already_closed') return this.refuseCase(added.error, found);
    if (this.policy.rules.refuseRepliesOnClosedCases) {
      // jd-services: "no responda para dar las gracias": a thank-you on a closed case gets no answer at all.
      if (isMereThanks(text)) return this.settle('ignored', 'thanks-on-closed-case', found.id);
      return this.refuse('closed-case', found);
    }
    // After a warranty the customer's "ACEPTO" accepts billable work (the rest is the request), but only as an answer
    // to the notice below: a "Sí, gracias" on an old thread must not open paid work.
    const accepted = answer === 'given' && (await this.billableNoticeSent(found));
    const reopened = await reopenCase({
      deps: this.claiming('replied', (repos, result: { case: CaseRecord }) => this.keepOnCase(repos, result.case.id)),
      caller,
      ref,
      reason: accepted ? afterFirstLine(text) : text,
      billable: accepted,
    });
    if (reopened.ok)
      return { outcome: 'replied' as const, caseRef: reopened.value.case.ref, reason: reopened.value.kind };
    if (reopened.error.code === 'case.billable_confirmation_required') {
      const { days, until } = reopened.error.params;
      const reply = billableReply(this.locale, titleFromSubject(this.mail.subject), {
        ref: found.ref,
        days: Number(days),
        until: String(until),
        yes: ANSWER_WORDS[this.locale].accept,
      });
      return this.answer('refused', reopened.error.code, reply, found, false);
    }
    return this.refuseCase(reopened.error, found);
  }

  /** Whether the customer was told, since the case last closed, that new work on it is billable (see reply()). */
  private async billableNoticeSent(found: { id: string; number: number }): Promise<boolean> {
    return this.read(async (repos) => {
      const record = await repos.cases.byNumber(this.tenant.id, found.number);
      const since = record?.closedAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const refusals = await repos.events.forCase(this.tenant.id, found.id, { types: ['refused'] });
      return refusals.some(
        (event) => event.at.getTime() >= since && event.data.code === 'case.billable_confirmation_required',
      );
    });
  }

  /** The confirmation the case waits for, when the sender may give it: its reporter or a follower. */
  private async awaitedFrom(contact: MailContact, found: { id: string; number: number }) {
    return this.read(async (repos) => {
      const record = await repos.cases.byNumber(this.tenant.id, found.number);
      if (!record) return undefined;
      const followers = await repos.followers.list(this.tenant.id, record.id);
      const entitled = record.reporterId === contact.id || followers.some((person) => person.id === contact.id);
      return entitled ? awaitedConfirmation(this.policy, record) : undefined;
    });
  }

  /** A delivery-status report: a note on the case the bounced mail belonged to, the address marked; no reply. */
  private async bounce(): Promise<Received> {
    const report = this.mail.report ?? { messageIds: [], recipients: [] };
    const caseId = report.messageIds.length
      ? await this.read((repos) => repos.mailMessages.caseOf(this.tenant.id, report.messageIds))
      : undefined;
    const found = caseId && (await this.read((repos) => repos.mailIntake.caseById(this.tenant.id, caseId)));
    const mark = async (repos: Repositories) => {
      for (const recipient of report.recipients)
        await repos.mailIntake.markBouncing(this.tenant.id, recipient, this.mail.arrivedAt);
    };
    if (!found) return this.settle('ignored', 'bounce', null, mark);
    const text = NOTE_WORDS[this.locale].bounce(report.recipients.join(', ') || '?');
    const noted = await addNote({
      deps: this.claiming('note', mark),
      caller: this.systemCaller(),
      ref: { number: found.number },
      text,
    });
    if (!noted.ok) return this.settle('ignored', 'bounce', found.id, mark);
    return { outcome: 'note', caseRef: found.ref, reason: 'bounce' };
  }

  /** An out-of-office reply: a note on its case when it answers one; never a case, never a reopening. */
  private async outOfOffice(found: { number: number; ref: string; id: string } | undefined): Promise<Received> {
    if (!found) return this.settle('ignored', 'out-of-office');
    const noted = await addNote({
      deps: this.claiming('note'),
      caller: this.systemCaller(),
      ref: { number: found.number },
      text: NOTE_WORDS[this.locale].outOfOffice(this.mail.from),
    });
    if (!noted.ok) return this.settle('ignored', 'out-of-office', found.id);
    return { outcome: 'note', caseRef: found.ref, reason: 'out-of-office' };
  }

  /** The accepted channel instead of email, at most once per sender per redirect window (as chat does). */
  private async redirect(phase: 'production' | 'implementation'): Promise<Received> {
    const last = await this.read((repos) => repos.mailIntake.lastOutcome(this.tenant.id, this.mail.from, 'redirected'));
    const windowMs = this.policy.channels.redirectWindow * 60_000;
    if (last && this.mail.arrivedAt.getTime() - last.getTime() < windowMs) {
      return this.settle('refused', 'no-email:within-window');
    }
    return this.refuse('no-email', undefined, phase);
  }

  /** A refusal of the door itself, audited, answered (unless a robot sent it). */
  private refuse(refusal: DoorRefusal, found?: { id: string; ref: string }, phase?: 'production' | 'implementation') {
    const reply = doorReply(refusal, {
      policy: this.policy,
      locale: this.locale,
      subject: titleFromSubject(this.mail.subject),
      maxBytes: this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      ...(found && { ref: found.ref }),
      ...(phase && { phase }),
    });
    const outcome = refusal === 'no-email' ? 'redirected' : 'refused';
    return this.answer(outcome, doorRefusalCode(refusal), reply, found);
  }

  /** A refusal a case use case gave (quota, reporter cap, phase): already audited by it; answered in its words. */
  private refuseCase(error: CaseError, found?: { id: string; ref: string }) {
    const reply = caseRefusalReply(
      this.locale,
      titleFromSubject(this.mail.subject),
      describeCaseError(error, this.locale, this.policy),
    );
    return this.answer('refused', error.code, reply, found, false);
  }

  private async answer(
    outcome: IntakeOutcome,
    code: string,
    reply: DoorReply,
    found: { id: string; ref: string } | undefined,
    audit = true,
  ): Promise<Received> {
    const { mail, mailbox, tenant } = this;
    const caseId = found?.id ?? null;
    let replied = false;
    const result = await this.settle(outcome, code, caseId, async (repos) => {
      if (audit) {
        await repos.events.append({
          tenantId: tenant.id,
          caseId,
          type: 'refused',
          at: mail.arrivedAt,
          actor: { kind: 'system' },
          channel: 'email',
          data: {
            useCase: 'email',
            code,
            params: { sender: mail.from, mailbox: mailbox.address },
            summary: `email: ${code}`,
          },
        });
      }
      if (this.robot) return;
      await queueCustomerEmail(repos, this.deps.signingKey, {
        tenantId: tenant.id,
        caseId,
        ...(found && { caseRef: found.ref }),
        kind: 'mail.refusal',
        dedupKey: `mail.refusal:${mailbox.id}:${mail.key}`,
        from: mailbox.fromAddress ?? mailbox.address,
        to: [mail.from],
        subject: reply.subject,
        body: reply.body,
        language: this.locale,
        automatic: true,
        ...(mail.messageId && { inReplyTo: mail.messageId }),
        at: this.deps.clock.now(),
      });
      replied = true;
    });
    return { ...result, replied };
  }

  /** Takes the message with nothing else to do (or `work`) in one transaction. */
  private async settle(
    outcome: IntakeOutcome,
    reason: string,
    caseId: string | null = null,
    work?: (repos: Repositories) => Promise<void>,
  ): Promise<Received> {
    await this.deps.store.transaction(async (repos) => {
      if (!(await repos.mailIntake.claim(this.entry(outcome, caseId)))) throw new AlreadyTaken();
      await work?.(repos);
    });
    return { outcome, reason };
  }

  /**
   * The deps a case use case runs with here: its transaction first claims the message (and ends with `after`, given
   * what the use case produced), and its clock reads the message's arrival, when the SLA clocks start. A refusal's
   * audit, written after the rollback, runs on the plain store.
   */
  private claiming<T>(outcome: IntakeOutcome, after?: (repos: Repositories, value: T) => Promise<void>): CaseDeps {
    const { deps } = this;
    let first = true;
    const store: Store = {
      read: (work) => deps.store.read(work),
      transaction: (work) => {
        if (!first) return deps.store.transaction(work);
        first = false;
        return deps.store.transaction(async (repos) => {
          if (!(await repos.mailIntake.claim(this.entry(outcome, null)))) throw new AlreadyTaken();
          const result = await work(repos);
          const value = result as Outcome<T>;
          if (value && typeof value === 'object' && 'ok' in value && value.ok && after) await after(repos, value.value);
          return result;
        });
      },
    };
    return { ...deps, store, clock: { now: () => this.mail.arrivedAt } };
  }

  /** The message's id and files on the case, and the case on the taken message. */
  private async keepOnCase(repos: Repositories, caseId: string) {
    const { mail, tenant, mailbox } = this;
    await repos.mailIntake.attachCase(mailbox.id, mail.key, caseId);
    if (mail.messageId) {
      await repos.mailMessages.record({
        tenantId: tenant.id,
        caseId,
        messageId: mail.messageId,
        direction: 'in',
        at: mail.arrivedAt,
      });
    }
    for (const file of this.files()) {
      await repos.attachments.insert({
        tenantId: tenant.id,
        caseId,
        eventId: null,
        name: file.name,
        contentType: file.contentType,
        content: file.content,
      });
    }
  }

  /** The id of the sender's latest open case they reported, if any. */
  private async lastOpenCaseOf(contact: MailContact) {
    return this.read(async (repos) => {
      const open = await repos.cases.list(this.tenant.id, {
        filter: { kind: 'open' },
        customerId: contact.customerId,
        limit: 20,
      });
      return open.find((record) => record.reporterId === contact.id)?.id;
    });
  }

  private entry(outcome: IntakeOutcome, caseId: string | null): MailIntakeEntry {
    const { mail } = this;
    return {
      mailboxId: this.mailbox.id,
      messageKey: mail.key,
      tenantId: this.tenant.id,
      sender: mail.from,
      outcome,
      caseId,
      at: mail.arrivedAt,
    };
  }

  /** An internal note on the case (what the door could not do for the customer, said to the agent). */
  private async note(repos: Repositories, caseId: string, text: string) {
    await repos.events.append({
      tenantId: this.tenant.id,
      caseId,
      type: 'note',
      at: this.mail.arrivedAt,
      actor: { kind: 'system' },
      channel: 'email',
      data: { text },
    });
  }

  private caller(contact: MailContact): Caller {
    return { tenantId: this.tenant.id, actor: { kind: 'contact', contactId: contact.id }, channel: 'email' };
  }

  private systemCaller(): Caller {
    return { tenantId: this.tenant.id, actor: { kind: 'system' }, channel: 'email' };
  }

  /** What the customer wrote, within the free-text limit: a longer text is cut, and kept whole in a file (files()). */
  private text(): string {
    return this.fitted().text;
  }

  /** The message's attachments, and the whole text when text() had to cut it. */
  private files(): IncomingMail['attachments'] {
    return this.fitted().files;
  }

  private fitted() {
    if (this.body) return this.body;
    const whole = trimQuotedHistory(this.mail.text);
    // The limit holds after redaction, which the use case does and which may lengthen the text: cut shorter if so.
    let fitted = fitToTextLimit(whole, this.locale);
    const grown = redactSecrets(fitted.text).text.length - INPUT_LIMITS.text;
    if (grown > 0) fitted = fitToTextLimit(whole, this.locale, INPUT_LIMITS.text - grown);
    // The file is stored as it is: its secrets redacted here, like every text of the case.
    const full = fitted.cut ? [fullTextFile(redactSecrets(whole).text, this.locale, MAX_ATTACHMENT_BYTES)] : [];
    this.body = { text: fitted.text, files: [...this.mail.attachments, ...full] };
    return this.body;
  }

  private read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.deps.store.transaction(work);
  }
}

/** What a customer wrote under their answer's first line: the comment that goes with it. */
function afterFirstLine(text: string): string | undefined {
  const lines = text.trim().split('\n');
  return lines.slice(1).join('\n').trim() || undefined;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? '').trim().slice(0, 120);
}
