import type { LocalizedText } from '../policy/localized-text.ts';
import type { AcceptedChannel, Policy, ProjectPhase } from '../policy/policy.schema.ts';

// Where a reply to the customer goes: by email where the policy takes email from this customer, and otherwise on the
// case itself, which the customer reads in the channel the policy does accept (arcoirisapp: only the ticket form).

export type ReplyRoute =
  | { via: 'email'; from: string }
  | { via: Exclude<AcceptedChannel['kind'], 'email'>; label: LocalizedText; url?: string };

export function replyRoute(policy: Policy, priorityId: string, projectPhase: ProjectPhase): ReplyRoute {
  // The schema refuses a channel that is both accepted and refused, so every accepted one is open.
  const open = policy.channels.accepted;
  const forPhase = open.filter((channel) => !channel.phases || channel.phases.includes(projectPhase));
  // A policy whose channels all belong to other phases still has to reach the customer somewhere.
  const accepted = forPhase.length > 0 ? forPhase : open;
  const email = accepted.find((channel) => channel.kind === 'email');
  if (email) {
    const priority = policy.priorities.find((p) => p.id === priorityId);
    const from = priority?.intake ?? email.address;
    // The schema makes every email channel name an address or route by priority with an intake on each priority.
    if (!from) throw new Error(`policy ${policy.id}: no sender address for a reply on priority ${priorityId}`);
    return { via: 'email', from };
  }
  // The schema requires an accepted channel and refuses one that is also refused.
  const channel = accepted[0];
  if (!channel || channel.kind === 'email') throw new Error(`policy ${policy.id}: no accepted channel to reply in`);
  return { via: channel.kind, label: channel.label, ...(channel.url && { url: channel.url }) };
}
