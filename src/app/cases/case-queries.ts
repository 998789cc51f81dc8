import type { CaseEventInput, CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { findPriority } from '../../domain/case/case-fields.ts';
import { findStateByLabel, waitingOnCustomerStates } from '../../domain/case/lifecycle.ts';
import type { CaseListFilter, CaseQuery, ContactRecord, CustomerRecord, Repositories } from '../store.port.ts';
import { type CaseContext, type CaseInput, type CaseRef, findCase, runCaseUseCase } from './case-context.ts';
import { type CaseSnapshot, caseSnapshot } from './case-snapshot.ts';

/** An agent reads labels in their own language; anyone else in the policy's. */
const readerLocale = (context: CaseContext) => context.agent?.locale ?? context.policy.locale;

export interface CaseView {
  record: CaseRecord;
  snapshot: CaseSnapshot;
  /** Oldest first. */
  events: (CaseEventInput & { id: number })[];
  customer: CustomerRecord | undefined;
  reporter: ContactRecord | undefined;
  /** Who else receives the case's updates (an email's known Cc). */
  followers: ContactRecord[];
  /** The names of the people the events name (agents and contacts), by id. */
  people: Record<string, string>;
}

export function showCase(input: CaseInput & { ref: CaseRef }): Promise<Outcome<CaseView>> {
  return runCaseUseCase('show', input, async (context) => {
    const found = await findCase(context, input.ref);
    if (!found.ok) return found;
    const record = found.value;
    const { repos, tenant } = context;
    const events = await repos.events.forCase(tenant.id, record.id);
    const customer = await repos.customers.byId(tenant.id, record.customerId);
    context.customer = customer;
    const reporter = record.reporterId ? await repos.contacts.byId(tenant.id, record.reporterId) : undefined;
    const followers = await repos.followers.list(tenant.id, record.id);
    const people: Record<string, string> = {};
    for (const { actor } of events) {
      const id = actor.kind === 'agent' ? actor.agentId : actor.kind === 'contact' ? actor.contactId : undefined;
      if (!id || id in people) continue;
      const person =
        actor.kind === 'agent' ? await repos.agents.byId(tenant.id, id) : await repos.contacts.byId(tenant.id, id);
      people[id] = person?.name ?? id;
    }
    const snapshot = await caseSnapshot(context, record, readerLocale(context));
    return accept({ record, snapshot, events, customer, reporter, followers, people });
  });
}

export type ListKind = 'mine' | 'unassigned' | 'open' | 'closed' | 'waiting' | 'breaching' | 'due-soon' | 'all';

/** How far ahead `due-soon` looks: cases whose next deadline falls within the coming day. */
export const DUE_SOON_MS = 24 * 60 * 60 * 1000;
export const PAGE_SIZE = 20;

export interface ListCasesInput {
  kind?: ListKind;
  priority?: string;
  /** A customer's handle or name (`acme`, `Acme SAS`). */
  customer?: string;
  /** An agent's handle: their cases, open or not as the kind says. */
  agent?: string;
  state?: string;
  search?: string;
  /**
   * Words as typed in chat, each a priority, a state, a customer (handle or name) or an @agent: resolved against the
   * policy and the directory, in that order.
   */
  terms?: string[];
  /** From 1. */
  page?: number;
  limit?: number;
}

export interface CasePage {
  cases: CaseSnapshot[];
  /** How many cases match in all, and the page shown out of how many. */
  total: number;
  page: number;
  pages: number;
  /** What was asked, in words the answer can repeat: `acme`, `alta`, `@ana`. */
  criteria: string[];
  /** The text searched for, if any: the answer quotes it the reader's way («factura», “invoice”). */
  search?: string;
}

/** Open cases by default; `breaching` are those whose next due instant has passed, most overdue first. */
export async function listCases(input: CaseInput & ListCasesInput): Promise<Outcome<CaseSnapshot[]>> {
  const page = await findCases({ limit: 50, ...input });
  return page.ok ? accept(page.value.cases) : page;
}

/** One page of the cases matching every criterion, with the count of them all. */
export function findCases(input: CaseInput & ListCasesInput): Promise<Outcome<CasePage>> {
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
      case 'due-soon':
        filter = { kind: 'due-soon', from: context.now, before: new Date(context.now.getTime() + DUE_SOON_MS) };
        break;
      default:
        filter = { kind };
    }
    const criteria = await resolveCriteria(context, input);
    if (!criteria.ok) return criteria;
    const query = { filter, ...criteria.value.query };
    const limit = Math.min(input.limit ?? PAGE_SIZE, 200);
    const page = Math.max(1, input.page ?? 1);
    const total = await repos.cases.count(tenant.id, query);
    const records = await repos.cases.list(tenant.id, { ...query, limit, offset: (page - 1) * limit });
    const shared = withSharedLookups(context);
    const cases = await Promise.all(records.map((record) => caseSnapshot(shared, record, readerLocale(context))));
    return accept({
      cases,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / limit)),
      criteria: criteria.value.words,
      ...(query.search && { search: query.search }),
    });
  });
}

type Criteria = { query: Omit<CaseQuery, 'filter' | 'limit' | 'offset'>; words: string[] };

/** The named criteria and the chat's free words, as query fields; a word that is none of them is refused. */
async function resolveCriteria(context: CaseContext, input: ListCasesInput): Promise<Outcome<Criteria>> {
  const { policy, tenant, repos } = context;
  const query: Criteria['query'] = {};
  const words: string[] = [];
  const priorities = policy.priorities.map((p) => p.id);
  if (input.priority) {
    const priority = findPriority(policy, input.priority);
    if (!priority) return refuse('case.unknown_priority', { priority: input.priority, priorities });
    query.priority = priority.id;
    words.push(priority.id);
  }
  if (input.state) {
    const state = findStateByLabel(policy, input.state);
    if (!state)
      return refuse('case.unknown_state', { state: input.state, states: policy.lifecycle.states.map((s) => s.id) });
    query.state = state.id;
    words.push(state.id);
  }
  if (input.customer) {
    const customer = await repos.customers.byHandleOrName(tenant.id, input.customer);
    if (!customer) return refuse('case.customer_not_found', { customer: input.customer });
    query.customerId = customer.id;
    words.push(customer.handle);
  }
  if (input.agent) {
    const agent = await repos.agents.byHandle(tenant.id, input.agent.replace(/^@/, ''));
    if (!agent) return refuse('case.agent_not_found', { agent: input.agent });
    query.assigneeId = agent.id;
    words.push(`@${agent.handle}`);
  }
  for (const term of input.terms ?? []) {
    if (term.startsWith('@')) {
      const agent = await repos.agents.byHandle(tenant.id, term.slice(1));
      if (!agent) return refuse('case.agent_not_found', { agent: term });
      query.assigneeId = agent.id;
      words.push(`@${agent.handle}`);
      continue;
    }
    const priority = query.priority === undefined ? findPriority(policy, term) : undefined;
    const state = priority || query.state !== undefined ? undefined : findStateByLabel(policy, term);
    const customer =
      priority || state || query.customerId !== undefined
        ? undefined
        : await repos.customers.byHandleOrName(tenant.id, term);
    if (priority) query.priority = priority.id;
    else if (state) query.state = state.id;
    else if (customer) query.customerId = customer.id;
    else
      return refuse('case.unknown_list_term', {
        term,
        priorities,
        states: policy.lifecycle.states.map((s) => s.id),
      });
    words.push(priority?.id ?? state?.id ?? customer!.handle);
  }
  if (input.search?.trim()) {
    query.search = input.search.trim();
  }
  return accept({ query, words });
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
