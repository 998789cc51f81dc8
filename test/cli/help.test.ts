import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { COMMAND_NAMES, runCli } from '../../src/cli/portero.ts';
import { COMMAND_NAMES as CASE_SUBCOMMANDS } from '../../src/domain/chat/command-catalog.ts';

// `portero help` runs in-process and opens no database: the texts come from the command objects themselves.

async function portero(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), stdin: process.stdin };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SUMMARIES: Record<string, string> = {
  serve: 'run the server: chat endpoints, health checks, outbox relay, SLA monitor, mailboxes',
  chat: 'talk to Portero in the terminal, as a customer or an agent',
  case: 'open, inspect and work cases from the terminal',
  tenant: 'add or list support organizations',
  customer: 'add or list customer companies of a tenant',
  contact: 'add or list people of a customer (reporters)',
  agent: 'add or list agents and managers of a tenant',
  channel: 'mark chat channels as customer-facing, agent or manager channels',
  outbox: 'inspect, run or retry outgoing deliveries',
  mailbox: 'the support mailboxes Portero reads (IMAP) and sends from (SMTP)',
  mail: 'fetch the support mailboxes once',
  policy: 'validate support policy files and show a resolved policy',
  sla: 'SLA arithmetic in business time, the monitor at an instant (sweep), met and breached targets (report)',
  db: 'apply migrations, show the database and its migration status',
  status: 'the deployment at a glance: database, tenants, outbox, SLA monitor, what needs attention',
};

describe('portero help', () => {
  it('lists every command with its one-line summary', async () => {
    const { code, out, err } = await portero('help');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(COMMAND_NAMES.toSorted()).toEqual(Object.keys(SUMMARIES).toSorted());
    for (const [name, summary] of Object.entries(SUMMARIES)) {
      expect(out).toMatch(new RegExp(`^  ${name} +${literally(summary)}$`, 'm'));
    }
  });

  it('prints the listing on stderr with exit 2 when no command is given', async () => {
    const { code, out, err } = await portero();
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`  case      ${SUMMARIES.case}`);
  });

  it('shows the case subcommands, their arguments and an example for help case', async () => {
    const { code, out } = await portero('help', 'case');
    expect(code).toBe(0);
    expect(out).toContain('portero case open --tenant T --customer C --title');
    for (const sub of CASE_SUBCOMMANDS) expect(out).toMatch(new RegExp(`^  ${sub} `, 'm'));
    expect(out).toContain('  move <ref> <state>');
    expect(out).toMatch(/^example: portero case /m);
  });

  it('prints the same usage for <command> --help and -h, without running the command', async () => {
    const help = await portero('help', 'outbox');
    expect(help.out).toContain('portero outbox retry <id…> | --all');
    // Without the help flag these would open the database or fail on the missing arguments.
    expect(await portero('outbox', 'list', '--help')).toEqual(help);
    expect(await portero('tenant', '-h')).toEqual(await portero('help', 'tenant'));
  });

  it('gives every command a usage with an example', async () => {
    for (const name of COMMAND_NAMES) {
      const { code, out } = await portero('help', name);
      expect(code, name).toBe(0);
      expect(out, name).toContain(`usage: portero ${name}`);
      expect(out, name).toMatch(new RegExp(`^examples?: .*portero ${name}`, 'm'));
    }
  });

  it('refuses an unknown command with exit 2, naming it, and lists the commands', async () => {
    const { code, out, err } = await portero('help', 'unknown');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('portero help: unknown command "unknown"');
    expect(err).toContain(`  serve     ${SUMMARIES.serve}`);
  });
});
