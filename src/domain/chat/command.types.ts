import type { ConfirmationKind } from '../policy/policy.schema.ts';
import type { CommandName, DirectoryAction, ListFilter } from './command-catalog.ts';

export type { CommandName, ListFilter } from './command-catalog.ts';

/**
 * A case as the agent typed it: `ITBX-42` gives the prefix, `42` or `#42` only the number (the tenant's own prefix is
 * implied). Whether the prefix belongs to the tenant and the case exists is for the use case to decide.
 */
export interface CaseRefInput {
  /** Upper-cased (`itbx-42` → `ITBX`). */
  prefix?: string;
  number: number;
}

export type Assignee =
  /** The agent who typed the command (`me`, `yo`, or nothing at all). */
  | 'me'
  /** `@ana` or `ana`, without the `@`. */
  | { handle: string }
  /** A Slack mention `<@U123>`: the platform's own user id. */
  | { platformUserId: string }
  /** A Teams mention `<at>Ana Pérez</at>`: the adapter resolves it through the activity's mention entities. */
  | { displayName: string };

export type AgentCommand =
  | { name: 'help'; topic?: CommandName }
  | { name: 'new'; priority: string; customer: string; title: string }
  /** `page`: which page of the history, latest first (1 when absent). */
  | { name: 'show'; ref: CaseRefInput; page?: number }
  /**
   * `terms` are the other words, each a priority, a state, a customer (handle or "Name") or an @agent, which only the
   * policy and the directory can tell apart; `search` is the text after `search`.
   */
  | { name: 'list'; filter?: Exclude<ListFilter, 'search'>; terms?: string[]; page?: number; search?: string }
  | { name: 'assign'; ref: CaseRefInput; assignee: Assignee }
  /** `state` is an id or a label as typed (`en-curso`, `En curso`); the lifecycle matches it. */
  | { name: 'move'; ref: CaseRefInput; state: string }
  | { name: 'note'; ref: CaseRefInput; text: string }
  | { name: 'reply'; ref: CaseRefInput; text: string }
  | { name: 'wait'; ref: CaseRefInput; text?: string }
  | { name: 'priority'; ref: CaseRefInput; priority: string }
  | { name: 'escalate'; ref: CaseRefInput; reason?: string }
  | { name: 'close'; ref: CaseRefInput; resolution: string }
  | { name: 'reopen'; ref: CaseRefInput; reason?: string; billable?: boolean }
  | { name: 'cancel'; ref: CaseRefInput; reason?: string }
  | { name: 'sla'; ref: CaseRefInput }
  /** "I'm on it": acknowledges the case's SLA breach alerts, stopping their escalation. */
  | { name: 'ack'; ref: CaseRefInput }
  /** The agent's hours estimate, in minutes (`4`, `1.5`, `1,5`, `90m`, `1h30m`). */
  | { name: 'estimate'; ref: CaseRefInput; minutes: number; note?: string }
  /** Time spent on the case, in minutes. */
  | { name: 'hours'; ref: CaseRefInput; minutes: number; note?: string }
  /** The customer's confirmation (or rejection), recorded by the agent on the customer's behalf with a reason. */
  | { name: 'confirm'; ref: CaseRefInput; kind: ConfirmationKind; rejected: boolean; reason: string }
  /** The agent asks the customer to confirm the closure where a working state asks it only then (oys Análisis). */
  | { name: 'ask-close'; ref: CaseRefInput; text?: string }
  /** A move the customer's missing confirmations would refuse, forced with a reason. */
  | { name: 'override'; ref: CaseRefInput; state: string; reason: string }
  /** A contact of one of the tenant's customers, added, changed or removed by an agent (the CLI's `portero contact`). */
  | { name: 'contact'; action: DirectoryAction; handle: string; changes: DirectoryChanges }
  /** An agent's own profile (`me`, or their handle); anyone else's is the operator's. */
  | { name: 'agent'; action: DirectoryAction; handle: string; changes: DirectoryChanges }
  /** What only the operator changes, from the CLI: the chat says so. */
  | { name: 'customer' }
  | { name: 'channel' }
  | { name: 'tenant' };

/** The fields a chat directory command changes; absent ones stay as they are. */
export interface DirectoryChanges {
  customer?: string;
  name?: string;
  email?: string;
  reporter?: boolean;
}

export type CommandArgument =
  | 'subcommand'
  | 'priority'
  | 'customer'
  | 'title'
  | 'ref'
  | 'filter'
  | 'assignee'
  | 'state'
  | 'text'
  | 'reason'
  | 'resolution'
  | 'hours'
  | 'confirmation'
  | 'page'
  | 'action'
  | 'handle'
  | 'option'
  | 'name'
  | 'email';

export type CommandErrorCode =
  | 'command.empty'
  | 'command.unknown'
  | 'command.missing_argument'
  | 'command.invalid_argument'
  | 'command.too_many_arguments';

/** A refusal to parse: facts only. Words are chosen at the edge with `describeCommandError(error, locale)`. */
export interface CommandError {
  code: CommandErrorCode;
  /** The canonical subcommand; for `command.unknown`, the word as typed. */
  subcommand?: string;
  argument?: CommandArgument;
  /** The offending text: the invalid value, or what was left over. */
  value?: string;
  /** The nearest subcommand word, for `command.unknown`. */
  suggestion?: string;
  /** The subcommand's canonical syntax without the invoking prefix (`show <ref>`). */
  usage?: string;
}

export type ParseCommandResult = { ok: true; command: AgentCommand } | { ok: false; error: CommandError };
