import { z } from 'zod';
import { accept, type CaseError, type Outcome, refuse } from '../case/case-error.ts';

// One set of rules for what people type, whatever the surface (CLI, chat, Slack modal, Teams card, mail, portal):
// each check answers the cleaned value or a refusal naming the field, the rule broken and what is wrong with the
// value. The limits are documented in docs/commands.md ("Input rules"); surfaces show them when a value exceeds them.

export const INPUT_LIMITS = {
  /** Handles of customers, contacts, agents, tenants: short words people type in commands. */
  handle: 64,
  /** Names of people and companies. */
  name: 200,
  /** A case title: one line. */
  title: 200,
  /** Descriptions, notes, replies, reasons. */
  text: 10_000,
  email: 254,
  url: 2048,
} as const;

/** Unicode letters and digits, then also `.`, `_`, `-`: `ñandu`, `jose.pérez`, `acme-2`. */
const HANDLE = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
const LINE_BREAK = /[\r\n\u2028\u2029]/;
/** Control characters other than tab and line breaks: never part of what a person meant to type. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is what it finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const EMAIL = z.email({ pattern: z.regexes.unicodeEmail });

type Checked = Outcome<string>;

/** How a value is shown inside a refusal: long values are cut, so the refusal stays one readable line. */
export function shownValue(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return oneLine.length <= 40 ? oneLine : `${oneLine.slice(0, 39)}…`;
}

const invalid = (field: string, rule: InputRule, params: CaseError['params'] = {}) =>
  refuse('input.invalid', { field, rule, ...params });

export type InputRule =
  | 'required'
  | 'max_length'
  | 'handle_space'
  | 'handle_characters'
  | 'line_break'
  | 'control_character'
  | 'email_syntax'
  | 'url_syntax'
  | 'url_scheme';

function bounded(field: string, value: string, max: number): Checked {
  if (value === '') return invalid(field, 'required');
  if (value.length > max) return invalid(field, 'max_length', { max, length: value.length });
  if (CONTROL.test(value)) return invalid(field, 'control_character');
  return accept(value);
}

/** A handle: trimmed, lower-cased, Unicode letters and digits with `.`, `_`, `-`, no spaces. */
export function checkHandle(field: string, raw: string): Checked {
  const value = raw.trim().normalize('NFC');
  const shown = shownValue(value);
  if (value === '') return invalid(field, 'required');
  if (value.length > INPUT_LIMITS.handle)
    return invalid(field, 'max_length', { max: INPUT_LIMITS.handle, length: value.length });
  if (/\s/.test(value)) return invalid(field, 'handle_space', { value: shown });
  if (!HANDLE.test(value)) return invalid(field, 'handle_characters', { value: shown });
  return accept(value.toLowerCase());
}

/** A person's or a company's name: trimmed, one line. */
export function checkName(field: string, raw: string): Checked {
  const value = raw.trim().normalize('NFC');
  if (LINE_BREAK.test(value)) return invalid(field, 'line_break');
  return bounded(field, value, INPUT_LIMITS.name);
}

/** A case title: trimmed, one line. */
export function checkTitle(field: string, raw: string): Checked {
  const value = raw.trim().normalize('NFC');
  if (LINE_BREAK.test(value)) return invalid(field, 'line_break');
  return bounded(field, value, INPUT_LIMITS.title);
}

/** Free text (a description, a note, a reply): trimmed, line breaks kept, bounded. Empty is refused: callers with
 *  an optional text check it only when given. */
export function checkText(field: string, raw: string): Checked {
  return bounded(field, raw.trim().normalize('NFC'), INPUT_LIMITS.text);
}

/** An email address: its syntax (Unicode allowed), not whether the mailbox exists. */
export function checkEmail(field: string, raw: string): Checked {
  const value = raw.trim();
  const length = bounded(field, value, INPUT_LIMITS.email);
  if (!length.ok) return length;
  return EMAIL.safeParse(value).success ? accept(value) : invalid(field, 'email_syntax', { value: shownValue(value) });
}

/** A link people will open: http or https only (no javascript:, file:, mailto:). */
export function checkUrl(field: string, raw: string): Checked {
  const value = raw.trim();
  const length = bounded(field, value, INPUT_LIMITS.url);
  if (!length.ok) return length;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(field, 'url_syntax', { value: shownValue(value) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return invalid(field, 'url_scheme', { value: shownValue(value), scheme: url.protocol.slice(0, -1) });
  return accept(value);
}

/** An optional value: absent stays absent (undefined), present is checked. */
export function checkOptional(
  check: (field: string, raw: string) => Checked,
  field: string,
  raw: string | undefined | null,
): Outcome<string | undefined> {
  return raw === undefined || raw === null ? accept(undefined) : check(field, raw);
}
