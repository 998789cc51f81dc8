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
  policy: async () => (await import('./policy.command.ts')).policyCommand,
  sla: async () => (await import('./sla.command.ts')).slaCommand,
  db: async () => (await import('./db.command.ts')).dbCommand,
};

function usage(): string {
  return ['usage: portero <command> …', '', 'commands:', ...Object.keys(loaders).map((name) => `  ${name}`)].join('\n');
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const load = loaders[name];
  if (!load) {
    io.err(`portero: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await (await load()).run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`portero ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
