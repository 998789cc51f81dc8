import type {
  AgentCommand,
  CaseRefInput,
  CommandArgument,
  CommandError,
  DirectoryChanges,
  ParseCommandResult,
} from './command.types.ts';
import { parseAssignee, parseCaseRef, parseHours } from './command-arguments.ts';
import {
  COMMAND_SYNTAX,
  type CommandName,
  DIRECTORY_OPTIONS,
  type DirectoryAction,
  fold,
  isBillableWord,
  isPageWord,
  isRejectWord,
  type ListFilter,
  resolveConfirmation,
  resolveDirectoryAction,
  resolveListFilter,
  resolveSubcommand,
} from './command-catalog.ts';
import { type ScannedWord, scanCommand } from './command-scanner.ts';
import { suggestSubcommand } from './command-suggest.ts';

// The `/case` grammar shared by Slack, Teams and the console. Slack hands over only the text after `/case`; Teams and
// the console hand over the whole message, perhaps after a mention of the bot. Both arrive here the same way.

export interface ParseCommandOptions {
  /** Names the bot answers to as a leading `@name` (case-insensitive). */
  botNames?: readonly string[];
}

const DEFAULT_BOT_NAMES = ['portero'];

export function parseCommand(text: string, options: ParseCommandOptions = {}): ParseCommandResult {
  const scanner = scanCommand(stripInvocation(text, options.botNames ?? DEFAULT_BOT_NAMES));
  const first = scanner.next();
  if (!first) return { ok: false, error: { code: 'command.empty' } };
  const name = resolveSubcommand(first.value);
  if (!name) return { ok: false, error: unknownSubcommand(first.value) };
  try {
    return { ok: true, command: GRAMMAR[name](argumentsOf(scanner, name)) };
  } catch (thrown) {
    if (thrown instanceof Refusal) return { ok: false, error: thrown.error };
    throw thrown;
  }
}

/** Drops a leading bot mention (`<@U0BOT>`, `<at>Portero</at>`, `@portero:`) and then `/case` or `case`. */
export function stripInvocation(text: string, botNames: readonly string[] = DEFAULT_BOT_NAMES): string {
  const names = botNames.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const mention = new RegExp(
    `^(?:<@[A-Z0-9]+(?:\\|[^>]*)?>|<at>[^<]*</at>${names ? `|@(?:${names})(?![\\p{L}\\p{N}_-])` : ''})[,:]?`,
    'iu',
  );
  return text
    .trimStart()
    .replace(mention, '')
    .trimStart()
    .replace(/^\/?(?:case|caso)(?=\s|$)/iu, '');
}

function unknownSubcommand(word: string): CommandError {
  const suggestion = suggestSubcommand(word);
  return { code: 'command.unknown', subcommand: word, ...(suggestion ? { suggestion } : {}) };
}

// Each subcommand's grammar reads as one line below; a refusal unwinds to parseCommand, which turns it back into a value.
// Nothing thrown here leaves this module.
class Refusal {
  constructor(readonly error: CommandError) {}
}

type Args = ReturnType<typeof argumentsOf>;

