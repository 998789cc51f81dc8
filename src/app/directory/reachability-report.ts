import { agentWarnings, unboundAgentChannelWarning } from '../../domain/input/reachability.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Repositories } from '../store.port.ts';

/**
 * What in a tenant's setup will silently reach nobody: its active agents' warnings (a manager with no Slack, Teams or
 * email; a placeholder address), as `agent add|update` prints them, and the policy's agent channels bound on no platform.
 */
export async function reachabilityWarnings(repos: Repositories, tenantId: string, policy: Policy): Promise<string[]> {
  const warnings: string[] = [];
  for (const agent of await repos.agents.list(tenantId))
    warnings.push(...agentWarnings(agent, await repos.identities.forPerson(tenantId, 'agent', agent.id)));
  for (const { name } of policy.routing.agentChannels)
    if ((await repos.bindings.byName(tenantId, 'agent', name)).length === 0)
      warnings.push(unboundAgentChannelWarning(name));
  return warnings;
}
