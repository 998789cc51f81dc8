import { existsSync } from 'node:fs';
import { reachabilityWarnings } from '../app/directory/reachability-report.ts';
import {
  InvalidPolicyError,
  listPresetIds,
  loadPolicy,
  PolicyDirectoryError,
  PolicyNotFoundError,
  policyPath,
} from '../app/policy/policy-catalog.ts';
import { readPolicyFile } from '../app/policy/policy-file.ts';
import { loadConfig } from '../config.ts';
import { LOCALES, type Locale } from '../domain/policy/localized-text.ts';
import { describeAssumption, policyAssumptions } from '../domain/policy/policy.assumptions.ts';
import { describePolicy } from '../domain/policy/policy.describe.ts';
import type { Policy } from '../domain/policy/policy.schema.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { withRuntime } from './runtime.ts';

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
  const valid: { ref: string; policy: Policy }[] = [];
  for (const ref of refs) {
    const result = await readPolicyFile(policyPath(ref));
    if (!result.ok) {
      failed = true;
      for (const problem of result.problems) io.out(`${ref}: ${problem}`);
      continue;
    }
    const { policy } = result;
    valid.push({ ref, policy });
    const calendars = Object.keys(policy.calendars).length;
    io.out(
      `${ref}: ok (${policy.id}, ${policy.name}): ${count(policy.priorities.length, 'priority', 'priorities')}, ` +
        `${count(calendars, 'calendar', 'calendars')}, ${count(policy.lifecycle.states.length, 'state', 'states')}`,
    );
    // Warnings, not problems: the file is valid, but these are not facts yet.
    for (const assumption of policyAssumptions(policy)) io.out(`${ref}: warning: ${describeAssumption(assumption)}`);
  }
  await checkTenants(valid, io);
  return failed ? 1 : 0;
}

/**
 * Warnings about the deployment's tenants on the checked policies (a manager nobody can reach, an agent channel
 * bound nowhere). A deployment that cannot be opened (its data directory held by the server, a broken policy in
 * PORTERO_POLICIES_DIR) is said in a warning: the files were still checked, and the exit code is theirs.
 */
async function checkTenants(checked: { ref: string; policy: Policy }[], io: CliIo): Promise<void> {
  if (checked.length === 0) return;
  // Checking a file before any deployment exists creates none: there are no tenants to warn about yet.
  const loaded = loadConfig();
  if (loaded.ok && !loaded.config.database.url && !existsSync(loaded.config.database.dataDir)) return;
  const problems: string[] = [];
  const quiet: CliIo = { ...io, err: (line) => problems.push(line) };
  try {
    await withRuntime(quiet, async (runtime) => {
      await runtime.store.transaction(async (repos) => {
        const tenants = await repos.tenants.list();
        for (const { ref, policy } of checked)
          for (const tenant of tenants.filter((t) => t.policyId === policy.id))
            for (const warning of await reachabilityWarnings(repos, tenant.id, policy))
              io.out(`${ref}: warning: tenant ${tenant.id}: ${warning}`);
      });
      return 0;
    });
  } catch (error) {
    if (!(error instanceof InvalidPolicyError || error instanceof PolicyDirectoryError)) throw error;
    problems.push(error.message);
  }
  if (problems.length > 0)
    io.out(`warning: the deployment's tenants were not checked: ${problems.join(' ').replace(/\s+/g, ' ')}`);
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
    'check exits 1 when any file has a problem; an id is a preset in policies/, anything else a file. Warnings do not',
    "change the exit code: placeholders and assumptions in a file, and for the deployment's tenants on a checked policy",
    '(the database of the configuration) a manager with no Slack, Teams or email and an agent channel bound nowhere.',
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
