import { confirmationWords } from '../case/case-error.i18n.ts';
import { hoursNumber } from '../case/hours-text.ts';
import { stateOf } from '../case/lifecycle.ts';
import { describePolicyHours } from '../chat/support-hours.ts';
import { type LocalizedText, textIn } from '../policy/localized-text.ts';
import { hoursStanding } from '../policy/policy.assumptions.ts';
import type { ConfirmationKind, Policy } from '../policy/policy.schema.ts';
import { ANSWER_WORDS } from './confirmation-reply.ts';
import { NOTICE_STRINGS } from './customer-notice.i18n.ts';

// What Portero tells a customer about their case on its own: the acknowledgement with the case number (JD Services:
// "recibirá un email automático con el nº de caso"; arcoirisapp: "se asignará un número de Tiquete") and, where the
// policy promises it, a notice of each update (CrossPoint 365: "una notificación, vía correo electrónico, de
// cualquier actualización"). In the policy's language; the same text goes by email or onto the case for the portal.

export interface CustomerNotice {
  subject: string;
  body: string;
}

export interface AcknowledgementFacts {
  policy: Policy;
  ref: string;
  title: string;
  /** The acknowledgement goes by email: it says how to answer it. */
  byEmail: boolean;
  /** The case's page in the customer portal, where the policy's channel is the portal. */
  link?: string | undefined;
  /** The customer's text carried secrets that were redacted. */
  redacted: boolean;
}

export function composeAcknowledgement(facts: AcknowledgementFacts): CustomerNotice {
  const { policy } = facts;
  const words = NOTICE_STRINGS[policy.locale];
  const text = (value: LocalizedText) => textIn(value, policy.locale, policy.locale);
  const standing = hoursStanding(policy.calendars[policy.defaultCalendar]);
  // Hours a preset only assumed are not shown until the operator confirms them (then as the usual hours).
  const hours =
    standing === 'unknown'
      ? undefined
      : (standing === 'usual' ? words.usualHours : words.hours)(describePolicyHours(policy));
  const checklist = policy.caseChecklist.map((item) => `• ${text(item).trim()}`);
  const parts = [
    words.ackLead(facts.ref, facts.title),
    facts.byEmail ? words.replyByEmail(facts.ref) : undefined,
    facts.link ? words.followAt(facts.link) : undefined,
    hours,
    checklist.length > 0 ? [words.checklist, ...checklist].join('\n') : undefined,
    policy.rules.forbiddenContent.warnCustomer || facts.redacted
      ? [words.noSecrets, facts.redacted ? words.redacted : undefined].filter(Boolean).join(' ')
      : undefined,
    words.signature(policy.name),
  ];
  return { subject: words.ackSubject(facts.title), body: parts.filter(Boolean).join('\n\n') };
}

/** The case events a customer hears about where the policy promises every update by email. */
export const NOTIFIED_EVENTS = ['moved', 'waiting', 'closed', 'cancelled', 'reopened', 'overridden'] as const;

export interface UpdateFacts {
  policy: Policy;
  ref: string;
  title: string;
  event: { type: string; data?: Record<string, unknown> | undefined };
  /** The state the case is in now. */
  state: string;
  link?: string | undefined;
}

/** The notice of an update, or undefined for an event the customer does not hear about. */
export function composeUpdateNotice(facts: UpdateFacts): CustomerNotice | undefined {
  const { policy, ref, title, event } = facts;
  if (!(NOTIFIED_EVENTS as readonly string[]).includes(event.type)) return undefined;
  const words = NOTICE_STRINGS[policy.locale];
  const label = (id: unknown) => {
    const state = typeof id === 'string' ? stateOf(policy, id) : undefined;
    return state ? textIn(state.label, policy.locale, policy.locale) : String(id ?? '');
  };
  const kind = stateOf(policy, facts.state)?.kind;
  const note = typeof event.data?.text === 'string' && event.data.text ? event.data.text : undefined;
  const lead =
    event.type === 'reopened'
      ? words.reopened(ref, title)
      : kind === 'closed' || kind === 'resolved'
        ? event.type === 'moved'
          ? words.moved(ref, title, label(event.data?.from), label(facts.state))
          : words.closed(ref, title)
        : kind === 'cancelled'
          ? words.cancelled(ref, title)
          : kind === 'waiting'
            ? words.waiting(ref, title)
            : words.moved(ref, title, label(event.data?.from), label(facts.state));
  const detail = note && (kind === 'closed' ? words.resolution(note) : words.reason(note));
  const parts = [lead, detail, facts.link ? words.followAt(facts.link) : undefined, words.signature(policy.name)];
  return { subject: words.updateSubject(title), body: parts.filter(Boolean).join('\n\n') };
}

export interface ConfirmationRequestFacts {
  policy: Policy;
  ref: string;
  title: string;
  kind: ConfirmationKind;
  /** The estimate an approval is asked for. */
  estimate?: { minutes: number; note?: string | undefined } | null | undefined;
  /** What the agent wrote when asking (`/case ask-close <ref> [text]`). */
  note?: string | undefined;
  link?: string | undefined;
}

/**
 * The customer is asked for what the case waits for (oys, seed 004: "se solicitará al cliente la aprobación"; itbx:
 * "con el aval del cliente"), and told how to answer by email: a yes or no word on the first line (confirmation-reply.ts).
 */
export function composeConfirmationRequest(facts: ConfirmationRequestFacts): CustomerNotice {
  const { policy, ref, title, kind, estimate } = facts;
  const words = NOTICE_STRINGS[policy.locale];
  const answer = ANSWER_WORDS[policy.locale];
  const hours = estimate && hoursNumber(estimate.minutes, policy.locale);
  const parts = [
    words.confirmLead(ref, title, confirmationWords[policy.locale][kind] ?? kind),
    kind === 'approval' && estimate && hours ? words.estimate(hours, estimate.note) : undefined,
    facts.note ? words.reason(facts.note) : undefined,
    words.answerByEmail(answer.yes, answer.no),
    facts.link ? words.answerAt(facts.link) : undefined,
    words.signature(policy.name),
  ];
  return { subject: words.confirmSubject(title), body: parts.filter(Boolean).join('\n\n') };
}
