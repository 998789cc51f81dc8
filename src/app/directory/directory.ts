import { IANAZone } from 'luxon';
import type { CaseError } from '../../domain/case/case-error.ts';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { checkCustomerPlan, checkProjectPhase, checkReporterLimit } from '../../domain/case/intake-rules.ts';
import type { Clock } from '../clock.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import type { AgentRecord, ContactRecord, CustomerRecord, Repositories, Store, TenantRecord } from '../store.port.ts';

// Who is who in a deployment: tenants, their customers and contacts, their agents. Operators seed it from the CLI.

export interface DirectoryDeps {
  store: Store;
  clock: Clock;
  policies: PolicyBook;
}

const HANDLE = /^[a-z0-9][a-z0-9._-]*$/i;

/** A case-number prefix for a policy that names none: `acme` → ACME, `jd-services` → JS, `crosspoint365` → CR365. */
export function defaultCasePrefix(id: string): string {
  const words = id
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length > 1) return words.map((word) => word[0]).join('');
  const word = words[0] ?? 'CASE';
  if (word.length <= 6) return word;
  const digits = word.match(/\d+$/)?.[0] ?? '';
  return `${word.slice(0, 2)}${digits}`.slice(0, 8);
}

export async function addTenant(
  deps: DirectoryDeps,
  input: { id: string; name?: string; policyId: string; casePrefix?: string },
): Promise<Outcome<TenantRecord>> {
  const policy = deps.policies.policy(input.policyId);
  if (!policy) return refuse('policy.unknown', { policy: input.policyId });
  const casePrefix = (input.casePrefix ?? policy.casePrefix ?? defaultCasePrefix(input.id)).toUpperCase();
  if (!/^[A-Z][A-Z0-9]{0,9}$/.test(casePrefix)) return refuse('tenant.invalid_prefix', { prefix: casePrefix });
  return deps.store.transaction(async (repos) => {
    const existing = await repos.tenants.list();
    if (existing.some((t) => t.id === input.id)) return refuse('tenant.duplicate', { tenant: input.id });
    if (existing.some((t) => t.casePrefix === casePrefix)) return refuse('tenant.duplicate', { prefix: casePrefix });
    const tenant = { id: input.id, name: input.name ?? policy.name, policyId: policy.id, casePrefix };
    await repos.tenants.insert(tenant);
    return accept(tenant);
  });
}

/** On an empty database, one tenant per preset, so `portero chat --tenant itbx` works right after `npm ci`. */
export async function bootstrapTenants(deps: DirectoryDeps, policyIds: string[]): Promise<TenantRecord[]> {
  if ((await deps.store.transaction((repos) => repos.tenants.list())).length > 0) return [];
  const created: TenantRecord[] = [];
  for (const id of policyIds) {
    const result = await addTenant(deps, { id, policyId: id });
    if (result.ok) created.push(result.value);
  }
  return created;
}

async function inTenant<T>(
  deps: DirectoryDeps,
  tenantId: string,
  work: (repos: Repositories, tenant: TenantRecord) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  return deps.store.transaction(async (repos) => {
    const tenant = await repos.tenants.get(tenantId);
    return tenant ? work(repos, tenant) : refuse('tenant.not_found', { tenant: tenantId });
  });
}

/** A customer company on one of the policy's plans (the first when none is given); an unknown plan or phase is refused. */
export function addCustomer(
  deps: DirectoryDeps,
  input: {
    tenantId: string;
    handle: string;
    name?: string;
    plan?: string;
    /** A string: callers outside the type system (the CLI, files) pass what the operator typed. */
    projectPhase?: string;
  },
): Promise<Outcome<CustomerRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    if (!HANDLE.test(input.handle)) return refuse('directory.invalid_handle', { handle: input.handle });
    if (await repos.customers.byHandle(tenant.id, input.handle))
      return refuse('customer.duplicate', { customer: input.handle });
    const policy = deps.policies.policy(tenant.policyId)!;
    const plan = checkCustomerPlan(policy, input.plan);
    const phase = checkProjectPhase(input.projectPhase);
    const facts = { customer: input.handle.toLowerCase() };
    if (!plan.ok) return auditRefusal(deps, repos, tenant, 'add-customer', plan.error, facts);
    if (!phase.ok) return auditRefusal(deps, repos, tenant, 'add-customer', phase.error, facts);
    return accept(
      await repos.customers.insert({
        tenantId: tenant.id,
        handle: input.handle,
        name: input.name ?? input.handle,
        plan: plan.value,
        projectPhase: phase.value,
      }),
    );
  });
}

/** A rule's refusal of a directory change, recorded in the audit trail in the same transaction. */
async function auditRefusal(
  deps: DirectoryDeps,
  repos: Repositories,
  tenant: TenantRecord,
  useCase: string,
  error: CaseError,
  facts: CaseError['params'],
): Promise<Outcome<never>> {
  const params = { ...error.params, ...facts };
  await repos.events.append({
    tenantId: tenant.id,
    caseId: null,
    type: 'refused',
    at: deps.clock.now(),
    actor: { kind: 'system' },
    channel: 'cli',
    data: { useCase, code: error.code, params },
  });
  return refuse(error.code, params);
}

/** A contact of a customer; a reporter beyond the policy's maximum for the company is refused (itbx: 2). */
export function addContact(
  deps: DirectoryDeps,
  input: {
    tenantId: string;
    customer: string;
    handle: string;
    name?: string;
    email?: string;
    reporter?: boolean;
    /** Sees every case of the company in the portal. */
    companyCases?: boolean;
  },
): Promise<Outcome<ContactRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    // The customer's row lock makes racing adds for one company take turns: each counts the reporters the others
    // committed, so the cap cannot be overrun (PostgreSQL; PGlite runs one transaction at a time anyway).
    const customer = await repos.customers.byHandle(tenant.id, input.customer, { forUpdate: true });
    if (!customer) return refuse('case.customer_not_found', { customer: input.customer });
    if (await repos.contacts.byHandle(tenant.id, input.handle))
      return refuse('contact.duplicate', { contact: input.handle });
    const isReporter = input.reporter ?? true;
    if (isReporter) {
      const policy = deps.policies.policy(tenant.policyId)!;
      const limit = checkReporterLimit(policy, await repos.contacts.countReporters(tenant.id, customer.id));
      if (!limit.ok)
        return auditRefusal(deps, repos, tenant, 'add-contact', limit.error, { customer: customer.handle });
    }
    return accept(
      await repos.contacts.insert({
        tenantId: tenant.id,
        customerId: customer.id,
        handle: input.handle,
        name: input.name ?? input.handle,
        email: input.email ?? null,
        isReporter,
        seesCompanyCases: input.companyCases ?? false,
      }),
    );
  });
}

export function addAgent(
  deps: DirectoryDeps,
  input: {
    tenantId: string;
    handle: string;
    name?: string;
    email?: string;
    role?: AgentRecord['role'];
    timezone?: string;
    locale?: 'es' | 'en';
  },
): Promise<Outcome<AgentRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    if (input.timezone && !IANAZone.isValidZone(input.timezone)) {
      return refuse('agent.invalid_timezone', { timezone: input.timezone });
    }
    if (await repos.agents.byHandle(tenant.id, input.handle)) return refuse('agent.duplicate', { agent: input.handle });
    return accept(
      await repos.agents.insert({
        tenantId: tenant.id,
        handle: input.handle,
        name: input.name ?? input.handle,
        email: input.email ?? null,
        role: input.role ?? 'agent',
        timezone: input.timezone ?? null,
        locale: input.locale ?? null,
      }),
    );
  });
}
