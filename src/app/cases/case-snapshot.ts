import type { CaseRecord } from '../../domain/case/case.types.ts';
import { askedNow } from '../../domain/case/confirmations.ts';
import { stateOf } from '../../domain/case/lifecycle.ts';
import { type Locale, textIn } from '../../domain/policy/localized-text.ts';
import { slaStatus, warningInstant } from '../../domain/sla/case-sla.ts';
import type { SlaStatus } from '../../domain/sla/sla.types.ts';
import type { CaseContext } from './case-context.ts';

/** A case as people see it: names and labels resolved, SLA dues with their status. What cards render. */
export interface CaseSnapshot {
  ref: string;
  number: number;
  title: string;
  customer: string;
  type: string;
  priority: { id: string; label: string };
  state: { id: string; label: string; kind: string };
  isOpen: boolean;
  assignee: string | null;
  openedAt: string;
  /** A closed case's clock is met, breached (it ran past its due) or unmet (it never ran out nor was met). */
  sla: { target: string; dueAt: string | null; status: SlaStatus | 'unmet' }[];
  /** Where the case may go next: the card's move buttons. */
  nextStates: { id: string; label: string; kind: string }[];
  flags: string[];
  /** The hours estimate (minutes) and its note, when an agent gave one. */
  estimate: { minutes: number; note?: string } | null;
  minutesSpent: number;
  /** The customer's confirmations given (or rejected) in this round, and those the state still asks for. */
  confirmations: { kind: string; decision: 'given' | 'rejected'; via: string; at: string }[];
  pendingConfirmations: string[];
  /** The earlier case this one is about, and whether it is billable consulting work (arcoirisapp after a warranty). */
  about: string | null;
  billable: boolean;
  /** A case opened by email: who wrote it, as the card shows it (issue 16: the card names its channel and sender). */
  emailSender?: string;
  /** The earlier case this one may be about (its ref): an email reply that lost the case's headers and tag. */
  possiblyRelated?: string;
}

/** Labels in `locale` (the reading agent's), else the policy's: cards posted to channels are in the tenant's. */
export async function caseSnapshot(
  context: CaseContext,
  record: CaseRecord,
  locale: Locale = context.policy.locale,
): Promise<CaseSnapshot> {
  const { policy } = context;
  const label = (text: Parameters<typeof textIn>[0]) => textIn(text, locale, policy.locale);
  // What this transaction has read already is not read again.
  const customer =
    context.customer?.id === record.customerId
      ? context.customer
      : await context.repos.customers.byId(context.tenant.id, record.customerId);
  const known = [context.agent, context.assignee].find((agent) => agent && agent.id === record.assigneeId);
  const assignee = !record.assigneeId
    ? undefined
    : (known ?? (await context.repos.agents.byId(context.tenant.id, record.assigneeId)));
  const priority = policy.priorities.find((p) => p.id === record.priority);
  const state = stateOf(policy, record.state);
  const calendar = context.deps.policies.calendar(policy, record.priority);
  const warnAt = policy.routing.warnAt[0];
  const now = context.now.getTime();
  const type = policy.caseTypes.find((t) => t.id === record.type);
  const reporter =
    record.openedVia === 'email' && record.reporterId
      ? await context.repos.contacts.byId(context.tenant.id, record.reporterId)
      : undefined;
  const related = record.possiblyRelatedCaseId
    ? await context.repos.mailIntake.caseById(context.tenant.id, record.possiblyRelatedCaseId)
    : undefined;
  return {
    ref: record.ref,
    number: record.number,
    title: record.title,
    customer: customer?.name ?? record.customerId,
    type: type ? label(type.label) : record.type,
    priority: { id: record.priority, label: priority ? label(priority.label) : record.priority },
    state: { id: record.state, label: state ? label(state.label) : record.state, kind: state?.kind ?? 'active' },
    isOpen: record.isOpen,
    assignee: assignee?.name ?? null,
    openedAt: record.openedAt.toISOString(),
    sla: record.sla.map((clock) => ({
      target: clock.target,
      dueAt: clock.dueAt === undefined ? null : new Date(clock.dueAt).toISOString(),
      status: record.isOpen
        ? slaStatus(clock, now, record.pauses, warnAt && warningInstant(clock, calendar, record.pauses, warnAt))
        : clock.metAt !== undefined
          ? 'met'
          : clock.dueAt !== undefined && clock.dueAt <= (record.closedAt ?? context.now).getTime()
            ? 'breached'
            : 'unmet',
    })),
    nextStates: (state?.next ?? []).map((id) => {
      const next = stateOf(policy, id);
      return { id, label: next ? label(next.label) : id, kind: next?.kind ?? 'active' };
    }),
    flags: [
      ...(record.languageFlagged ? ['language'] : []),
      ...(type?.urgent ? ['urgent'] : []),
      ...(type?.scheduling === 'next-sprint' ? ['next-sprint'] : []),
      ...(record.escalationLevel > 0 ? [`escalated:${record.escalationLevel}`] : []),
    ],
    estimate: record.estimate && {
      minutes: record.estimate.minutes,
      ...(record.estimate.note !== undefined && { note: record.estimate.note }),
    },
    minutesSpent: record.minutesSpent,
    confirmations: Object.entries(record.confirmations).map(([kind, c]) => ({
      kind,
      decision: c.decision,
      via: c.via,
      at: c.at,
    })),
    pendingConfirmations: record.isOpen
      ? askedNow(policy, record).filter((kind) => record.confirmations[kind]?.decision !== 'given')
      : [],
    about: record.aboutRef,
    billable: record.billable,
    ...(reporter && { emailSender: reporter.email ? `${reporter.name} <${reporter.email}>` : reporter.name }),
    ...(related && { possiblyRelated: related.ref }),
  };
}
