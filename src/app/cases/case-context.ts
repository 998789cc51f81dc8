import type { Actor, CaseRecord, Channel } from '../../domain/case/case.types.ts';
import { type CaseError, type Outcome, refuse } from '../../domain/case/case-error.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Clock } from '../clock.port.ts';
import type { MetricsPort } from '../ops/metrics.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import {
  type AgentRecord,
  CaseChangedError,
  type ChannelDestination,
  type CustomerRecord,
  type Repositories,
  type Store,
  type TenantRecord,
} from '../store.port.ts';

/** What every case use case is given: its dependencies, one object. */
export interface CaseDeps {
  store: Store;
  clock: Clock;
  policies: PolicyBook;
  /** Signs what Portero sends out and must recognize when it comes back (Message-IDs, portal links). */
  signingKey: Uint8Array;
  /** PORTERO_PUBLIC_URL without a trailing slash: the base of the links written to customers (portalLink). */
  publicUrl: string;
  /** Counts what happened for /metrics; nothing is counted without it (CLI commands, most tests). */
  metrics?: MetricsPort;
}

/** Who acts, for which tenant, through which channel. */
export interface Caller {
  tenantId: string;
  actor: Actor;
  channel: Channel;
}

/** A case as agents name it: `ITBX-42` or just 42 within the tenant. */
export interface CaseRef {
  prefix?: string;
  number: number;
}

export interface CaseContext {
  repos: Repositories;
  deps: CaseDeps;
  tenant: TenantRecord;
  policy: Policy;
  now: Date;
  caller: Caller;
  /** The acting agent, when the actor is one (verified to belong to the tenant). */
  agent?: AgentRecord;
  /** The customer of the case being changed, when the use case has read it already (open-case): cards reuse it. */
  customer?: CustomerRecord | undefined;
  /** The case's assignee as it was read with the case (findCase): cards reuse it while it is still the assignee. */
  assignee?: AgentRecord | undefined;
  /** The case as findCase read it (or as this context last wrote it): its change writes only the columns that moved. */
  caseAsRead?: CaseRecord;
  /**
   * The tenant's agent channels by routing name, read with the tenant: a change routed to a name bound nowhere builds
   * no card. Undefined when not read (the SLA monitor's context): the card is always built then, and the write reads
   * where it goes. Not read either for a contact's read that brought its tenant: it changes nothing.
   */
  agentChannels?: ReadonlyMap<string, ChannelDestination[]>;
}

/** What every case use case takes besides its own fields: its dependencies and who acts. */
export interface CaseInput {
  deps: CaseDeps;
  caller: Caller;
}

/**
 * Resolves tenant, policy and acting agent; an agent of another tenant is refused like an unknown one. A contact's
 * read that comes with its tenant (`known`) reads nothing here: it needs no agent and builds no card.
 */
async function openContext(
  deps: CaseDeps,
  repos: Repositories,
  caller: Caller,
  known: TenantRecord | undefined,
): Promise<Outcome<CaseContext>> {
  const { actor } = caller;
  const found =
    known?.id === caller.tenantId && actor.kind === 'contact'
      ? { tenant: known, agent: undefined, agentChannels: undefined }
      : await repos.tenants.forCaseWork(caller.tenantId, actor.kind === 'agent' ? actor.agentId : undefined);
  if (!found) return refuse('tenant.not_found', { tenant: caller.tenantId });
  const { tenant, agent } = found;
  const policy = deps.policies.policy(tenant.policyId);
  if (!policy) return refuse('policy.unknown', { policy: tenant.policyId });
  const context: CaseContext = { repos, deps, tenant, policy, now: deps.clock.now(), caller };
  if (found.agentChannels) {
    const agentChannels = new Map<string, ChannelDestination[]>();
    for (const { name, platform, conversationId } of found.agentChannels) {
      agentChannels.set(name, [...(agentChannels.get(name) ?? []), { platform, conversationId }]);
    }
    context.agentChannels = agentChannels;
  }
  if (actor.kind === 'agent') {
    // A removed agent keeps their name on old cases but does no more work.
    if (!agent || agent.deactivatedAt) return refuse('case.forbidden', { tenant: tenant.id });
    context.agent = agent;
  }
  return { ok: true, value: context };
}

