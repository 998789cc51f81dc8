import { IANAZone } from 'luxon';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { checkCustomerPlan, checkProjectPhase, checkReporterLimit } from '../../domain/case/intake-rules.ts';
import { checkEmail, checkHandle, checkName, checkOptional } from '../../domain/input/input-rules.ts';
import type { AgentRecord, ContactRecord, CustomerRecord, Repositories, TenantRecord } from '../store.port.ts';
import { auditChange, auditRefusal, type DirectoryActor, type DirectoryDeps } from './directory-audit.ts';

// Who is who in a deployment: tenants, their customers and contacts, their agents. Operators seed it from the CLI.

export type { DirectoryDeps } from './directory-audit.ts';

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
  /** Who adds it, for the audit trail; none for the automatic ones (the preset tenants of a new deployment). */
  who?: DirectoryActor,
): Promise<Outcome<TenantRecord>> {
  const id = checkHandle('id', input.id);
  if (!id.ok) return id;
  const name = checkOptional(checkName, 'name', input.name);
  if (!name.ok) return name;
  const policy = deps.policies.policy(input.policyId);
  if (!policy) return refuse('policy.unknown', { policy: input.policyId });
  const casePrefix = (input.casePrefix ?? policy.casePrefix ?? defaultCasePrefix(input.id)).toUpperCase();
  if (!/^[A-Z][A-Z0-9]{0,9}$/.test(casePrefix)) return refuse('tenant.invalid_prefix', { prefix: casePrefix });
  return deps.store.transaction(async (repos) => {
    const existing = await repos.tenants.list({ includeInactive: true });
    if (existing.some((t) => t.id === id.value)) return refuse('tenant.duplicate', { tenant: id.value });
    if (existing.some((t) => t.casePrefix === casePrefix)) return refuse('tenant.duplicate', { prefix: casePrefix });
    const tenant = { id: id.value, name: name.value ?? policy.name, policyId: policy.id, casePrefix };
    await repos.tenants.insert(tenant);
    if (who) await auditChange(deps, repos, tenant.id, who, 'directory.added', { kind: 'tenant', handle: tenant.id });
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

export async function inTenant<T>(
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
  who?: DirectoryActor,
): Promise<Outcome<CustomerRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    const checked = checkPersonFields(input);
    if (!checked.ok) return checked;
    if (await repos.customers.byHandle(tenant.id, input.handle))
      return refuse('customer.duplicate', { customer: input.handle });
    const policy = deps.policies.policy(tenant.policyId)!;
    const plan = checkCustomerPlan(policy, input.plan);
    const phase = checkProjectPhase(input.projectPhase);
    const facts = { customer: input.handle.toLowerCase() };
    if (!plan.ok) return auditRefusal(deps, repos, tenant, 'add-customer', plan.error, facts);
    if (!phase.ok) return auditRefusal(deps, repos, tenant, 'add-customer', phase.error, facts);
    return added(
      deps,
      repos,
      who,
      'customer',
      await repos.customers.insert({
        tenantId: tenant.id,
        handle: checked.value.handle,
        name: checked.value.name ?? input.handle.trim(),
        plan: plan.value,
        projectPhase: phase.value,
      }),
    );
  });
}

/** The handle, name and email every directory row may carry, by the one set of input rules. */
export function checkPersonFields(input: {
  handle?: string;
  name?: string | undefined;
  email?: string | undefined | null;
}): Outcome<{ handle: string; name?: string | undefined; email?: string | undefined }> {
  const handle = input.handle === undefined ? accept('') : checkHandle('handle', input.handle);
  if (!handle.ok) return handle;
  const name = checkOptional(checkName, 'name', input.name);
  if (!name.ok) return name;
  const email = checkOptional(checkEmail, 'email', input.email);
  if (!email.ok) return email;
  return accept({ handle: handle.value, name: name.value, email: email.value });
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
    /** A shared mailbox (info@…): the email door opens no case from it. */
    shared?: boolean;
  },
  who?: DirectoryActor,
): Promise<Outcome<ContactRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    // The customer's row lock makes racing adds for one company take turns: each counts the reporters the others
    // committed, so the cap cannot be overrun (PostgreSQL; PGlite runs one transaction at a time anyway).
    const checked = checkPersonFields(input);
    if (!checked.ok) return checked;
    const customer = await repos.customers.byHandle(tenant.id, input.customer, { forUpdate: true });
    if (!customer) return refuse('case.customer_not_found', { customer: input.customer });
    if (customer.deactivatedAt) return refuse('directory.inactive', { kind: 'customer', handle: customer.handle });
    if (await repos.contacts.byHandle(tenant.id, input.handle))
      return refuse('contact.duplicate', { contact: input.handle });
    const isReporter = input.reporter ?? true;
    if (isReporter) {
      const room = await checkReporterRoom(deps, repos, tenant, customer, 'add-contact');
      if (!room.ok) return room;
    }
    return added(
      deps,
      repos,
      who,
      'contact',
      await repos.contacts.insert({
        tenantId: tenant.id,
        customerId: customer.id,
        handle: checked.value.handle,
        name: checked.value.name ?? input.handle.trim(),
        email: checked.value.email ?? null,
        isReporter,
        seesCompanyCases: input.companyCases ?? false,
        sharedMailbox: input.shared ?? false,
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
  who?: DirectoryActor,
): Promise<Outcome<AgentRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    const checked = checkPersonFields(input);
    if (!checked.ok) return checked;
    if (input.timezone && !IANAZone.isValidZone(input.timezone)) {
      return refuse('agent.invalid_timezone', { timezone: input.timezone });
    }
    if (await repos.agents.byHandle(tenant.id, input.handle)) return refuse('agent.duplicate', { agent: input.handle });
    return added(
      deps,
      repos,
      who,
      'agent',
      await repos.agents.insert({
        tenantId: tenant.id,
        handle: checked.value.handle,
        name: checked.value.name ?? input.handle.trim(),
        email: checked.value.email ?? null,
        role: input.role ?? 'agent',
        timezone: input.timezone ?? null,
        locale: input.locale ?? null,
      }),
    );
  });
}

async function added<R extends { tenantId: string; handle: string }>(
  deps: DirectoryDeps,
  repos: Repositories,
  who: DirectoryActor | undefined,
  kind: 'customer' | 'contact' | 'agent',
  row: R,
): Promise<Outcome<R>> {
  if (who) await auditChange(deps, repos, row.tenantId, who, 'directory.added', { kind, handle: row.handle });
  return accept(row);
}

/**
 * Whether the company has a reporter place left under the policy's cap (itbx: two); refused and audited when not. The
 * caller holds the customer's row lock, so racing changes of one company's reporters take turns.
 */
export async function checkReporterRoom(
  deps: DirectoryDeps,
  repos: Repositories,
  tenant: TenantRecord,
  customer: CustomerRecord,
  useCase: string,
): Promise<Outcome<void>> {
  const policy = deps.policies.policy(tenant.policyId)!;
  const limit = checkReporterLimit(policy, await repos.contacts.countReporters(tenant.id, customer.id));
  if (!limit.ok) return auditRefusal(deps, repos, tenant, useCase, limit.error, { customer: customer.handle });
  return accept(undefined);
}

/** A contact's company, its row locked as addContact locks it (see checkReporterRoom). */
export async function lockedCompanyOf(
  repos: Repositories,
  tenantId: string,
  customerId: string,
): Promise<CustomerRecord> {
  const current = (await repos.customers.byId(tenantId, customerId))!;
  return (await repos.customers.byHandle(tenantId, current.handle, { forUpdate: true }))!;
}