function argumentsOf(scanner: ReturnType<typeof scanCommand>, name: CommandName) {
  const usage = `${name} ${COMMAND_SYNTAX[name]}`;
  const fail = (code: CommandError['code'], facts: Partial<CommandError> = {}): never => {
    throw new Refusal({ code, subcommand: name, ...facts, usage });
  };
  const leftover = (word?: ScannedWord) => [word?.raw ?? '', scanner.rest()].filter((part) => part !== '').join(' ');
  return {
    fail,
    leftover,
    optionalWord: (): ScannedWord | undefined => scanner.next(),
    word: (argument: CommandArgument): string =>
      scanner.next()?.value ?? fail('command.missing_argument', { argument }),
    ref: (): CaseRefInput => {
      const word = scanner.next() ?? fail('command.missing_argument', { argument: 'ref' });
      return parseCaseRef(word.value) ?? fail('command.invalid_argument', { argument: 'ref', value: word.raw });
    },
    text: (argument: CommandArgument): string => {
      const text = scanner.rest();
      return text === '' ? fail('command.missing_argument', { argument }) : text;
    },
    optionalText: (): string | undefined => scanner.rest() || undefined,
    hours: (): number => {
      const word = scanner.next() ?? fail('command.missing_argument', { argument: 'hours' });
      return parseHours(word.value) ?? fail('command.invalid_argument', { argument: 'hours', value: word.raw });
    },
    confirmation: () => {
      const word = scanner.next() ?? fail('command.missing_argument', { argument: 'confirmation' });
      return (
        resolveConfirmation(word.value) ??
        fail('command.invalid_argument', { argument: 'confirmation', value: word.raw })
      );
    },
    end: (): void => {
      if (!scanner.atEnd()) fail('command.too_many_arguments', { value: leftover() });
    },
  };
}

/** `{ reason }` when there is one, `{}` otherwise: optional fields are absent rather than undefined. */
const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

type Grammar = { [N in CommandName]: (args: Args) => Extract<AgentCommand, { name: N }> };

