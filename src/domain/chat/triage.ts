import { type DetectedLanguage, detectLanguage } from './language.ts';
import { findSecrets, redactSecrets, SECRET_KINDS, type SecretKind } from './secrets.ts';
import { describesFailure, type SuggestedSeverity, suggestSeverity } from './triage.severity.ts';
import { containsPhrase, hasNoWords, normalizeText, phrasePattern, wordsOf } from './triage.text.ts';
import * as words from './triage.vocabulary.ts';

// What a customer's chat message is, so Portero knows whether to answer it: every support request (and status
// question, and attempted agent command) gets the policy redirect; social talk gets nothing. The rules run in
// order and the first that applies decides; each is a few lines over the word lists in triage.vocabulary.ts.

export type TriageKind = 'support-request' | 'status-request' | 'agent-command' | 'chit-chat';

export const TRIAGE_REASONS = [
  'triage.empty',
  'triage.agent_command',
  'triage.emoji_only',
  'triage.status_request',
  'triage.problem_report',
  'triage.help_request',
  'triage.question',
  'triage.contains_secret',
  'triage.thanks',
  'triage.farewell',
  'triage.acknowledgement',
  'triage.greeting_only',
  'triage.short_without_request',
  'triage.unrecognized_request',
] as const;
export type TriageReason = (typeof TRIAGE_REASONS)[number];

export interface TriageResult {
  kind: TriageKind;
  /** Only for support requests: what the message suggests, not what the policy will decide. */
  severity?: SuggestedSeverity;
  /**
   * Only for support requests: it asks a question and reports no problem ("¿cómo exporto el informe?"), so the
   * policy's contact for questions is offered too (itbx: soporte@itbx.co and the phones).
   */
  question?: true;
  language: DetectedLanguage;
  /** Kinds of secret the message carried (they are never kept; the reply warns about them). */
  secrets: SecretKind[];
  reason: TriageReason;
}

interface Message {
  raw: string;
  /** Lower case, no accents, secrets removed. */
  normalized: string;
  words: string[];
  /** Words left once greetings, thanks, acknowledgements and farewells are taken out. */
  leftover: string[];
  secrets: SecretKind[];
}

interface Rule {
  reason: TriageReason;
  kind: TriageKind;
  applies: (message: Message) => boolean;
}

const mentions = (message: Message, phrases: readonly string[]) =>
  phrases.some((phrase) => containsPhrase(message.normalized, phrase));

// A name or two after "gracias" ("gracias Juan") is still just thanks; so is a message that opens with thanks or
// an acknowledgement and asks nothing ("Vale, lo pruebo y os digo"). Greetings do not count here: a greeting
// followed by words is someone about to ask.
const SOCIAL_TOLERANCE = 2;
const isSocial = (message: Message) => message.leftover.length <= SOCIAL_TOLERANCE;
const opensWith = (message: Message, phrases: readonly string[]) =>
  phrases.some(
    (phrase) =>
      message.normalized.startsWith(phrase) && containsPhrase(message.normalized.slice(0, phrase.length + 1), phrase),
  );
const socialWith = (phrases: readonly string[]) => (message: Message) =>
  (isSocial(message) || opensWith(message, phrases)) && mentions(message, phrases);

const RULES: Rule[] = [
  { reason: 'triage.empty', kind: 'chit-chat', applies: (m) => m.raw.trim() === '' },
  { reason: 'triage.agent_command', kind: 'agent-command', applies: (m) => looksLikeAgentCommand(m.raw) },
  { reason: 'triage.emoji_only', kind: 'chit-chat', applies: (m) => hasNoWords(m.raw) },
  { reason: 'triage.status_request', kind: 'status-request', applies: asksForStatus },
  { reason: 'triage.problem_report', kind: 'support-request', applies: reportsProblem },
  { reason: 'triage.help_request', kind: 'support-request', applies: (m) => mentions(m, words.HELP_WORDS) },
  { reason: 'triage.question', kind: 'support-request', applies: asksQuestion },
  { reason: 'triage.contains_secret', kind: 'support-request', applies: (m) => m.secrets.length > 0 },
  { reason: 'triage.thanks', kind: 'chit-chat', applies: socialWith(words.THANKS) },
  { reason: 'triage.farewell', kind: 'chit-chat', applies: socialWith(words.FAREWELLS) },
  { reason: 'triage.acknowledgement', kind: 'chit-chat', applies: socialWith(words.ACKNOWLEDGEMENTS) },
  { reason: 'triage.greeting_only', kind: 'chit-chat', applies: (m) => isSocial(m) && mentions(m, words.GREETINGS) },
  // One or two words asking nothing ("okis", "awesome", "factura") are not a request either.
  { reason: 'triage.short_without_request', kind: 'chit-chat', applies: isSocial },
  // Anything else with words in it is taken as a request: an unanswered customer is worse than one redirect.
  { reason: 'triage.unrecognized_request', kind: 'support-request', applies: () => true },
];

