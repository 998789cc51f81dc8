import { type Locale, type LocalizedText, textIn } from '../policy/localized-text.ts';
import { hoursStanding, isPlaceholder } from '../policy/policy.assumptions.ts';
import type { Policy, ProjectPhase } from '../policy/policy.schema.ts';
import type { ChatMessage, MessageAction } from './chat-message.ts';
import { acceptedChannelsFor, type RedirectChannel, redirectChannels } from './redirect.channels.ts';
import { REDIRECT_STRINGS, type RedirectStrings } from './redirect.i18n.ts';
import { describePolicyHours } from './support-hours.ts';
import type { TriageResult } from './triage.ts';

// The one reply a customer gets for asking for support in chat: a kind sentence or two saying chat is not a
// support channel under the provider's policy, then where to go instead (only what the policy accepts for this
// customer), the priority guide where email is routed by priority, the support hours, what to include, and a warning
// when the message carried a secret. `text` holds all of it for plain-text surfaces; `notes` and `actions` hold the
// same parts for Slack and Teams, the lead first.

export interface RedirectRequest {
  policy: Policy;
  /** The reply's language: the tenant's locale when it differs from the policy's; the policy's by default. */
  locale?: Locale;
  /** The customer's project phase, when known; unknown shows every channel with its phase noted. */
  projectPhase?: ProjectPhase;
  triage: TriageResult;
  /** The tenant's built-in customer portal, for a portal or form channel the policy gives no url (portalLink). */
  builtInPortal?: string | undefined;
}

const CHECKLIST_ITEMS = 6;
const GUIDE_DESCRIPTION_CHARS = 110;

export function composeRedirect({
  policy,
  locale = policy.locale,
  projectPhase,
  triage,
  builtInPortal,
}: RedirectRequest): ChatMessage {
  const words = REDIRECT_STRINGS[locale];
  const text = (value: LocalizedText) => textIn(value, locale, policy.locale);
  const opensCase = triage.kind !== 'status-request';

  const channels = redirectChannels({ policy, locale, projectPhase, triage, builtInPortal });
  const lead = leadFor(policy, triage, words, text, projectPhase);
  const listing = [
    opensCase ? words.openCaseThrough : words.checkStatusThrough,
    ...channels.map(
      (channel) =>
        `• ${channel.label}${channel.target ? `: ${channel.target}` : ''}${channel.detail ? ` (${channel.detail})` : ''}`,
    ),
  ].join('\n');

  const rest = [
    opensCase && triage.question ? questionContact(policy, words) : undefined,
    opensCase && policy.channels.routeEmailByPriority ? priorityGuide(policy, words, text) : undefined,
    supportHours(policy, locale, words),
    opensCase ? checklist(policy, words, text) : undefined,
    triage.secrets.length > 0 && policy.rules.forbiddenContent.warnCustomer ? words.secretWarning : undefined,
  ].filter((note): note is string => note !== undefined);
  // Cards show the channels as buttons; one named without an address (a placeholder) has no button, so the listing
  // itself is a note then.
  const unlinked = channels.some((channel) => !channel.href);
  const notes = [lead, ...(unlinked ? [listing] : []), ...rest];

  return {
    title: words.title,
    text: [lead, listing, ...rest].join('\n\n'),
    notes,
    actions: channels.filter((channel) => channel.href).map(toAction),
    visibility: 'private',
  };
}

/** The warning alone, for a secret pasted while a redirect was already given in this window. */
export function secretWarning(policy: Policy, locale: Locale = policy.locale): ChatMessage {
  const words = REDIRECT_STRINGS[locale];
  return {
    title: words.secretWarningTitle,
    text: words.secretWarning,
    notes: [words.secretWarning],
    visibility: 'private',
  };
}

function leadFor(
  policy: Policy,
  triage: TriageResult,
  words: RedirectStrings,
  text: (value: LocalizedText) => string,
  projectPhase?: ProjectPhase,
): string {
  if (triage.kind === 'status-request' && policy.channels.statusOnlyThroughAcceptedChannels) {
    const names = acceptedChannelsFor(policy, projectPhase).map((channel) => inSentence(text(channel.label)));
    const joined = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${words.or} ${names.at(-1)}` : names[0]!;
    return words.statusOnly(policy.name, joined);
  }
  const note = policy.channels.redirectNote ? ` ${text(policy.channels.redirectNote)}` : '';
  if (triage.kind === 'agent-command') return words.commandRefusal(policy.name) + note;
  return note ? words.refusalBeforeNote(policy.name) + note : words.refusal(policy.name);
}

/**
 * Where the policy lists a contact for questions (itbx: "Cualquier duda, puedes comunicarte con el área de soporte.
 * Correo: soporte@itbx.co Teléfonos …"), a question gets it besides the case channels; a kind the policy refuses
 * (arcoirisapp: email and phone) is never offered.
 */
function questionContact(policy: Policy, words: RedirectStrings): string | undefined {
  const { contact, refused } = policy.channels;
  if (!contact) return undefined;
  const email = refused.includes('email') || isPlaceholder(contact.email) ? undefined : contact.email;
  const phones = refused.includes('phone') ? [] : contact.phones;
  return email || phones.length > 0 ? words.questionsTo(email, phones) : undefined;
}

/**
 * The default calendar's hours as the seed states them; hours a preset assumed are "usual hours" once the operator
 * confirms them (`assumption: confirmed`), and are not shown at all until then.
 */
function supportHours(policy: Policy, locale: Locale, words: RedirectStrings): string | undefined {
  const standing = hoursStanding(policy.calendars[policy.defaultCalendar]);
  if (standing === 'unknown') return undefined;
  const hours = describePolicyHours(policy, locale);
  return standing === 'usual' ? words.usualHours(hours) : words.hours(hours);
}

/** "Portal OYS" → "portal OYS" inside a sentence; acronyms ("OYS support email") keep their capitals. */
function inSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

function priorityGuide(policy: Policy, words: RedirectStrings, text: (value: LocalizedText) => string): string {
  const lines = policy.priorities.map((priority) => {
    const parts = [text(priority.label), words.severity[priority.severity], priority.intake].filter(Boolean);
    const description = priority.description ? `: ${firstClause(text(priority.description))}` : '';
    return `• ${parts.join(' · ')}${description}`;
  });
  return [words.priorityGuide, ...lines].join('\n');
}

function checklist(policy: Policy, words: RedirectStrings, text: (value: LocalizedText) => string): string | undefined {
  const items = policy.caseChecklist.slice(0, CHECKLIST_ITEMS).map((item) =>
    text(item)
      .trim()
      .replace(/[.;:]+$/, ''),
  );
  return items.length > 0 ? [words.checklist, ...items.map((item) => `• ${item}`)].join('\n') : undefined;
}

/** "Emergencia urgente … del negocio: No se puede …" → the part before the first colon or full stop. */
function firstClause(description: string): string {
  const clause = description.split(/(?<=\S)[.:;](?:\s|$)/)[0]!.trim();
  return clause.length <= GUIDE_DESCRIPTION_CHARS
    ? clause
    : `${clause.slice(0, GUIDE_DESCRIPTION_CHARS - 1).trimEnd()}…`;
}

function toAction(channel: RedirectChannel): MessageAction {
  return { kind: 'link', label: channel.label, url: channel.href! };
}
