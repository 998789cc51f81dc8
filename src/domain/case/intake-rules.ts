import { DateTime } from 'luxon';
import { knownTarget } from '../policy/policy.assumptions.ts';
import { type CaseTypeDefinition, type Policy, PROJECT_PHASES, type ProjectPhase } from '../policy/policy.schema.ts';
import { accept, type Outcome, refuse } from './case-error.ts';

// The policy's rules at intake. Each answers with a value: the caller records the decision as an audit event.

/** Start of the calendar month containing `now`, in the tenant's zone (quotas are per calendar month). */
export function monthStart(policy: Policy, now: Date): Date {
  return DateTime.fromJSDate(now, { zone: policy.timezone }).startOf('month').toJSDate();
}

export const hasMonthlyQuota = (policy: Policy, plan: string) => policy.rules.monthlyQuota[plan] !== undefined;

export function checkMonthlyQuota(policy: Policy, plan: string, openedThisMonth: number): Outcome<{ limit?: number }> {
  const limit = policy.rules.monthlyQuota[plan];
  if (limit === undefined) return accept({});
  if (openedThisMonth >= limit) return refuse('policy.quota_exceeded', { plan, limit, used: openedThisMonth });
  return accept({ limit });
}

/** A customer's plan must be one the policy sells: a typo would otherwise mean "no quota". None given: the first. */
export function checkCustomerPlan(policy: Policy, plan: string | undefined): Outcome<string> {
  const plans = policy.rules.plans;
  if (plan === undefined) return accept(plans[0]!);
  return plans.includes(plan) ? accept(plan) : refuse('customer.invalid_plan', { field: 'plan', plan, plans });
}

/** A customer's project phase decides which channels they are sent to (Azure DevOps during implementation). */
export function checkProjectPhase(phase: string | undefined): Outcome<ProjectPhase> {
  if (phase === undefined) return accept('production');
  return (PROJECT_PHASES as readonly string[]).includes(phase)
    ? accept(phase as ProjectPhase)
    : refuse('customer.invalid_phase', { field: 'phase', phase, phases: [...PROJECT_PHASES] });
}

/**
 * Where a customer's project phase has channels of its own (crosspoint365: Azure DevOps in implementation, the portal
 * and email in production), a request the customer makes elsewhere is refused, naming the channel and how its types
 * are handled (`case.wrong_channel_for_phase`); and a type reserved to other phases (crosspoint365's bug and
 * requirement: implementation) is refused for anyone (`case.type_not_for_phase`). Agents may still record a request
 * of an implementation customer: the team's own copy of what arrived in Azure DevOps.
 */
export function checkPhaseIntake(
  policy: Policy,
  request: { phase: ProjectPhase; type: CaseTypeDefinition; via: string; byCustomer: boolean },
): Outcome<null> {
  const { phase, type, via, byCustomer } = request;
  const phased = policy.channels.accepted.filter((channel) => channel.phases?.includes(phase));
  if (byCustomer && phased.length > 0 && !phased.some((channel) => channel.kind === via)) {
    const forPhase = policy.caseTypes.filter((t) => t.phases?.includes(phase));
    return refuse('case.wrong_channel_for_phase', {
      phase,
      via,
      channels: phased.map((channel) => channel.kind),
      urls: phased.flatMap((channel) => knownTarget(channel) ?? []),
      urgentTypes: forPhase.filter((t) => t.urgent).map((t) => t.id),
      nextSprintTypes: forPhase.filter((t) => t.scheduling === 'next-sprint').map((t) => t.id),
    });
  }
  if (type.phases && !type.phases.includes(phase)) {
    return refuse('case.type_not_for_phase', {
      type: type.id,
      phase,
      phases: type.phases,
      types: policy.caseTypes.filter((t) => !t.phases || t.phases.includes(phase)).map((t) => t.id),
    });
  }
  return accept(null);
}

/** A new reporter for a company that already has the policy's maximum is refused. */
export function checkReporterLimit(policy: Policy, currentReporters: number): Outcome<{ limit?: number }> {
  const limit = policy.rules.maxReportersPerCustomer;
  if (limit === undefined) return accept({});
  if (currentReporters >= limit) return refuse('policy.reporter_limit', { limit, current: currentReporters });
  return accept({ limit });
}

export type ReopenDecision = { kind: 'reopen'; billable: false } | { kind: 'new-request'; billable: boolean };

/** Whether a closed case may be reopened now, per the policy's reopen rule. */
export function decideReopen(policy: Policy, closedAt: Date, now: Date): Outcome<ReopenDecision> {
  const rule = policy.rules.reopen;
  const daysSinceClose = (now.getTime() - closedAt.getTime()) / 86_400_000;
  switch (rule.mode) {
    case 'always':
      return accept({ kind: 'reopen', billable: false });
    case 'new-case':
      return refuse('case.reopen_not_allowed', { rule: 'new-case' });
    case 'within-days':
      return daysSinceClose <= rule.withinDays
        ? accept({ kind: 'reopen', billable: false })
        : refuse('case.reopen_window_passed', { days: rule.withinDays });
    case 'warranty':
      // Within the warranty the requester disputes the solution at no cost; after it, the request is new and billable.
      return daysSinceClose <= rule.withinDays
        ? accept({ kind: 'reopen', billable: false })
        : accept({ kind: 'new-request', billable: true });
  }
}

/** The day a warranty ends (in the policy's zone) and its length, for the notices that name them. */
export function warrantyEnd(policy: Policy, closedAt: Date): { days: number; until: string } {
  const rule = policy.rules.reopen;
  const days = rule.mode === 'warranty' ? rule.withinDays : 0;
  return { days, until: DateTime.fromJSDate(closedAt, { zone: policy.timezone }).plus({ days }).toISODate()! };
}

export type AboutDecision = { kind: 'related' } | { kind: 'reopen-instead' } | { kind: 'billable' };

/**
 * A new case that names an earlier case of the same customer is judged as a reopen of it would be (decideReopen):
 * under a warranty (arcoirisapp) it is the reopen of that case while the warranty runs, and billable work after it.
 * Under any other rule, or about a case still open, it is only linked to it.
 */
export function decideAbout(policy: Policy, earlier: { isOpen: boolean; closedAt: Date }, now: Date): AboutDecision {
  if (earlier.isOpen || policy.rules.reopen.mode !== 'warranty') return { kind: 'related' };
  const decision = decideReopen(policy, earlier.closedAt, now);
  if (!decision.ok) return { kind: 'related' };
  if (decision.value.kind === 'reopen') return { kind: 'reopen-instead' };
  return decision.value.billable ? { kind: 'billable' } : { kind: 'related' };
}

/** A customer reply on a closed case, where the policy refuses them (jd-services: open a new case). */
export function checkReplyOnClosed(policy: Policy, isOpen: boolean): Outcome<null> {
  if (!isOpen && policy.rules.refuseRepliesOnClosedCases) return refuse('case.reply_on_closed', {});
  return accept(null);
}

/** Flag, never refuse, a case written in another language than the policy requires. */
export function languageFlagged(policy: Policy, language: 'es' | 'en' | 'unknown'): boolean {
  const required = policy.rules.requiredLanguage;
  return required !== undefined && language !== 'unknown' && language !== required;
}
