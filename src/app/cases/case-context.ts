import type { Actor, CaseRecord, Channel } from '../../domain/case/case.types.ts';
import { type CaseError, type Outcome, refuse } from '../../domain/case/case-error.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Clock } from '../clock.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import type { AgentRecord, CustomerRecord, Repositories, Store, TenantRecord } from '../store.port.ts';

/** What every case use case is given: its dependencies, one object. */
export interface CaseDeps {
  store: Store;
  clock: Clock;
  policies: PolicyBook;
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
  /**
   * The routing names the tenant's agent channels are bound to, read with the tenant: a change routed elsewhere
   * builds no card. Undefined when not read (the SLA monitor's context): the card is always built then.
   */
  agentChannels?: ReadonlySet<string>;
}

/** Resolves tenant, policy and acting agent; an agent of another tenant is refused like an unknown one. */
export async function openContext(deps: CaseDeps, repos: Repositories, caller: Caller): Promise<Outcome<CaseContext>> {
  // One read for the tenant and the acting agent: every use case starts here, so each round trip saved counts.
  const { actor } = caller;
  const found = await repos.tenants.forCaseWork(caller.tenantId, actor.kind === 'agent' ? actor.agentId : undefined);
  if (!found) return refuse('tenant.not_found', { tenant: caller.tenantId });
  const { tenant, agent } = found;
  const policy = deps.policies.policy(tenant.policyId);
  if (!policy) return refuse('policy.unknown', { policy: tenant.policyId });
  const agentChannels = new Set(found.agentChannels);
  const context: CaseContext = { repos, deps, tenant, policy, now: deps.clock.now(), caller, agentChannels };
  if (actor.kind === 'agent') {
    if (!agent) return refuse('case.forbidden', { tenant: tenant.id });
    context.agent = agent;
  }
  return { ok: true, value: context };
}

export type CaseRead = ReturnType<Repositories['cases']['withPeople']>;

/** The read of the case `ref` names, with its people: a read-ahead for `runCaseUseCase` (findCase then uses it). */
export const readCase =
  (ref: CaseRef, options: { forUpdate?: boolean } = {}) =>
  (repos: Repositories, tenantId: string): CaseRead =>
    repos.cases.withPeople(tenantId, ref.number, options);

/**
 * The case named by `ref` within the context's tenant only; a prefix of another tenant finds nothing. `read` is the
 * read of it already started (`readCase`); without one it is read now.
 */
export async function findCase(
  context: CaseContext,
  ref: CaseRef,
  options: { forUpdate?: boolean } = {},
  read: CaseRead = readCase(ref, options)(context.repos, context.tenant.id),
): Promise<Outcome<CaseRecord>> {
  const label = `${ref.prefix ? `${ref.prefix.toUpperCase()}-` : ''}${ref.number}`;
  const found = await read;
  if (ref.prefix && ref.prefix.toUpperCase() !== context.tenant.casePrefix.toUpperCase()) {
    return refuse('case.not_found', { ref: label });
  }
  if (!found) return refuse('case.not_found', { ref: label });
  // Read with the case so that its card reads nothing more.
  context.customer = found.customer;
  context.assignee = found.assignee;
  return { ok: true, value: found.record };
}

/**
 * A use case on the case `ref` names: the case is read with the tenant (one round trip), locked with `forUpdate`,
 * and one not found is refused before `work` runs.
 */
export function runOnCase<T>(
  deps: CaseDeps,
  caller: Caller,
  name: string,
  ref: CaseRef,
  options: { forUpdate?: boolean },
  work: (context: CaseContext, record: CaseRecord) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const onCase = async (context: CaseContext, ahead?: CaseRead): Promise<Outcome<T>> => {
    const found = await findCase(context, ref, options, ahead);
    return found.ok ? work(context, found.value) : found;
  };
  return runCaseUseCase(deps, caller, name, onCase, readCase(ref, options));
}

/**
 * Runs a use case in one transaction. A refusal is itself an audit event (so a manager can see why), written in a
 * transaction of its own after the work's rollback: the refused change leaves nothing else behind.
 */
export async function runCaseUseCase<T, A = undefined>(
  deps: CaseDeps,
  caller: Caller,
  name: string,
  work: (context: CaseContext, ahead: Promise<A> | undefined) => Promise<Outcome<T>>,
  readAhead?: (repos: Repositories, tenantId: string) => Promise<A>,
): Promise<Outcome<T>> {
  let refusal: CaseError | undefined;
  const result = await deps.store
    .transaction(async (repos) => {
      const context = openContext(deps, repos, caller);
      // Started before the context's read is answered, so both travel in one round trip. It reads the caller's
      // tenant only, and a caller turned away never sees it; its failure surfaces where the work awaits it.
      const ahead = readAhead?.(repos, caller.tenantId);
      ahead?.catch(() => {});
      const opened = await context;
      // A caller turned away (an agent of another tenant) is a refusal like any other: audited too.
      const outcome = opened.ok ? await work(opened.value, ahead) : opened;
      if (!outcome.ok) {
        refusal = outcome.error;
        throw new RefusedSignal();
      }
      return outcome;
    })
    .catch((error: unknown) => {
      if (error instanceof RefusedSignal && refusal) return refuse(refusal.code, refusal.params);
      throw error;
    });
  if (!result.ok && refusal && result.error.code !== 'tenant.not_found') {
    await recordRefusal(deps, caller, name, result.error);
  }
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
