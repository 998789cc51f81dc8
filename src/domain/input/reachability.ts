import type { ChatSurface } from '../chat/platforms.ts';
import { isPlaceholder } from '../policy/policy.assumptions.ts';

// Warnings, not refusals: what an operator sets up that is valid but will silently reach nobody.

/** A contact detail still holding a placeholder: mail to it or a link to it goes nowhere. */
export function placeholderWarnings(details: Record<string, string | null | undefined>): string[] {
  return Object.entries(details).flatMap(([field, value]) =>
    value && isPlaceholder(value.trim())
      ? [`${field} ${value} is a placeholder (.invalid): nothing sent there arrives`]
      : [],
  );
}

/**
 * A manager gets SLA breach alerts by Slack, Teams or email: with none of them the alerts reach nobody. The console
 * handle does not count (nothing is delivered to a terminal).
 */
export function agentWarnings(
  agent: { handle: string; role: 'agent' | 'manager'; email: string | null },
  surfaces: readonly ChatSurface[],
): string[] {
  const warnings = placeholderWarnings({ email: agent.email });
  const reachable = agent.email || surfaces.some((surface) => surface === 'slack' || surface === 'teams');
  if (agent.role === 'manager' && !reachable)
    warnings.push(
      `manager ${agent.handle} has no Slack, Teams or email: their SLA alerts will reach nobody (add --slack, --teams or --email)`,
    );
  return warnings;
}

/** An agent routing name with no conversation bound to it on Slack or Teams: its case cards and alerts go nowhere. */
export function unboundAgentChannelWarning(name: string): string {
  return `agent channel ${name} is bound on no platform: its cases' cards and alerts go nowhere (portero channel add … --purpose agent --name ${name})`;
}
