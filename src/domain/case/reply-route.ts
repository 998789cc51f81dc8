import type { LocalizedText } from '../policy/localized-text.ts';
import { isPlaceholder } from '../policy/policy.assumptions.ts';
import type { AcceptedChannel, Policy, ProjectPhase } from '../policy/policy.schema.ts';
import { accept, type Outcome, refuse } from './case-error.ts';

// Where a message to the customer goes: by email where the policy takes email from this customer, and otherwise on
// the case itself, which the customer reads in the channel the policy does accept (arcoirisapp: only the ticket form).
// Nothing is ever sent from a placeholder (`soporte@oys.invalid`, RFC 2606): the message goes to the next accepted
// channel instead (oys: its portal, Portero's own, which shows the case's messages), and with none left it is refused.

export type ReplyRoute =
  | { via: 'email'; from: string }
  | {
      via: Exclude<AcceptedChannel['kind'], 'email'>;
      label: LocalizedText;
      url?: string;
      /** The email sender that was skipped because it is a placeholder. */
      skippedPlaceholder?: string;
    };

export function replyRoute(policy: Policy, priorityId: string, projectPhase: ProjectPhase): Outcome<ReplyRoute> {
  // The schema refuses a channel that is both accepted and refused, so every accepted one is open.
  const open = policy.channels.accepted;
  const forPhase = open.filter((channel) => !channel.phases || channel.phases.includes(projectPhase));
  // A policy whose channels all belong to other phases still has to reach the customer somewhere.
  const accepted = forPhase.length > 0 ? forPhase : open;
  const email = accepted.find((channel) => channel.kind === 'email');
  let skipped: { address: string; path: string } | undefined;
  if (email) {
    const index = policy.priorities.findIndex((p) => p.id === priorityId);
    const intake = policy.priorities[index]?.intake;
    const from = intake ?? email.address;
    // The schema makes every email channel name an address or route by priority with an intake on each priority.
    if (!from) throw new Error(`policy ${policy.id}: no sender address for a reply on priority ${priorityId}`);
    if (!isPlaceholder(from)) return accept({ via: 'email', from });
    const path = intake ? `priorities[${index}].intake` : `channels.accepted[${open.indexOf(email)}].address`;
    skipped = { address: from, path };
  }
  const channel = accepted.find((c) => c.kind !== 'email');
  if (!channel || channel.kind === 'email') {
    if (skipped) return refuse('case.sender_placeholder', skipped);
    // The schema requires an accepted channel.
    throw new Error(`policy ${policy.id}: no accepted channel to reply in`);
  }
  return accept({
    via: channel.kind,
    label: channel.label,
    ...(channel.url && { url: channel.url }),
    ...(skipped && { skippedPlaceholder: skipped.address }),
  });
}
