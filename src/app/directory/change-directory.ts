import { IANAZone } from 'luxon';
import { accept, type Outcome, refuse } from '../../domain/case/case-error.ts';
import { checkCustomerPlan, checkProjectPhase } from '../../domain/case/intake-rules.ts';
import { checkName, checkOptional } from '../../domain/input/input-rules.ts';
import type { AgentRecord, ContactRecord, CustomerRecord, Repositories, TenantRecord } from '../store.port.ts';
import { checkPersonFields, checkReporterRoom, type DirectoryDeps, inTenant, lockedCompanyOf } from './directory.ts';
import { auditChange, auditRefusal, type Changes, type DirectoryActor, type DirectoryKind } from './directory-audit.ts';

// `update` and `remove` of tenants, customers, contacts and agents. A change takes effect for the next request
// (a new plan's quota, a new phase's channels); a removal deactivates a row that history refers to (old cases keep
// its name) and deletes one nothing refers to. Every change is a `directory.*` event (no case) naming who made it.

function diff<R extends object>(before: R, patch: Partial<R>): Changes {
  const changes: Changes = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && before[key as keyof R] !== value) changes[key] = [before[key as keyof R], value];
  }
  return changes;
}

const nothingToChange = (handle: string, options: string[]) =>
  refuse('directory.nothing_to_change', { handle, options });

export function updateTenant(
  deps: DirectoryDeps,
  who: DirectoryActor,
  input: { id: string; name?: string; policyId?: string },
): Promise<Outcome<TenantRecord>> {
  return inTenant(deps, input.id, async (repos, tenant) => {
    const name = checkOptional(checkName, 'name', input.name);
    if (!name.ok) return name;
    if (input.policyId !== undefined && !deps.policies.policy(input.policyId))
      return refuse('policy.unknown', { policy: input.policyId });
    const changes = diff(tenant, { name: name.value, policyId: input.policyId });
    if (Object.keys(changes).length === 0) return nothingToChange(tenant.id, ['--name', '--policy']);
    const after = { ...tenant, name: name.value ?? tenant.name, policyId: input.policyId ?? tenant.policyId };
    await repos.tenants.update(tenant.id, { name: after.name, policyId: after.policyId });
    await auditChange(deps, repos, tenant.id, who, 'directory.updated', { kind: 'tenant', handle: tenant.id, changes });
    return accept(after);
  });
}

/**
 * A new plan or phase applies to the customer's next request: the quota then counts this month's cases against the
 * new plan's limit, whatever plan each was opened under (the `opened` event records the quota in force then).
 */
export function updateCustomer(
  deps: DirectoryDeps,
  who: DirectoryActor,
  input: { tenantId: string; handle: string; name?: string; plan?: string; projectPhase?: string },
): Promise<Outcome<CustomerRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    const customer = await repos.customers.byHandle(tenant.id, input.handle, { forUpdate: true });
    if (!customer) return refuse('case.customer_not_found', { customer: input.handle });
    const checked = checkPersonFields({ name: input.name });
    if (!checked.ok) return checked;
    const policy = deps.policies.policy(tenant.policyId)!;
    const facts = { customer: customer.handle };
    const plan = input.plan === undefined ? accept(undefined) : checkCustomerPlan(policy, input.plan);
    if (!plan.ok) return auditRefusal(deps, repos, tenant, 'update-customer', plan.error, facts);
    const phase = input.projectPhase === undefined ? accept(undefined) : checkProjectPhase(input.projectPhase);
    if (!phase.ok) return auditRefusal(deps, repos, tenant, 'update-customer', phase.error, facts);
    const patch = { name: checked.value.name, plan: plan.value, projectPhase: phase.value };
    return applyChange<CustomerRecord>(deps, repos, who, tenant, 'customer', customer, patch, repos.customers, [
      '--name',
      '--plan',
      '--phase',
    ]);
  });
}

/**
 * A contact's name, email, reporter flag, shared-mailbox flag or company; becoming a reporter counts against the
 * policy's cap. `clearBounce`: the operator knows the address works again (a later accepted delivery clears it too).
 */
