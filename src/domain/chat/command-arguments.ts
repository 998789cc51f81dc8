import type { Assignee, CaseRefInput } from './command.types.ts';
import { fold, SELF_WORDS } from './command-catalog.ts';
import type { ScannedWord } from './command-scanner.ts';

// The typed arguments of `/case`: case references and assignees. Each reads one word and answers undefined when the
// word is not one, so the grammar can name the argument in its refusal.

/** `ITBX-42`, `itbx-42`, `#ITBX-42`, `#42`, `42`. Numbers start at 1; nine digits is far beyond any desk's count. */
const CASE_REF = /^#?(?:([A-Za-z][A-Za-z0-9]*)-)?(\d{1,9})$/;

export function parseCaseRef(text: string): CaseRefInput | undefined {
  const match = CASE_REF.exec(text.trim());
  if (!match) return undefined;
  const number = Number.parseInt(match[2]!, 10);
  if (number < 1) return undefined;
  return match[1] === undefined ? { number } : { prefix: match[1].toUpperCase(), number };
}

/** `ITBX-42`, or `#42` when only the number was given. */
export function formatCaseRef(ref: CaseRefInput): string {
  return ref.prefix === undefined ? `#${ref.number}` : `${ref.prefix}-${ref.number}`;
}

/** Hours as agents write them: `4`, `1.5`, `1,5` (hours), `90m`, `2h`, `1h30m`; at most 10,000 hours. */
const DECIMAL_HOURS = /^(\d{1,5})(?:[.,](\d{1,2}))?$/;
const HOURS_MINUTES = /^(?:(\d{1,5})h)?(?:(\d{1,6})m)?$/i;

export function parseHours(text: string): number | undefined {
  const decimal = DECIMAL_HOURS.exec(text);
  const units = decimal ? undefined : HOURS_MINUTES.exec(text);
  const minutes = decimal
    ? Math.round(Number(`${decimal[1]}.${decimal[2] ?? '0'}`) * 60)
    : units && (units[1] !== undefined || units[2] !== undefined)
      ? Number(units[1] ?? 0) * 60 + Number(units[2] ?? 0)
      : undefined;
  return minutes !== undefined && minutes > 0 && minutes <= 600_000 ? minutes : undefined;
}

/** Slack writes a mention as `<@U123>` or `<@U123|ana>`; user ids start with U or W. */
const SLACK_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/i;
const TEAMS_MENTION = /^<at>([\s\S]*)<\/at>$/i;
/** Slack and Teams handles: letters, digits, dots, dashes and underscores. */
const HANDLE = /^@?([\p{L}\p{N}][\p{L}\p{N}._-]*)$/u;

export function parseAssignee(word: ScannedWord): Assignee | undefined {
  const slack = SLACK_MENTION.exec(word.raw);
  if (slack) return { platformUserId: slack[1]!.toUpperCase() };
  const teams = TEAMS_MENTION.exec(word.raw);
  if (teams) {
    const displayName = teams[1]!.trim();
    return displayName === '' ? undefined : { displayName };
  }
  if (SELF_WORDS.includes(fold(word.value.replace(/^@/, '')))) return 'me';
  const handle = HANDLE.exec(word.value);
  return handle ? { handle: handle[1]! } : undefined;
}
