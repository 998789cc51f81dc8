import type { Caller } from '../app/cases/case-context.ts';
import { openCase } from '../app/cases/open-case.ts';
import { runAgentCommand } from '../app/chat/agent-command.ts';
import { changedCard } from '../app/chat/agent-context.ts';
import type { ChatMessage } from '../domain/chat/chat-message.ts';
import { describeCommandError } from '../domain/chat/command.i18n.ts';
import type { AgentCommand } from '../domain/chat/command.types.ts';
import { COMMAND_NAMES, COMMAND_SYNTAX } from '../domain/chat/command-catalog.ts';
import { parseCommand } from '../domain/chat/command-grammar.ts';
import { commandHelpMessage } from '../domain/chat/command-messages.ts';
import { parseCliArgs, required, unwrap } from './cli-args.ts';
import { type CliCommand, type CliIo, UsageError } from './cli-io.ts';
import { type Runtime, withRuntime } from './runtime.ts';

const USAGE = [
  'usage: portero case open --tenant T --customer C --title "…" [--priority P] [--type T] [--description "…"] [--reporter H] [--about REF [--billable]] [--as AGENT]',
  '       portero case show|list|assign|move|note|reply|wait|priority|escalate|close|reopen|cancel|sla|ack|estimate|hours|confirm|ask-close|override … --tenant T [--as AGENT] [--json]',
  '       portero case list [open|closed|all|mine|unassigned|waiting|breaching|due-soon] --tenant T [--customer C] [--priority P] [--state S] [--agent A] [--search "…"] [--page N]',
  '       portero case show <ref> --tenant T [--page N] [--json]   (the whole case; --page: earlier history)',
  '       (the same arguments as the /case chat command: portero case show ITBX-4 --tenant itbx)',
].join('\n');

/** `portero case …`: the agents' command set for operators, over the same use cases as Slack and Teams. */
export const caseCommand: CliCommand = {
  name: 'case',
  summary: 'open, inspect and work cases from the terminal',
  usage: [
    USAGE,
    '',
    'subcommands (besides open, the /case chat grammar; <ref> is ITBX-42 or just 42):',
    ...COMMAND_NAMES.map((name) => `  ${name} ${COMMAND_SYNTAX[name]}`),
    '',
    '  --tenant  required; --as <agent handle> acts as that agent (without it: the system, which can read cases)',
    '  --json    the answer as JSON (text, title, fields, buttons)',
    '',
    'A refusal (⚠️) goes to stderr with exit 1.',
    '',
    'example: portero case assign ITBX-1 me --tenant itbx --as ana',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCliArgs(
      args,
      {
        tenant: { type: 'string' },
        as: { type: 'string' },
        json: { type: 'boolean' },
        customer: { type: 'string' },
        title: { type: 'string' },
        priority: { type: 'string' },
        type: { type: 'string' },
        description: { type: 'string' },
        reporter: { type: 'string' },
        about: { type: 'string' },
        billable: { type: 'boolean' },
        search: { type: 'string' },
        page: { type: 'string' },
        agent: { type: 'string' },
        state: { type: 'string' },
      },
      USAGE,
    );
    if (positionals.length === 0) {
      io.err(USAGE);
      return 2;
    }
    // Help needs no tenant and no database: it is the grammar's own.
    const asked = parseCommand(positionals.join(' '));
    if (asked.ok && asked.command.name === 'help')
      return printMessage(io, commandHelpMessage('en', 'portero case', asked.command.topic), values.json ?? false);
    const tenantId = required(values.tenant, 'tenant', USAGE);
    return withRuntime(io, async (runtime) => {
      const caller = await callerFor(io, runtime, tenantId, values.as);
      if (!caller) return 1;
      const policy = await runtime.tenantPolicy(tenantId);
      const context = {
        deps: runtime,
        caller,
        platform: 'console' as const,
        locale: 'en' as const,
        zone: policy?.timezone ?? 'UTC',
        ...(policy && { policy }),
        prefix: 'portero case',
        historyPageCommand: (ref: string, page: number) =>
          `portero case show ${ref} --tenant ${tenantId} --page ${page}`,
      };
      let message: ChatMessage | undefined;
      if (positionals[0] === 'open') {
        const opened = await openCase({
          deps: runtime,
          caller,
          customer: required(values.customer, 'customer', USAGE),
          title: required(values.title, 'title', USAGE),
          priority: values.priority,
          type: values.type,
          description: values.description,
          reporter: values.reporter,
          about: values.about,
          billable: values.billable,
        });
        const card = unwrap(io, await changedCard(context, opened, (ref) => `Case ${ref} opened.`));
        if (!card) return 1;
        message = card;
      } else {
        const parsed = parseCommand(commandLine(positionals, values));
        if (!parsed.ok) {
          io.err(describeCommandError(parsed.error, 'en', 'portero case'));
          return 2;
        }
        const needsAgent = needsAnAgent(parsed.command);
        if (needsAgent && !values.as) throw new UsageError(`${needsAgent} needs --as <agent handle>: whose cases?`);
        message = await runAgentCommand(context, parsed.command);
      }
      return printMessage(io, message, values.json ?? false);
    });
  },
};

/**
 * The chat line for a subcommand. `list` takes its criteria as options too (`--customer "Acme SAS" --search factura
 * --page 2`): a name with spaces stays one word, and the search text comes last, as the grammar wants it.
 */
function commandLine(positionals: string[], values: Record<string, string | boolean | undefined>): string {
  // `show <ref> --page 2` is the chat's `show <ref> page 2`: one grammar, one page size, the same words.
  if (positionals[0] === 'show' && typeof values.page === 'string')
    return [...positionals, 'page', values.page].join(' ');
  if (positionals[0] !== 'list') return positionals.join(' ');
  const word = (text: string) => (/\s/.test(text) ? `"${text.replace(/"/g, '')}"` : text);
  const options = ['customer', 'priority', 'state'].flatMap((key) =>
    typeof values[key] === 'string' ? [word(values[key] as string)] : [],
  );
  if (typeof values.agent === 'string') options.push(`@${values.agent.replace(/^@/, '')}`);
  if (typeof values.page === 'string') options.push(values.page);
  const search = typeof values.search === 'string' ? ['search', values.search] : [];
  return [...positionals.map(word), ...options, ...search].join(' ');
}

/** `list mine` and `assign … me` mean the agent at the keyboard: at the CLI that is `--as`. */
function needsAnAgent(command: AgentCommand) {
  if (command.name === 'list' && command.filter === 'mine') return 'case list mine';
  if (command.name === 'assign' && command.assignee === 'me') return 'case assign … me';
  return undefined;
}

async function callerFor(io: CliIo, runtime: Runtime, tenantId: string, handle?: string): Promise<Caller | undefined> {
  if (!handle) return { tenantId, actor: { kind: 'system' }, channel: 'cli' };
  const agent = await runtime.store.transaction((repos) => repos.agents.byHandle(tenantId, handle));
  if (!agent) {
    io.err(`--as: there is no agent "${handle}" in tenant ${tenantId} (see portero agent list --tenant ${tenantId})`);
    return undefined;
  }
  return { tenantId, actor: { kind: 'agent', agentId: agent.id }, channel: 'cli' };
}

/** A refusal (⚠️) is exit 1; anything else 0. */
function printMessage(io: CliIo, message: ChatMessage, json: boolean): number {
  const refused = message.text.startsWith('⚠️');
  if (json) io.out(JSON.stringify(message));
  else (refused ? io.err : io.out)(message.text);
  return refused ? 1 : 0;
}