export function updateContact(
  deps: DirectoryDeps,
  who: DirectoryActor,
  input: {
    tenantId: string;
    handle: string;
    name?: string;
    email?: string;
    reporter?: boolean;
    customer?: string;
    shared?: boolean;
    clearBounce?: boolean;
  },
): Promise<Outcome<ContactRecord>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    const contact = await repos.contacts.byHandle(tenant.id, input.handle);
    if (!contact) return refuse('case.contact_not_found', { contact: input.handle });
    const checked = checkPersonFields({ name: input.name, email: input.email });
    if (!checked.ok) return checked;
    let customerId = contact.customerId;
    if (input.customer !== undefined) {
      const target = await repos.customers.byHandle(tenant.id, input.customer, { forUpdate: true });
      if (!target) return refuse('case.customer_not_found', { customer: input.customer });
      if (target.deactivatedAt) return refuse('directory.inactive', { kind: 'customer', handle: target.handle });
      customerId = target.id;
    }
    const isReporter = input.reporter ?? contact.isReporter;
    const joinsReporters = isReporter && (!contact.isReporter || customerId !== contact.customerId);
    if (joinsReporters && !contact.deactivatedAt) {
      const customer = await lockedCompanyOf(repos, tenant.id, customerId);
      const room = await checkReporterRoom(deps, repos, tenant, customer, 'update-contact');
      if (!room.ok) return room;
    }
    const patch = {
      name: checked.value.name,
      email: checked.value.email,
      isReporter,
      customerId,
      sharedMailbox: input.shared,
      ...(input.clearBounce && { emailBouncingAt: null }),
    };
    return applyChange<ContactRecord>(deps, repos, who, tenant, 'contact', contact, patch, repos.contacts, [
      '--name',
      '--email',
      '--reporter',
      '--no-reporter',
      '--shared',
      '--no-shared',
      '--clear-bounce',
      '--customer',
    ]);
  });
}

export function updateAgent(
  deps: DirectoryDeps,
  who: DirectoryActor,
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
    const agent = await repos.agents.byHandle(tenant.id, input.handle);
    if (!agent) return refuse('case.agent_not_found', { agent: input.handle });
    const checked = checkPersonFields({ name: input.name, email: input.email });
    if (!checked.ok) return checked;
    if (input.timezone && !IANAZone.isValidZone(input.timezone))
      return refuse('agent.invalid_timezone', { timezone: input.timezone });
    const patch = {
      name: checked.value.name,
      email: checked.value.email,
      role: input.role,
      timezone: input.timezone,
      locale: input.locale,
    };
    return applyChange<AgentRecord>(deps, repos, who, tenant, 'agent', agent, patch, repos.agents, [
      '--name',
      '--email',
      '--role',
      '--timezone',
      '--locale',
    ]);
  });
}

async function applyChange<R extends { id: string; handle: string }>(
  deps: DirectoryDeps,
  repos: Repositories,
  who: DirectoryActor,
  tenant: TenantRecord,
  kind: DirectoryKind,
  before: R,
  patch: Partial<R>,
  rows: { update(tenantId: string, id: string, patch: Partial<R>): Promise<R> },
  options: string[],
): Promise<Outcome<R>> {
  const changes = diff(before, patch);
  if (Object.keys(changes).length === 0) return nothingToChange(before.handle, options);
  const set = Object.fromEntries(Object.keys(changes).map((key) => [key, changes[key]![1]])) as Partial<R>;
  const after = await rows.update(tenant.id, before.id, set);
  await auditChange(deps, repos, tenant.id, who, 'directory.updated', { kind, handle: before.handle, changes });
  return accept(after);
}

export type Removal = 'deactivated' | 'deleted';

/**
 * Removes a customer, contact or agent: deactivated when a case, an event or an acknowledged alert names it (a
 * former reporter keeps their name on old cases, stops counting toward the cap and cannot open cases; a former agent
 * gets no alerts and cannot be assigned), deleted otherwise (with its chat identities; a customer with its contacts).
 */
