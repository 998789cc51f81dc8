import { InvalidPolicyError, PolicyDirectoryError } from '../app/policy/policy-catalog.ts';
import { type CliCommand, type CliIo, processIo, UsageError } from './cli-io.ts';

// Each command group lives in its own file; this table is the whole of `portero`.
const loaders: Record<string, () => Promise<CliCommand>> = {
  serve: async () => (await import('./serve.command.ts')).serveCommand,
  chat: async () => (await import('./chat.command.ts')).chatCommand,
  case: async () => (await import('./case.command.ts')).caseCommand,
  tenant: async () => (await import('./directory.command.ts')).tenantCommand,
  customer: async () => (await import('./directory.command.ts')).customerCommand,
  contact: async () => (await import('./directory.command.ts')).contactCommand,
  agent: async () => (await import('./directory.command.ts')).agentCommand,
  channel: async () => (await import('./channel.command.ts')).channelCommand,
  outbox: async () => (await import('./outbox.command.ts')).outboxCommand,
  mailbox: async () => (await import('./mailbox.command.ts')).mailboxCommand,
  mail: async () => (await import('./mailbox.command.ts')).mailCommand,
  policy: async () => (await import('./policy.command.ts')).policyCommand,
  sla: async () => (await import('./sla.command.ts')).slaCommand,
  db: async () => (await import('./db.command.ts')).dbCommand,
  status: async () => (await import('./status.command.ts')).statusCommand,
};

export const COMMAND_NAMES = Object.keys(loaders);

/** Every command with its one-line summary; the summaries live with the commands, so each is loaded. */
async function listing(): Promise<string> {
  const commands = await Promise.all(COMMAND_NAMES.map((name) => loaders[name]!()));
  const width = Math.max(...COMMAND_NAMES.map((name) => name.length));
  return [
    'usage: portero <command> …',
    '',
    'commands:',
    ...commands.map((command, i) => `  ${COMMAND_NAMES[i]!.padEnd(width)}  ${command.summary}`),
    '',
    'portero help <command> (or portero <command> --help) prints its usage.',
  ].join('\n');
}

function helpText(name: string, command: CliCommand): string {
  return `portero ${name}: ${command.summary}\n\n${command.usage}`;
}

/** `portero help [command]`: 0 when it printed what was asked, 2 for a command that does not exist. */
async function help(topic: string | undefined, io: CliIo): Promise<number> {
  if (topic === undefined) {
    io.out(await listing());
    return 0;
  }
  const load = Object.hasOwn(loaders, topic) ? loaders[topic] : undefined;
  if (!load) {
    io.err(`portero help: unknown command "${topic}"\n${await listing()}`);
    return 2;
  }
  io.out(helpText(topic, await load()));
  return 0;
}

/** `--help` or `-h` among a command's arguments (before a `--`, after which everything is an argument). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name) {
    io.err(await listing());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') return help(args[0], io);
  const load = Object.hasOwn(loaders, name) ? loaders[name] : undefined;
  if (!load) {
    io.err(`portero: unknown command "${name}"\n${await listing()}`);
    return 2;
  }
  const command = await load();
  if (asksForHelp(args)) {
    io.out(helpText(name, command));
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // A usage mistake, or a policy file that cannot be read: nothing starts, and the message names what to fix.
    if (error instanceof UsageError || error instanceof InvalidPolicyError || error instanceof PolicyDirectoryError) {
      io.err(`portero ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