/** The case named by `ref` within the context's tenant only; a prefix of another tenant finds nothing. */
export async function findCase(
  context: CaseContext,
  ref: CaseRef,
  options: { forUpdate?: boolean } = {},
): Promise<Outcome<CaseRecord>> {
  const label = `${ref.prefix ? `${ref.prefix.toUpperCase()}-` : ''}${ref.number}`;
  if (ref.prefix && ref.prefix.toUpperCase() !== context.tenant.casePrefix.toUpperCase()) {
    return refuse('case.not_found', { ref: label });
  }
  const found = await context.repos.cases.withPeople(context.tenant.id, ref.number, options);
  if (!found) return refuse('case.not_found', { ref: label });
  // Read with the case so that its card reads nothing more.
  context.customer = found.customer;
  context.assignee = found.assignee;
  context.caseAsRead = found.record;
  return { ok: true, value: found.record };
}

/**
 * Runs a use case in one transaction. A refusal is itself an audit event (so a manager can see why), written in a
 * transaction of its own after the work's rollback: the refused change leaves nothing else behind. A use case that
 * only reads (`readOnly`: the portal's pages) runs without one: two round trips fewer, nothing to roll back. Such a
 * read may bring the `tenant` its caller has just read for the same request: it is not read again.
 */
export async function runCaseUseCase<T>(
  name: string,
  { deps, caller }: CaseInput,
  work: (context: CaseContext) => Promise<Outcome<T>>,
  options: { readOnly?: boolean; tenant?: TenantRecord | undefined } = {},
): Promise<Outcome<T>> {
  let refusal: CaseError | undefined;
  const unit = <R>(run: (repos: Repositories) => Promise<R>) =>
    options.readOnly ? deps.store.read(run) : deps.store.transaction(run);
  const result = await unit(async (repos) => {
    const opened = await openContext(deps, repos, caller, options.readOnly ? options.tenant : undefined);
    // A caller turned away (an agent of another tenant) is a refusal like any other: audited too.
    const outcome = opened.ok ? await work(opened.value) : opened;
    if (!outcome.ok) {
      refusal = outcome.error;
      throw new RefusedSignal();
    }
    return outcome;
  }).catch((error: unknown) => {
    if (error instanceof CaseChangedError)
      refusal = { code: 'case.changed', params: { ref: error.ref, caseId: error.caseId } };
    else if (!(error instanceof RefusedSignal && refusal)) throw error;
    return refuse(refusal.code, refusal.params);
  });
  if (!result.ok && refusal && result.error.code !== 'tenant.not_found') {
    await recordRefusal(deps, caller, name, result.error);
  }
  deps.metrics?.caseUseCase({
    // A tenant that does not exist is no label: it came from the caller, and label values must stay a known set.
    tenant: !result.ok && result.error.code === 'tenant.not_found' ? '' : caller.tenantId,
    channel: caller.channel,
    useCase: name,
    ...(result.ok ? { outcome: 'done' } : { outcome: 'refused', code: result.error.code }),
  });
  return result;
}
class RefusedSignal extends Error {}

async function recordRefusal(deps: CaseDeps, caller: Caller, useCase: string, error: CaseError): Promise<void> {
  await deps.store.transaction(async (repos) => {
    if (!(await repos.tenants.get(caller.tenantId))) return;
    await repos.events.append({
      tenantId: caller.tenantId,
      caseId: typeof error.params.caseId === 'string' ? error.params.caseId : null,
      type: 'refused',
      at: deps.clock.now(),
      actor: caller.actor,
      channel: caller.channel,
      data: { useCase, code: error.code, params: error.params, summary: `${useCase}: ${error.code}` },
    });
  });
}