export function removePerson(
  deps: DirectoryDeps,
  who: DirectoryActor,
  input: { tenantId: string; kind: 'customer' | 'contact' | 'agent'; handle: string },
): Promise<Outcome<Removal>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    const rows = input.kind === 'customer' ? repos.customers : input.kind === 'contact' ? repos.contacts : repos.agents;
    const row = await rows.byHandle(tenant.id, input.handle);
    if (!row) return refuse('directory.not_found', { kind: input.kind, handle: input.handle });
    if (row.deactivatedAt)
      return refuse('directory.inactive', {
        kind: input.kind,
        handle: row.handle,
        since: row.deactivatedAt.toISOString(),
      });
    const keep = await rows.hasHistory(tenant.id, row.id);
    if (keep) await rows.deactivate(tenant.id, row.id, deps.clock.now());
    else await rows.delete(tenant.id, row.id);
    const type = keep ? 'directory.deactivated' : 'directory.deleted';
    await auditChange(deps, repos, tenant.id, who, type, { kind: input.kind, handle: row.handle });
    return accept(keep ? 'deactivated' : 'deleted');
  });
}

/** A tenant with history is deactivated (no new cases; its cases stay readable); an empty one is deleted. */
export function removeTenant(deps: DirectoryDeps, who: DirectoryActor, id: string): Promise<Outcome<Removal>> {
  return deps.store.transaction(async (repos) => {
    const tenant = await repos.tenants.get(id);
    if (!tenant) return refuse('tenant.not_found', { tenant: id });
    if (tenant.deactivatedAt)
      return refuse('directory.inactive', { kind: 'tenant', handle: id, since: tenant.deactivatedAt.toISOString() });
    if (!(await repos.tenants.hasHistory(id))) {
      // Nothing of the tenant remains to hold an audit row: the deletion is said by the command and logged there.
      await repos.tenants.delete(id);
      return accept('deleted' as const);
    }
    await repos.tenants.deactivate(id, deps.clock.now());
    await auditChange(deps, repos, id, who, 'directory.deactivated', { kind: 'tenant', handle: id });
    return accept('deactivated' as const);
  });
}

/**
 * Brings back a removed (deactivated) customer, contact or agent, audited. A returning reporter counts toward the
 * policy's cap again, so a company that filled its reporters meanwhile refuses them as `contact add` would; a contact
 * of a removed company, or anyone of a removed tenant, waits for those to be restored first.
 */
export function restorePerson(
  deps: DirectoryDeps,
  who: DirectoryActor,
  input: { tenantId: string; kind: 'customer' | 'contact' | 'agent'; handle: string },
): Promise<Outcome<void>> {
  return inTenant(deps, input.tenantId, async (repos, tenant) => {
    if (tenant.deactivatedAt) return inactive('tenant', tenant.id, tenant.deactivatedAt);
    const rows = input.kind === 'customer' ? repos.customers : input.kind === 'contact' ? repos.contacts : repos.agents;
    const row = await rows.byHandle(tenant.id, input.handle);
    if (!row) return refuse('directory.not_found', { kind: input.kind, handle: input.handle });
    if (!row.deactivatedAt) return refuse('directory.not_inactive', { kind: input.kind, handle: row.handle });
    if (input.kind === 'contact') {
      const contact = row as ContactRecord;
      const customer = await lockedCompanyOf(repos, tenant.id, contact.customerId);
      if (customer.deactivatedAt) return inactive('customer', customer.handle, customer.deactivatedAt);
      if (contact.isReporter) {
        const room = await checkReporterRoom(deps, repos, tenant, customer, 'restore-contact');
        if (!room.ok) return room;
      }
    }
    await rows.reactivate(tenant.id, row.id);
    await auditChange(deps, repos, tenant.id, who, 'directory.reactivated', { kind: input.kind, handle: row.handle });
    return accept(undefined);
  });
}

/** Brings back a removed tenant: it opens cases again. */
export function restoreTenant(deps: DirectoryDeps, who: DirectoryActor, id: string): Promise<Outcome<void>> {
  return inTenant(deps, id, async (repos, tenant) => {
    if (!tenant.deactivatedAt) return refuse('directory.not_inactive', { kind: 'tenant', handle: tenant.id });
    await repos.tenants.reactivate(tenant.id);
    await auditChange(deps, repos, tenant.id, who, 'directory.reactivated', { kind: 'tenant', handle: tenant.id });
    return accept(undefined);
  });
}

const inactive = (kind: DirectoryKind, handle: string, since: Date) =>
  refuse('directory.inactive', { kind, handle, since: since.toISOString().slice(0, 10) });
