import type { CaseRecord } from '../../domain/case/case.types.ts';
import type { Locale } from '../../domain/policy/localized-text.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { AgentRecord, ChannelBinding, Repositories, TenantRecord } from '../store.port.ts';

// Who an alert goes to, as outbox targets and destinations. A person is reached on each chat platform they are
// known on (a Slack or Teams user id: the deliverer opens the DM), or by email when they are on none. A channel is
// every conversation bound to the policy's routing name.

export interface Endpoint {
  target: string;
  destination: string;
  /** A person has their own language, zone and working hours; a channel speaks the policy's. */
  person?: { name: string; locale: Locale; zone: string };
  /** Posts in the case's thread of an agent channel, beside its updates. */
  threadUnderCase: boolean;
}

export interface AlertScope {
  repos: Repositories;
  tenant: TenantRecord;
  policy: Policy;
  record: CaseRecord;
  /** The policy's agent channel for this case (by priority and type); undefined when none takes it. */
  routing: string | undefined;
}

export const endpointLabel = (endpoint: Endpoint) =>
  `${endpoint.target}:${endpoint.destination}${endpoint.person ? ` (${endpoint.person.name})` : ''}`;

export async function peopleEndpoints(scope: AlertScope, people: AgentRecord[]): Promise<Endpoint[]> {
  const { repos, tenant, policy } = scope;
  const identities = await repos.sla.identitiesOf(
    tenant.id,
    people.map((person) => person.id),
  );
  return people.flatMap((agent) => {
    const person = { name: agent.name, locale: agent.locale ?? policy.locale, zone: agent.timezone ?? policy.timezone };
    const chats = identities.filter((identity) => identity.agentId === agent.id);
    if (chats.length > 0) {
      return chats.map((chat) => ({
        target: chat.platform,
        destination: chat.externalUserId,
        person,
        threadUnderCase: false,
      }));
    }
    return agent.email ? [{ target: 'email', destination: agent.email, person, threadUnderCase: false }] : [];
  });
}

function bindingEndpoints(bindings: ChannelBinding[], threadUnderCase: boolean): Endpoint[] {
  return bindings.map((binding) => ({
    target: binding.platform,
    destination: binding.conversationId,
    threadUnderCase,
  }));
}

export async function routingChannel(scope: AlertScope): Promise<Endpoint[]> {
  if (scope.routing === undefined) return [];
  return bindingEndpoints(await scope.repos.bindings.byName(scope.tenant.id, 'agent', scope.routing), true);
}

export async function managerChannel(scope: AlertScope): Promise<Endpoint[]> {
  const name = scope.policy.routing.managerChannel;
  return name ? bindingEndpoints(await scope.repos.bindings.byName(scope.tenant.id, 'manager', name), false) : [];
}

/**
 * The tenant's managers: agents with the manager role, and the policy's named managers who are not among them
 * (reached at the email the policy gives).
 */
export async function managers(scope: AlertScope): Promise<Endpoint[]> {
  const { policy } = scope;
  // list() answers active agents only: a removed manager gets no alerts.
  const agents = (await scope.repos.agents.list(scope.tenant.id)).filter((agent) => agent.role === 'manager');
  const known = new Set(agents.flatMap((agent) => (agent.email ? [agent.email.toLowerCase()] : [])));
  const named = policy.routing.managers.flatMap((manager) =>
    manager.email && !known.has(manager.email.toLowerCase())
      ? [
          {
            target: 'email',
            destination: manager.email,
            person: { name: manager.name, locale: policy.locale, zone: policy.timezone },
            threadUnderCase: false,
          },
        ]
      : [],
  );
  return [...(await peopleEndpoints(scope, agents)), ...named];
}

/** The engineer on the case, or the case's agent channel while it has none (or they cannot be reached). */
export async function assigneeOrChannel(scope: AlertScope): Promise<Endpoint[]> {
  const { record, repos, tenant } = scope;
  const assignee = record.assigneeId ? await repos.agents.byId(tenant.id, record.assigneeId) : undefined;
  // A removed assignee is reached no more: their case's alerts go to its channel.
  const reached = assignee && !assignee.deactivatedAt ? await peopleEndpoints(scope, [assignee]) : [];
  return reached.length > 0 ? reached : routingChannel(scope);
}

/** The first list that reaches anyone: an alert nobody would see falls back to the next audience. */
export async function firstReached(...audiences: (() => Promise<Endpoint[]>)[]): Promise<Endpoint[]> {
  for (const audience of audiences) {
    const endpoints = await audience();
    if (endpoints.length > 0) return endpoints;
  }
  return [];
}
