import type { CaseEventInput, CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { findPriority } from '../../domain/case/case-fields.ts';
import { waitingOnCustomerStates } from '../../domain/case/lifecycle.ts';
import type { CaseListFilter, Repositories } from '../store.port.ts';
import { type CaseContext, type CaseInput, type CaseRef, findCase, runCaseUseCase } from './case-context.ts';
import { type CaseSnapshot, caseSnapshot } from './case-snapshot.ts';

/** An agent reads labels in their own language; anyone else in the policy's. */
const readerLocale = (context: CaseContext) => context.agent?.locale ?? context.policy.locale;

export interface CaseView {
  record: CaseRecord;
  snapshot: CaseSnapshot;
  events: (CaseEventInput & { id: number })[];
}

export function showCase(input: CaseInput & { ref: CaseRef }): Promise<Outcome<CaseView>> {
  return runCaseUseCase('show', input, async (context) => {
    const found = await findCase(context, input.ref);
    if (!found.ok) return found;
    const record = found.value;
    const events = await context.repos.events.forCase(context.tenant.id, record.id);
    return accept({ record, snapshot: await caseSnapshot(context, record, readerLocale(context)), events });
  });
}

export type ListKind = 'mine' | 'unassigned' | 'open' | 'waiting' | 'breaching' | 'all';

export interface ListCasesInput {
  kind?: ListKind;
  priority?: string;
  customer?: string;
  limit?: number;
}

/** Open cases by default; `breaching` are those whose next due instant has passed, most overdue first. */
export function listCases(input: CaseInput & ListCasesInput): Promise<Outcome<CaseSnapshot[]>> {
  return runCaseUseCase('list', input, async (context) => {
    const { policy, tenant, repos } = context;
    const kind = input.kind ?? 'open';
    let filter: CaseListFilter;
    switch (kind) {
      case 'mine':
        if (!context.agent) return refuse('case.forbidden', { list: 'mine' });
        filter = { kind: 'mine', agentId: context.agent.id };
        break;
      case 'waiting':
        filter = { kind: 'waiting', states: waitingOnCustomerStates(policy) };
        break;
      case 'breaching':
        filter = { kind: 'breaching', before: context.now };
        break;
      default:
        filter = { kind };
    }
    const priority = input.priority ? findPriority(policy, input.priority) : undefined;
    if (input.priority && !priority) {
      return refuse('case.unknown_priority', {
        priority: input.priority,
        priorities: policy.priorities.map((p) => p.id),
      });
    }
    const customer = input.customer ? await repos.customers.byHandle(tenant.id, input.customer) : undefined;
    if (input.customer && !customer) return refuse('case.customer_not_found', { customer: input.customer });
    const records = await repos.cases.list(tenant.id, {
      filter,
      priority: priority?.id,
      customerId: customer?.id,
      limit: Math.min(input.limit ?? 50, 200),
    });
    const shared = withSharedLookups(context);
    return accept(await Promise.all(records.map((record) => caseSnapshot(shared, record, readerLocale(context)))));
  });
}

/** The snapshots of a page share their lookups: one query per distinct customer and assignee, not two per case. */
function withSharedLookups(context: CaseContext): CaseContext {
  const { repos } = context;
  const seen = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!seen.has(key)) seen.set(key, load());
    return seen.get(key) as Promise<T>;
  };
  const shared: Repositories = {
    ...repos,
    customers: {
      ...repos.customers,
      byId: (tenantId, id) => once(`customer:${tenantId}:${id}`, () => repos.customers.byId(tenantId, id)),
    },
    agents: {
      ...repos.agents,
      byId: (tenantId, id) => once(`agent:${tenantId}:${id}`, () => repos.agents.byId(tenantId, id)),
    },
  };
  return { ...context, repos: shared };
}
