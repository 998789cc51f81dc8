import type { CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type CaseError, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { findCaseType, findPriority, mostSeverePriority } from '../../domain/case/case-fields.ts';
import {
  checkMonthlyQuota,
  checkPhaseIntake,
  decideAbout,
  hasMonthlyQuota,
  languageFlagged,
  monthStart,
  warrantyEnd,
} from '../../domain/case/intake-rules.ts';
import { parseCaseRef } from '../../domain/chat/command-arguments.ts';
import { detectLanguage } from '../../domain/chat/language.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { checkText, checkTitle } from '../../domain/input/input-rules.ts';
import type { ContactRecord, CustomerRecord } from '../store.port.ts';
import { type CaseContext, type CaseInput, runCaseUseCase } from './case-context.ts';
import { commitChange } from './commit-change.ts';
import { acknowledgeOpening } from './customer-notices.ts';

export interface OpenCaseInput {
  /** The customer company's handle. */
  customer: string;
  /** The reporting contact's handle; a contact opening their own case is their own reporter. */
  reporter?: string;
  priority?: string;
  type?: string;
  title: string;
  description?: string;
  /** Contacts (ids) who follow the case from its opening: the known people in Cc of the email that opened it. */
  followers?: string[];
  /** The Message-ID (without angle brackets) of the customer's email that opened it: the acknowledgement answers it. */
  messageId?: string;
  /** An earlier case of the same customer this request is about (`ARCO-1` or `1`): judged by the reopen rule. */
  about?: string;
  /** The customer accepted that a request about a case past its warranty is billable consulting work. */
  billable?: boolean;
  /** The earlier open case (id) of the same tenant this one may be about: the email door's guess, shown to agents. */
  possiblyRelatedCaseId?: string;
}

/** Opens a case with every intake rule of the tenant's policy applied; refusals are values with codes. */
export function openCase({ deps, caller, ...input }: CaseInput & OpenCaseInput): Promise<Outcome<CaseRecord>> {
  return runCaseUseCase('open', { deps, caller }, (context) => openInContext(context, input));
}

/**
 * `linked`: the case a late reopen turned into a new request (reopen-case.ts), already judged by the reopen rule;
 * `input.about` is the same link named by an intake, judged here by the same rule (decideAbout). Billable work is
 * outside the monthly quota.
 */
export async function openInContext(
  context: CaseContext,
  input: OpenCaseInput,
  linked?: { aboutRef: string; billable: boolean },
): Promise<Outcome<CaseRecord>> {
  const { repos, tenant, policy, now } = context;
  // The tenant row's lock, taken with the number, makes racing opens of the tenant take turns: each counts the cases
  // the others committed, so the quota cannot be overrun; a refusal rolls the number back: no gap.
  if (tenant.deactivatedAt) return inactive('tenant', tenant.id, tenant.deactivatedAt);
  // Agents may name the reporting contact instead of the company (`/case new B luis …`): both are known then. Sent
  // together (one round trip): the customer is read after the number's lock is taken either way.
  const [number, named] = await Promise.all([
    repos.tenants.allocateCaseNumber(tenant.id),
    repos.customers.withReporters(tenant.id, input.customer),
  ]);
  const namedContact = named ? undefined : await repos.contacts.byHandle(tenant.id, input.customer);
  const customer =
    named?.customer ?? (namedContact && (await repos.customers.byId(tenant.id, namedContact.customerId)));
  if (!customer) return refuse('case.customer_not_found', { customer: input.customer });
  if (customer.deactivatedAt) return inactive('customer', customer.handle, customer.deactivatedAt);
  context.customer = customer;

  // A company named by its handle came with its reporters; one named through a contact has that contact.
  const reporter = await findReporter(
    context,
    input.reporter ?? namedContact?.handle,
    customer,
    named?.reporters ?? [],
  );
  if (reporter && !reporter.ok) return reporter;
  const reporterContact = reporter?.value;
  if (reporterContact && reporterContact.customerId !== customer.id) {
    return refuse('case.contact_not_found', { contact: reporterContact.handle, customer: customer.handle });
  }
  if (reporterContact?.deactivatedAt) return inactive('contact', reporterContact.handle, reporterContact.deactivatedAt);
  if (reporterContact && !reporterContact.isReporter) {
    return refuse('policy.not_a_reporter', { contact: reporterContact.handle, customer: customer.handle });
  }

  const about = linked ?? (input.about ? await judgeAbout(context, input.about, customer, input.billable) : undefined);
  if (about && 'ok' in about) return about;
  const billable = about?.billable ?? false;

  const requestedPriority = input.priority
    ? findPriority(policy, input.priority)
    : findPriority(policy, policy.defaultPriority);
  if (!requestedPriority) {
    return refuse('case.unknown_priority', {
      priority: input.priority ?? '',
      priorities: policy.priorities.map((p) => p.id),
    });
  }
  const type = input.type ? findCaseType(policy, input.type) : policy.caseTypes[0];
  if (!type) return refuse('case.unknown_type', { type: input.type ?? '', types: policy.caseTypes.map((t) => t.id) });
  const phased = checkPhaseIntake(policy, {
    phase: customer.projectPhase,
    type,
    via: context.caller.channel,
    byCustomer: context.caller.actor.kind === 'contact' || context.caller.actor.kind === 'customer',
  });
  if (!phased.ok) return refuse(phased.error.code, { ...phased.error.params, customer: customer.handle });
  const title = redactSecrets(input.title.trim());
  if (!title.text) return refuse('case.empty_text', { field: 'title' });
  const titleRule = checkTitle('title', title.text);
  if (!titleRule.ok) return titleRule;

  // Counted after the number was taken (see above). A plan without a quota has nothing to count (itbx), and billable
  // work is not counted against it (arcoirisapp: "serán descontadas de las horas de consultoría o facturables").
  const used =
    hasMonthlyQuota(policy, customer.plan) && !billable
      ? await repos.cases.countOpenedSince(tenant.id, customer.id, monthStart(policy, now))
      : 0;
  const quota = billable ? accept({ limit: undefined }) : checkMonthlyQuota(policy, customer.plan, used);
  if (!quota.ok) return refuse(quota.error.code, { ...quota.error.params, customer: customer.handle });

  // Urgent types (crosspoint365 implementation bugs) are handled at the most severe priority; checkPhaseIntake has
  // already refused a type reserved to another phase.
  const urgent = type.urgent;
  const priority = urgent ? mostSeverePriority(policy) : requestedPriority;
  const description = redactSecrets(input.description?.trim() ?? '');
  const descriptionRule = description.text ? checkText('description', description.text) : undefined;
  if (descriptionRule && !descriptionRule.ok) return descriptionRule;
  const language = detectLanguage(`${title.text}\n${description.text}`);
  const record: CaseRecord = {
    id: '',
    tenantId: tenant.id,
    number,
    ref: `${tenant.casePrefix}-${number}`,
    customerId: customer.id,
    reporterId: reporterContact?.id ?? null,
    title: title.text,
    description: description.text,
    type: type.id,
    priority: priority.id,
    state: policy.lifecycle.initial,
    isOpen: true,
    assigneeId: null,
    language,
    languageFlagged: languageFlagged(policy, language),
    openedVia: context.caller.channel,
    openedAt: now,
    updatedAt: now,
    firstRespondedAt: null,
    lastAgentUpdateAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    reopenedAt: null,
    reopenCount: 0,
    contactAttempts: 0,
    contactLog: [],
    escalationLevel: 0,
    pauses: [],
    sla: [],
    nextDueAt: null,
    estimate: null,
    confirmations: {},
    askedConfirmations: [],
    minutesSpent: 0,
    billable,
    aboutRef: about?.aboutRef ?? null,
    ...(input.possiblyRelatedCaseId && { possiblyRelatedCaseId: input.possiblyRelatedCaseId }),
    version: 1,
  };
  const redactions = [...title.redactions, ...description.redactions];
  const committed = await commitChange(
    context,
    record,
    {
      type: 'opened',
      summary: `${record.ref} ${record.title}`,
      data: {
        priority: priority.id,
        type: type.id,
        quota: quota.value.limit === undefined ? null : { used: used + 1, limit: quota.value.limit },
        ...(about && { about: about.aboutRef }),
        ...(billable && { billable: { from: about?.aboutRef } }),
        ...(urgent && { urgentType: { type: type.id, requested: requestedPriority.id } }),
        ...(record.languageFlagged && {
          languageFlagged: { detected: language, required: policy.rules.requiredLanguage },
        }),
        ...(redactions.length > 0 && { redactions }),
      },
    },
    { insert: true },
  );
  const opened = committed.record;
  if (input.followers?.length) await repos.followers.add(tenant.id, opened.id, input.followers);
  if (input.messageId) {
    await repos.mailMessages.record({
      tenantId: tenant.id,
      caseId: opened.id,
      messageId: input.messageId,
      direction: 'in',
      at: now,
    });
  }
  // Whatever the surface, the customer hears that their case exists, and its number, in this same transaction.
  await acknowledgeOpening(context, opened, { reporter: reporterContact, redacted: redactions.length > 0 });
  return accept(opened);
}

/**
 * The earlier case a request names: this customer's, else not found (another customer's case is not disclosed).
 * Within its warranty the request is its reopen; after it, billable work the customer must have accepted first.
 */
async function judgeAbout(
  context: CaseContext,
  about: string,
  customer: CustomerRecord,
  accepted: boolean | undefined,
): Promise<{ aboutRef: string; billable: boolean } | Refused> {
  const ref = parseCaseRef(about);
  const earlier = ref && (await context.repos.cases.byNumber(context.tenant.id, ref.number));
  const samePrefix = !ref?.prefix || ref.prefix.toUpperCase() === context.tenant.casePrefix.toUpperCase();
  if (!earlier || !samePrefix || earlier.customerId !== customer.id)
    return refuse('case.not_found', { ref: about, field: 'about' });
  const closedAt = earlier.closedAt ?? earlier.updatedAt;
  const decision = decideAbout(context.policy, { isOpen: earlier.isOpen, closedAt }, context.now);
  const warranty = () => warrantyEnd(context.policy, closedAt);
  if (decision.kind === 'reopen-instead')
    return refuse('case.about_within_warranty', { ref: earlier.ref, ...warranty(), caseId: earlier.id });
  if (decision.kind === 'billable' && !accepted) {
    return refuse('case.billable_confirmation_required', {
      ref: earlier.ref,
      ...warranty(),
      confirm: 'new',
      caseId: earlier.id,
    });
  }
  return { aboutRef: earlier.ref, billable: decision.kind === 'billable' };
}
type Refused = { ok: false; error: CaseError };

/** A removed customer, reporter or tenant opens no new case; its old cases stay as they were. */
const inactive = (kind: 'tenant' | 'customer' | 'contact', handle: string, since: Date) =>
  refuse('directory.inactive', { kind, handle, since: since.toISOString().slice(0, 10) });

async function findReporter(
  context: CaseContext,
  handle: string | undefined,
  customer: CustomerRecord,
  reporters: ContactRecord[],
) {
  const { repos, tenant, caller } = context;
  if (caller.actor.kind === 'contact') {
    const self = await repos.contacts.byId(tenant.id, caller.actor.contactId);
    return self ? accept(self) : refuse('case.contact_not_found', { contact: caller.actor.contactId });
  }
  if (!handle) {
    // A company with a single reporter has no one else the case could be for; one with none may still have a case
    // an agent logs on its behalf. Among several, a guess would send every reply to the wrong person, and no
    // reporter at all would leave the case with no one to reply to: the agent names one.
    if (reporters.length > 1) {
      return refuse('case.reporter_required', {
        field: 'reporter',
        customer: customer.handle,
        reporters: reporters.map((contact) => contact.handle),
      });
    }
    return reporters.length === 1 ? accept(reporters[0]!) : undefined;
  }
  const contact = await repos.contacts.byHandle(tenant.id, handle);
  return contact ? accept(contact) : refuse('case.contact_not_found', { contact: handle });
}