/** Classifies one customer message. Pure: same text, same result. */
export function triageMessage(text: string): TriageResult {
  const redacted = redactSecrets(text).text.replace(/\[REDACTED:[a-z-]+\]/g, ' ');
  // "Gracias por la ayuda" thanks for help already given: it is not a call for help.
  const normalized = normalizeText(redacted).replace(THANKS_FOR, ' ');
  const kinds = new Set(findSecrets(text).map((finding) => finding.kind));
  const message: Message = {
    raw: text,
    normalized,
    words: wordsOf(normalized),
    leftover: wordsOf(withoutSocialPhrases(normalized)),
    secrets: SECRET_KINDS.filter((kind) => kinds.has(kind)),
  };
  const rule = RULES.find((candidate) => candidate.applies(message))!;
  return {
    kind: rule.kind,
    ...(rule.kind === 'support-request' && { severity: suggestSeverity(normalized) }),
    ...(rule.kind === 'support-request' && isQuestion(message) && { question: true as const }),
    language: detectLanguage(text),
    secrets: message.secrets,
    reason: rule.reason,
  };
}

const THANKS_FOR = /\b(?:gracias|thanks|thank you) (?:por|for|x) [^.,;!?]*/g;

/** Whether the customer gets the policy redirect: everything but social talk. */
export function needsRedirect(result: TriageResult): boolean {
  return result.kind !== 'chit-chat';
}

const AGENT_VERBS = [
  'new|assign|unassign|take|move|note|reply|wait|close|reopen|sla|help',
  'show|list|escalate|status|cancel|resolve|priority|type',
].join('|');
const AGENT_COMMAND = new RegExp(String.raw`^(?:\/(?:case|caso|cases|casos|portero)\b|case\s+(?:${AGENT_VERBS})\b)`);

function looksLikeAgentCommand(raw: string): boolean {
  return AGENT_COMMAND.test(normalizeText(raw));
}

// "ITBX-12", "CP-2231", "#4521", or a case noun with a number ("caso 1234", "ticket 5532").
const CASE_REFERENCE = /(?:^|\s)#\d+\b|\b[a-z]{2,6}-\d+\b/;

function asksForStatus(message: Message): boolean {
  if (mentions(message, words.STATUS_PHRASES)) return true;
  const namesCase = CASE_REFERENCE.test(message.normalized) || mentions(message, words.CASE_NOUNS);
  if (!namesCase || mentions(message, words.NEW_CASE_WORDS)) return false;
  // A question about a named case that brings no new problem asks how that case is going.
  return mentions(message, words.STATUS_WITH_CASE) || (/[?¿]/.test(message.raw) && !reportsProblem(message));
}

function reportsProblem(message: Message): boolean {
  return mentions(message, words.PROBLEM_WORDS) || describesFailure(message.normalized) || hasNegatedVerb(message);
}

/** "no carga", "no me deja", "ningún cliente puede", "sin funcionar"; "can't", "isn't" (but not "no worries"). */
function hasNegatedVerb({ words: tokens }: Message): boolean {
  const isVerb = (word = '') => words.FAILING_VERB_STEMS.some((stem) => word.startsWith(stem));
  return tokens.some((token, index) => {
    if (words.ENGLISH_NEGATIONS.includes(token)) {
      const next = tokens[index + 1];
      return next !== undefined && !words.HARMLESS_AFTER_NEGATION.includes(next);
    }
    if (!words.SPANISH_NEGATIONS.includes(token)) return false;
    let next = index + 1;
    while (words.SPANISH_CLITICS.includes(tokens[next] ?? '')) next++;
    // "ningún cliente puede": the quantifier's noun stands before the verb.
    if (token.startsWith('ningun') && !isVerb(tokens[next])) next++;
    return isVerb(tokens[next]);
  });
}

/** A question, not a case: it asks (or says it has a question) and reports nothing failing. */
function isQuestion(message: Message): boolean {
  return (asksQuestion(message) || mentions(message, words.QUESTION_NOUNS)) && !reportsProblem(message);
}

function asksQuestion(message: Message): boolean {
  if (/[?¿]/.test(message.raw) && message.leftover.length > 0) return true;
  // Customers often drop the question mark: "como hago para…". A clause opening with a question word asks.
  return message.normalized
    .split(/[.,;:!?¿¡\n]+/)
    .map((clause) => clause.trim())
    .some((clause) => words.QUESTION_WORDS.some((q) => clause === q || clause.startsWith(`${q} `)));
}

const SOCIAL_PHRASES = [...words.GREETINGS, ...words.THANKS, ...words.ACKNOWLEDGEMENTS, ...words.FAREWELLS].sort(
  (a, b) => b.length - a.length,
);

function withoutSocialPhrases(normalized: string): string {
  return SOCIAL_PHRASES.reduce((rest, phrase) => rest.replace(phrasePattern(phrase, 'gu'), ' '), normalized);
}
