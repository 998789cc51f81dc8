import { type Locale, textIn } from '../policy/localized-text.ts';
import { isPlaceholder, knownTarget } from '../policy/policy.assumptions.ts';
import {
  type AcceptedChannel,
  isBuiltInPortal,
  type Policy,
  type PriorityDefinition,
  type ProjectPhase,
} from '../policy/policy.schema.ts';
import { REDIRECT_STRINGS } from './redirect.i18n.ts';
import type { TriageResult } from './triage.ts';

// Which channels one customer is shown: those the policy accepts for their project's phase, never a refused kind.
// Where email is routed by priority, the address for the severity the message suggests comes first.

export interface RedirectChannel {
  kind: AcceptedChannel['kind'];
  /** The policy's label in the reply's locale, with a phase note when the customer's phase is unknown. */
  label: string;
  /**
   * What the customer reads: a URL or an email address (or what to do, where there is no address to show); empty
   * where the policy only has a placeholder or an unconfirmed guess: the channel is then named, never invented.
   */
  target: string;
  /** What a button opens: the URL, or mailto: for an address. */
  href?: string;
  /** Why this one: the priority it is recommended for. */
  detail?: string;
}

export interface ChannelRequest {
  policy: Policy;
  locale: Locale;
  projectPhase?: ProjectPhase;
  triage: TriageResult;
  /** The tenant's built-in customer portal (`…/portal/<tenant>/`): where a portal or form channel without a url leads. */
  builtInPortal?: string | undefined;
}

/** The priority whose severity the message suggests; the policy's default when it suggests none or no priority matches. */
export function recommendedPriority(policy: Policy, severity?: TriageResult['severity']): PriorityDefinition {
  const bySeverity = severity ? policy.priorities.find((p) => p.severity === severity) : undefined;
  return bySeverity ?? policy.priorities.find((p) => p.id === policy.defaultPriority)!;
}

/** The accepted channels for this customer; phase-restricted ones are noted when the phase is unknown. */
export function acceptedChannelsFor(policy: Policy, projectPhase?: ProjectPhase): AcceptedChannel[] {
  const refused: readonly string[] = policy.channels.refused;
  return policy.channels.accepted.filter(
    (channel) =>
      !refused.includes(channel.kind) &&
      (projectPhase === undefined || channel.phases === undefined || channel.phases.includes(projectPhase)),
  );
}

export function redirectChannels({
  policy,
  locale,
  projectPhase,
  triage,
  builtInPortal,
}: ChannelRequest): RedirectChannel[] {
  const words = REDIRECT_STRINGS[locale];
  const text = (value: Parameters<typeof textIn>[0]) => textIn(value, locale, policy.locale);
  const phaseNote = (channel: AcceptedChannel) =>
    projectPhase === undefined && channel.phases
      ? ` (${channel.phases.map((phase) => words.phase[phase]).join(`, `)})`
      : '';

  const recommended: RedirectChannel[] = [];
  const others: RedirectChannel[] = [];
  const unknown: { channel: RedirectChannel; phases: AcceptedChannel['phases'] }[] = [];
  const knownPhases: AcceptedChannel['phases'][] = [];
  for (const accepted of acceptedChannelsFor(policy, projectPhase)) {
    const channel = builtInPortal && isBuiltInPortal(accepted) ? { ...accepted, url: builtInPortal } : accepted;
    const label = text(channel.label) + phaseNote(channel);
    const target = knownTarget(channel);
    if (channel.url && target) {
      others.push({ kind: channel.kind, label, target, href: target });
    } else if (channel.address && target) {
      others.push({ kind: channel.kind, label, target, href: `mailto:${target}` });
    } else if (channel.url || channel.address || channel.assumption === 'unconfirmed' || isBuiltInPortal(channel)) {
      unknown.push({ channel: { kind: channel.kind, label, target: '' }, phases: channel.phases });
      continue;
    } else if (triage.kind === 'status-request') {
      // Routed by priority, a case's status comes in the case's own email thread: no address to recommend.
      others.push({ kind: channel.kind, label, target: words.replyToCaseEmail });
    } else {
      const priority = recommendedPriority(policy, triage.severity);
      const intake = priority.intake!;
      if (isPlaceholder(intake)) {
        unknown.push({ channel: { kind: channel.kind, label, target: '' }, phases: channel.phases });
        continue;
      }
      recommended.push({
        kind: channel.kind,
        label: words.emailForPriority(text(priority.label)) + phaseNote(channel),
        target: intake,
        href: `mailto:${intake}`,
        detail: triage.severity ? words.forWhatYouDescribe : words.usualPriority,
      });
    }
    knownPhases.push(channel.phases);
  }
  // A placeholder is never shown. A channel that has only one is left out where a channel with a real address serves
  // the same customers (crosspoint365 production: the support email, not the portal), and named otherwise.
  const covered = (phases: AcceptedChannel['phases']) =>
    knownPhases.some((known) => !known || phases?.every((phase) => known.includes(phase)) === true);
  const named = unknown.filter(({ phases }) => !covered(phases)).map(({ channel }) => channel);
  return [...recommended, ...others, ...named];
}