const GRAMMAR: Grammar = {
  help: (a) => {
    const word = a.optionalWord();
    a.end();
    if (!word) return { name: 'help' };
    const topic = resolveSubcommand(word.value);
    if (!topic) throw new Refusal(unknownSubcommand(word.value));
    return { name: 'help', topic };
  },
  new: (a) => ({ name: 'new', priority: a.word('priority'), customer: a.word('customer'), title: a.text('title') }),
  show: (a) => {
    const ref = a.ref();
    const word = a.optionalWord();
    if (!word) return { name: 'show', ref };
    // `page 2` (página 2), or the number alone, as `list` takes it.
    const number = isPageWord(word.value)
      ? (a.optionalWord() ?? a.fail('command.missing_argument', { argument: 'page' }))
      : word;
    if (!/^\d{1,4}$/.test(number.value) || Number(number.value) < 1)
      a.fail('command.invalid_argument', { argument: 'page', value: number.raw });
    a.end();
    return { name: 'show', ref, page: Number(number.value) };
  },
  list: (a) => {
    let filter: Exclude<ListFilter, 'search'> | undefined;
    let page: number | undefined;
    const terms: string[] = [];
    for (let word = a.optionalWord(); word; word = a.optionalWord()) {
      const asFilter = resolveListFilter(word.value);
      if (asFilter === 'search') {
        // The rest of the line is the text: `/case list closed search factura duplicada`.
        const search = a.text('text');
        return { name: 'list', ...(filter ? { filter } : {}), ...(terms.length ? { terms } : {}), search };
      }
      if (asFilter && !filter) filter = asFilter;
      else if (/^\d{1,4}$/.test(word.value) && page === undefined) page = Number(word.value);
      else if (!asFilter && terms.length < 4) terms.push(word.value);
      else a.fail('command.too_many_arguments', { value: a.leftover(word) });
    }
    return {
      name: 'list',
      ...(filter ? { filter } : {}),
      ...(terms.length ? { terms } : {}),
      ...(page ? { page } : {}),
    };
  },
  assign: (a) => {
    const ref = a.ref();
    const word = a.optionalWord();
    a.end();
    const assignee = word ? parseAssignee(word) : 'me';
    return {
      name: 'assign',
      ref,
      assignee: assignee ?? a.fail('command.invalid_argument', { argument: 'assignee', value: word?.raw }),
    };
  },
  move: (a) => ({ name: 'move', ref: a.ref(), state: a.text('state').replace(/\s+/g, ' ') }),
  note: (a) => ({ name: 'note', ref: a.ref(), text: a.text('text') }),
  reply: (a) => ({ name: 'reply', ref: a.ref(), text: a.text('text') }),
  wait: (a) => ({ name: 'wait', ref: a.ref(), ...optional('text', a.optionalText()) }),
  priority: (a) => withEnd(a, { name: 'priority', ref: a.ref(), priority: a.word('priority') }),
  escalate: (a) => ({ name: 'escalate', ref: a.ref(), ...optional('reason', a.optionalText()) }),
  close: (a) => ({ name: 'close', ref: a.ref(), resolution: a.text('resolution') }),
  reopen: (a) => {
    const ref = a.ref();
    const text = a.optionalText();
    // `billable` (facturable) first: the customer accepted the work as billable consulting (arcoirisapp's warranty).
    const first = text?.split(/\s+/u)[0] ?? '';
    if (!text || !isBillableWord(first)) return { name: 'reopen', ref, ...optional('reason', text) };
    return { name: 'reopen', ref, billable: true, ...optional('reason', text.slice(first.length).trim() || undefined) };
  },
  cancel: (a) => ({ name: 'cancel', ref: a.ref(), ...optional('reason', a.optionalText()) }),
  sla: (a) => withEnd(a, { name: 'sla', ref: a.ref() }),
  ack: (a) => withEnd(a, { name: 'ack', ref: a.ref() }),
  estimate: (a) => ({ name: 'estimate', ref: a.ref(), minutes: a.hours(), ...optional('note', a.optionalText()) }),
  hours: (a) => ({ name: 'hours', ref: a.ref(), minutes: a.hours(), ...optional('note', a.optionalText()) }),
  confirm: (a) => {
    const ref = a.ref();
    const kind = a.confirmation();
    let reason = a.text('reason');
    // `reject` (rechazo) before the reason makes it the customer's rejection.
    const [first = '', ...rest] = reason.split(/\s+/u);
    const rejected = isRejectWord(first);
    if (rejected) reason = rest.length ? reason.slice(reason.indexOf(first) + first.length).trim() : '';
    if (reason === '') a.fail('command.missing_argument', { argument: 'reason' });
    return { name: 'confirm', ref, kind, rejected, reason };
  },
  'ask-close': (a) => ({ name: 'ask-close', ref: a.ref(), ...optional('text', a.optionalText()) }),
  override: (a) => ({ name: 'override', ref: a.ref(), state: a.word('state'), reason: a.text('reason') }),
  contact: (a) => {
    const change = directoryChange(a);
    // A new contact belongs to a company, as `portero contact add` requires.
    if (change.action === 'add' && change.changes.customer === undefined)
      a.fail('command.missing_argument', { argument: 'customer' });
    return { name: 'contact', ...change };
  },
  agent: (a) => ({ name: 'agent', ...directoryChange(a) }),
  // The operator's: whatever follows, the answer is where to do it.
  customer: () => ({ name: 'customer' }),
  channel: () => ({ name: 'channel' }),
  tenant: () => ({ name: 'tenant' }),
};

/** `<add|update|remove> <handle> [--name "Ana Ruiz"] [--email …] [--customer acme] [--reporter|--no-reporter]` */
function directoryChange(a: Args): { action: DirectoryAction; handle: string; changes: DirectoryChanges } {
  const word = a.optionalWord() ?? a.fail('command.missing_argument', { argument: 'action' });
  const action =
    resolveDirectoryAction(word.value) ?? a.fail('command.invalid_argument', { argument: 'action', value: word.raw });
  const handle = a.word('handle');
  const changes: DirectoryChanges = {};
  for (let option = a.optionalWord(); option; option = a.optionalWord()) {
    const field = DIRECTORY_OPTIONS[fold(option.value)];
    if (!field) a.fail('command.invalid_argument', { argument: 'option', value: option.raw });
    else if (field === 'reporter' || field === 'no-reporter') changes.reporter = field === 'reporter';
    else changes[field] = a.word(field);
  }
  return { action, handle, changes };
}

/** The command, once nothing is left on the line. */
function withEnd<C extends AgentCommand>(args: Args, command: C): C {
  args.end();
  return command;
}
