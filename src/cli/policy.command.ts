import {
  InvalidPolicyError,
  listPresetIds,
  loadPolicy,
  PolicyNotFoundError,
  policyPath,
} from '../app/policy/policy-catalog.ts';
import { readPolicyFile } from '../app/policy/policy-file.ts';
import { LOCALES, type Locale } from '../domain/policy/localized-text.ts';
import { describeAssumption, policyAssumptions } from '../domain/policy/policy.assumptions.ts';
import { describePolicy } from '../domain/policy/policy.describe.ts';
import type { CliCommand, CliIo } from './cli-io.ts';

const USAGE = [
  'usage: portero policy check <file|id>…    validate policy files; one line per problem',
  '       portero policy show <id|file> [--locale es|en]    the resolved policy, section by section',
  '       portero policy list    the presets shipped in policies/',
].join('\n');

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Every problem as `<file>: <path>: <message>`; a summary line per valid file, then a warning per placeholder or
 * unconfirmed assumption. Exit 1 when any file has problems (warnings do not count).
 */
async function check(refs: string[], io: CliIo): Promise<number> {
  if (refs.length === 0) return usage(io, 'check needs at least one file');
  let failed = false;
  for (const ref of refs) {
    const result = await readPolicyFile(policyPath(ref));
    if (!result.ok) {
      failed = true;
      for (const problem of result.problems) io.out(`${ref}: ${problem}`);
      continue;
    }
    const { policy } = result;
    const calendars = Object.keys(policy.calendars).length;
    io.out(
      `${ref}: ok (${policy.id}, ${policy.name}): ${count(policy.priorities.length, 'priority', 'priorities')}, ` +
        `${count(calendars, 'calendar', 'calendars')}, ${count(policy.lifecycle.states.length, 'state', 'states')}`,
    );
    // Warnings, not problems: the file is valid, but these are not facts yet.
    for (const assumption of policyAssumptions(policy)) io.out(`${ref}: warning: ${describeAssumption(assumption)}`);
  }
  return failed ? 1 : 0;
}

async function show(args: string[], io: CliIo): Promise<number> {
  const refs: string[] = [];
  let locale: Locale | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--locale') {
      const value = args[++i];
      if (!LOCALES.includes(value as Locale)) return usage(io, `--locale takes one of ${LOCALES.join(', ')}`);
      locale = value as Locale;
    } else if (arg.startsWith('-')) {
      return usage(io, `unknown option ${arg}`);
    } else refs.push(arg);
  }
  if (refs.length !== 1) return usage(io, 'show takes one policy id or file');
  try {
    const policy = await loadPolicy(refs[0]!);
    for (const line of describePolicy(policy, locale)) io.out(line);
    return 0;
  } catch (error) {
    if (error instanceof PolicyNotFoundError) {
      io.err(`portero policy: ${error.message}`);
      return 2;
    }
    if (error instanceof InvalidPolicyError) {
      for (const problem of error.problems) io.err(`${refs[0]}: ${problem}`);
      return 1;
    }
    throw error;
  }
}

function usage(io: CliIo, problem?: string): number {
  if (problem) io.err(`portero policy: ${problem}`);
  io.err(USAGE);
  return 2;
}

export const policyCommand: CliCommand = {
  name: 'policy',
  summary: 'validate support policy files and show a resolved policy',
  usage: [
    USAGE,
    '',
    'check exits 1 when any file has a problem; an id is a preset in policies/, anything else a file.',
    '',
    'example: portero policy check policies/itbx.yaml my-policy.yaml',
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'check':
        return check(rest, io);
      case 'show':
        return show(rest, io);
      case 'list':
        for (const id of await listPresetIds()) io.out(id);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        return usage(io, sub ? `unknown subcommand "${sub}"` : undefined);
    }
  },
};
