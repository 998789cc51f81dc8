import type { CaseEventInput, CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { confirmableNow } from '../../domain/case/confirmations.ts';
import { hasMonthlyQuota, monthStart } from '../../domain/case/intake-rules.ts';
import { stateOf } from '../../domain/case/lifecycle.ts';
import type { ConfirmationKind, Policy } from '../../domain/policy/policy.schema.ts';
import { type CustomerDeadline, customerDeadline } from '../../domain/sla/customer-deadline.ts';
import type { SlaClock } from '../../domain/sla/sla.types.ts';
import { type CaseContext, type CaseInput, type CaseRef, findCase, runCaseUseCase } from '../cases/case-context.ts';
import type { AttachmentRecord, TenantRecord } from '../store.port.ts';
import type { CaseRating, PortalPerson } from './portal.port.ts';

// What the portal shows a signed-in contact: their cases (their company's when they may see them) and one case's
// public side. A case the contact may not see is `case.not_found`, exactly like one that does not exist.

/** Cases on one page of "my cases": a contact with hundreds of cases gets pages, not one long table. */
export const PORTAL_PAGE_SIZE = 25;

/** Events the customer sees; notes, assignments, hours and SLA bookkeeping stay with the agents. */
const PUBLIC_EVENTS = [
  'opened',
  'customer_message',
  'replied',
  'waiting',
  'moved',
  'customer_answered',
  'closed',
  'cancelled',
  'overridden',
  'reopened',
  'reopen_as_new_request',
  'estimated',
  'customer_confirmation',
  'confirmation_asked',
  'rated',
];

export interface PortalCaseRow {
  record: CaseRecord;
  /** The next SLA target running on the case (paused or met ones are not promised). */
  next: { target: SlaClock['target']; due: CustomerDeadline } | null;
}

export interface PortalCaseList {
  rows: PortalCaseRow[];
  /** 1-based; `hasNext` says whether a further page has cases. */
  page: number;
  hasNext: boolean;
  /** This month's use of the plan's quota, where the plan has one. */
  quota: { used: number; limit: number } | null;
}

export function nextTarget(policy: Policy, record: CaseRecord): PortalCaseRow['next'] {
  if (!record.isOpen || record.pauses.some((pause) => pause.to === undefined)) return null;
  const running = record.sla
    .filter((clock) => clock.metAt === undefined && clock.dueAt !== undefined)
    .sort((a, b) => a.dueAt! - b.dueAt!)[0];
  const due = running && customerDeadline(policy, record.priority, running);
  return running && due ? { target: running.target, due } : null;
}

/** May this person see this case? Its reporter, or a colleague allowed to see the company's cases. */
export function canSee(person: PortalPerson, record: CaseRecord): boolean {
  if (person.kind !== 'contact') return false;
  return (
    record.reporterId === person.id || (person.seesCompanyCases === true && record.customerId === person.customerId)
  );
}

/** What the portal's reads take: who is signed in, and the tenant the page has read already (not read again). */
export type PortalInput = CaseInput & { person: PortalPerson; tenant?: TenantRecord | undefined };

/** A portal page's read: no transaction (it writes nothing), with the tenant the page has read already. */
function portalRead<T>(name: string, input: PortalInput, work: (context: CaseContext) => Promise<Outcome<T>>) {
  return runCaseUseCase(name, input, work, { readOnly: true, tenant: input.tenant });
}

export function listPortalCases(
  input: PortalInput & { open?: boolean | undefined; page?: number },
): Promise<Outcome<PortalCaseList>> {
  return portalRead('portal-list', input, async (context) => {
    const { person } = input;
    if (person.kind !== 'contact' || !person.customerId) return refuse('case.forbidden', { tenant: context.tenant.id });
    const who = person.seesCompanyCases ? { customerId: person.customerId } : { reporterId: person.id };
    const page = Math.max(1, Math.floor(input.page ?? 1));
    // One row more than a page says whether there is a next one, without counting every case. Sent with the quota's
    // reads: one wait on the database.
    const [records, quota] = await Promise.all([
      context.repos.portal.cases(context.tenant.id, who, {
        limit: PORTAL_PAGE_SIZE + 1,
        offset: (page - 1) * PORTAL_PAGE_SIZE,
        ...(input.open !== undefined && { open: input.open }),
      }),
      quotaOf(context, person.customerId),
    ]);
    return accept({
      rows: records.slice(0, PORTAL_PAGE_SIZE).map((record) => ({ record, next: nextTarget(context.policy, record) })),
      page,
      hasNext: records.length > PORTAL_PAGE_SIZE,
      quota,
    });
  });
}

async function quotaOf(context: CaseContext, customerId: string): Promise<PortalCaseList['quota']> {
  const { policy, repos, tenant, now } = context;
  const customer = await repos.customers.byId(tenant.id, customerId);
  if (!customer || !hasMonthlyQuota(policy, customer.plan)) return null;
  const used = await repos.cases.countOpenedSince(tenant.id, customer.id, monthStart(policy, now));
  return { used, limit: policy.rules.monthlyQuota[customer.plan]! };
}

/** What the new-case form needs to know of the contact's company: its quota and its project phase. */
export function portalIntakeInfo(input: PortalInput) {
  return portalRead('portal-intake', input, async (context) => {
    const customerId = input.person.customerId;
    const customer = customerId ? await context.repos.customers.byId(context.tenant.id, customerId) : undefined;
    if (!customer) return refuse('case.forbidden', { tenant: context.tenant.id });
    // The closed cases a new request may be about: the person's own, or the company's for one who sees them all.
    const closed = await context.repos.cases.list(context.tenant.id, {
      filter: { kind: 'closed' },
      customerId: customer.id,
      limit: 50,
    });
    const closedCases = closed
      .filter((record) => input.person.seesCompanyCases || record.reporterId === input.person.id)
      .map((record) => ({ ref: record.ref, title: record.title }));
    return accept({ quota: await quotaOf(context, customer.id), phase: customer.projectPhase, closedCases });
  });
}

export type CustomerAction =
  | { kind: 'confirm'; confirmation: ConfirmationKind }
  | { kind: 'cancel' }
  | { kind: 'reopen' }
  | { kind: 'rate' };

export interface PortalCaseView {
  record: CaseRecord;
  events: (CaseEventInput & { id: number })[];
  attachments: AttachmentRecord[];
  rating: CaseRating | undefined;
  /** What the customer may do on the case now, per the policy. */
  actions: CustomerAction[];
}

/** What a customer may do on a case in its present state. */
export function customerActions(policy: Policy, record: CaseRecord): CustomerAction[] {
  if (!record.isOpen) {
    const closed = stateOf(policy, record.state)?.kind === 'closed';
    return [
      ...(policy.rules.reopen.mode !== 'new-case' ? [{ kind: 'reopen' as const }] : []),
      ...(closed ? [{ kind: 'rate' as const }] : []),
    ];
  }
  return [
    ...confirmableNow(policy, record).map((confirmation) => ({ kind: 'confirm' as const, confirmation })),
    ...(policy.rules.customerMayCancel ? [{ kind: 'cancel' as const }] : []),
  ];
}

export function portalCase(input: PortalInput & { ref: CaseRef }): Promise<Outcome<PortalCaseView>> {
  return portalRead('portal-show', input, async (context) => {
    const found = await findCase(context, input.ref);
    if (!found.ok) return found;
    const record = found.value;
    if (!canSee(input.person, record)) return refuse('case.not_found', { ref: record.ref, caseId: record.id });
    const { repos, tenant } = context;
    // Only the public events are read: a long case's notes and SLA bookkeeping never leave the database. The three
    // reads are independent: sent together, they cost one wait on the database instead of three.
    const [events, attachments, rating] = await Promise.all([
      repos.events.forCase(tenant.id, record.id, { types: PUBLIC_EVENTS }),
      repos.attachments.list(tenant.id, record.id),
      repos.portal.rating(tenant.id, record.id),
    ]);
    return accept({ record, events, attachments, rating, actions: customerActions(context.policy, record) });
  });
}
