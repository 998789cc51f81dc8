import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { UnknownHolidayRegionError } from '../app/calendar/holidays.ts';
import { calendarFor } from '../app/calendar/policy-calendars.ts';
import { InvalidPolicyError, loadPolicy, PolicyNotFoundError } from '../app/policy/policy-catalog.ts';
import { MS_PER_MINUTE } from '../domain/calendar/calendar-units.ts';
import type { Policy } from '../domain/policy/policy.schema.ts';
import { type CliCommand, type CliIo, UsageError } from './cli-io.ts';
import { REPORT_USAGE, slaReportCommand } from './sla-report.command.ts';
import { SWEEP_USAGE, slaSweepCommand } from './sla-sweep.command.ts';

// `portero sla …`: SLA arithmetic from the command line, one question at a time or a stream of JSON lines.
// Subcommands are a table so later ones (sweep, report) are one entry each.

const USAGE = [
  'usage: portero sla due --policy <id|file> [--priority P] --start <ISO-8601> --minutes <N>',
  '       portero sla elapsed --policy <id|file> [--priority P] --from <ISO-8601> --to <ISO-8601>',
  '       portero sla due|elapsed --jsonl [--policy <id|file>] [--priority P]   one JSON request a line on stdin',
  SWEEP_USAGE.replace('usage:', '      '),
  REPORT_USAGE.replace('usage:', '      '),
].join('\n');

type Request = Record<string, unknown>;
type Answer = { due: string } | { elapsed: number };
type Policies = Map<string, Promise<Policy>>;

/** A request that cannot be answered as asked: the CLI says exit 2, a JSON line says {"error": …}. */
class RequestError extends Error {}
/** The policy file itself is broken: exit 1. */
class PolicyProblem extends Error {}

interface Question {
  /** The fields a request carries besides policy and priority, all strings on the command line. */
  fields: readonly string[];
  answer(request: Request, policy: Policy, name: (field: string) => string): Answer;
}

const dueQuestion: Question = {
  fields: ['start', 'minutes'],
  answer(request, policy, name) {
    const start = instant(request, 'start', policy, name);
    const minutes = wholeMinutes(request.minutes, name('minutes'));
    const dueAt = calendarOf(policy, request, name).due(start, minutes);
    if (!Number.isFinite(dueAt)) throw new RequestError(`the calendar never accrues ${minutes} business minutes`);
    return { due: DateTime.fromMillis(dueAt, { zone: policy.timezone }).toISO()! };
  },
};

const elapsedQuestion: Question = {
  fields: ['from', 'to'],
  answer(request, policy, name) {
    const from = instant(request, 'from', policy, name);
    const to = instant(request, 'to', policy, name);
    // Whole business minutes, rounded down: a minute counts once it has fully passed.
    return { elapsed: Math.floor(calendarOf(policy, request, name).elapsedMs(from, to) / MS_PER_MINUTE) };
  },
};

const ISO_DATE_FIRST = /^\d{4}-\d{2}-\d{2}(T|$)/;

/** An ISO-8601 date-time; one without an offset is wall-clock time in the policy's zone. */
function instant(request: Request, field: string, policy: Policy, name: (field: string) => string): number {
  const text = request[field];
  const expected = `${name(field)}: expected an ISO-8601 date-time like 2026-03-30T10:00:00+02:00`;
  if (text === undefined) throw new RequestError(`${expected}, got nothing`);
  const parsed =
    typeof text === 'string' && ISO_DATE_FIRST.test(text)
      ? DateTime.fromISO(text, { zone: policy.timezone })
      : undefined;
  if (!parsed?.isValid) throw new RequestError(`${expected}, got ${JSON.stringify(text)}`);
  return parsed.toMillis();
}

function wholeMinutes(value: unknown, option: string): number {
  const minutes = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof minutes !== 'number' || !Number.isSafeInteger(minutes) || minutes < 0) {
    const got = value === undefined ? 'nothing' : JSON.stringify(value);
    throw new RequestError(`${option}: expected a whole number of business minutes ≥ 0, got ${got}`);
  }
  return minutes;
}

function calendarOf(policy: Policy, request: Request, name: (field: string) => string) {
  const priority = request.priority;
  if (priority !== undefined && !policy.priorities.some((p) => p.id === priority)) {
    const known = policy.priorities.map((p) => p.id).join(', ');
    throw new RequestError(
      `${name('priority')}: unknown priority ${JSON.stringify(priority)} of policy ${policy.id}; expected one of ${known}`,
    );
  }
  try {
    return calendarFor(policy, priority as string | undefined);
  } catch (error) {
    if (error instanceof UnknownHolidayRegionError) throw new PolicyProblem(`policy ${policy.id}: ${error.message}`);
    throw error;
  }
}

/** Loads each policy once per run, failures included. */
async function policyOf(request: Request, policies: Policies, name: (field: string) => string): Promise<Policy> {
  const ref = request.policy;
  if (typeof ref !== 'string' || ref === '') {
    throw new RequestError(`${name('policy')}: expected a preset id or a policy file, got ${JSON.stringify(ref)}`);
  }
  let loading = policies.get(ref);
  if (!loading) {
    loading = loadPolicy(ref);
    policies.set(ref, loading);
  }
  try {
    return await loading;
  } catch (error) {
    if (error instanceof PolicyNotFoundError) throw new RequestError(`${name('policy')}: ${error.message}`);
    if (error instanceof InvalidPolicyError) throw new PolicyProblem(error.message);
    throw error;
  }
}

async function ask(question: Question, request: Request, policies: Policies, name: (field: string) => string) {
  return question.answer(request, await policyOf(request, policies, name), name);
}

/** One JSON result a line, in order; a bad line gets an error line and the stream goes on. Exit 1 if any failed. */
async function answerLines(question: Question, defaults: Request, io: CliIo): Promise<number> {
  const policies: Policies = new Map();
  const field = (field: string) => field;
  let failed = false;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    try {
      let request: unknown;
      try {
        request = JSON.parse(line);
      } catch {
        throw new RequestError(`expected one JSON object a line, got ${JSON.stringify(line.slice(0, 80))}`);
      }
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        throw new RequestError(`expected one JSON object a line, got ${JSON.stringify(line.slice(0, 80))}`);
      }
      io.out(JSON.stringify(await ask(question, { ...defaults, ...request }, policies, field)));
    } catch (error) {
      if (!(error instanceof RequestError || error instanceof PolicyProblem)) throw error;
      failed = true;
      io.out(JSON.stringify({ error: error.message }));
    }
  }
  return failed ? 1 : 0;
}

async function runQuestion(subcommand: string, question: Question, args: string[], io: CliIo): Promise<number> {
  const fieldOptions = Object.fromEntries(question.fields.map((field) => [field, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        policy: { type: 'string' },
        priority: { type: 'string' },
        jsonl: { type: 'boolean' },
        ...fieldOptions,
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${subcommand}: ${(error as Error).message}\n${USAGE}`);
  }
  const { jsonl, ...request } = values;
  if (jsonl) {
    const given = question.fields.filter((field) => request[field] !== undefined);
    if (given.length > 0) throw new UsageError(`--jsonl reads ${given.join(', ')} from stdin; drop --${given[0]}`);
    return answerLines(question, request, io);
  }
  try {
    const answer = await ask(question, request, new Map(), (field) => `--${field}`);
    io.out('due' in answer ? answer.due : String(answer.elapsed));
    return 0;
  } catch (error) {
    if (error instanceof RequestError) throw new UsageError(error.message);
    if (error instanceof PolicyProblem) {
      io.err(`portero sla: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

interface Subcommand {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const subcommands: Record<string, Subcommand> = {
  due: {
    summary: 'the instant N business minutes after a start',
    run: (args, io) => runQuestion('due', dueQuestion, args, io),
  },
  elapsed: {
    summary: 'business minutes between two instants',
    run: (args, io) => runQuestion('elapsed', elapsedQuestion, args, io),
  },
  sweep: slaSweepCommand,
  report: slaReportCommand,
};

export const slaCommand: CliCommand = {
  name: 'sla',
  summary: 'SLA arithmetic in business time, the monitor at an instant (sweep), met and breached targets (report)',
  usage: [
    USAGE,
    '',
    "  An instant without an offset is wall-clock time in the policy's zone (due, elapsed) or UTC (sweep, report).",
    '  --dry-run  sweep in a transaction that is rolled back: shows what is due, sends nothing',
    '  --since    report on the cases opened since an instant, or the last N days (30d)',
    '',
    'examples: portero sla due --policy jd-services --priority A --start 2026-03-28T12:00 --minutes 1440',
    '          portero sla sweep --now 2026-11-23T16:00:00Z --dry-run',
    '          portero sla report --tenant itbx --since 30d',
  ].join('\n'),
  async run(args, io) {
    const [subcommand, ...rest] = args;
    if (subcommand === 'help' || subcommand === '--help' || subcommand === '-h') {
      io.out(USAGE);
      return 0;
    }
    const chosen =
      subcommand !== undefined && Object.hasOwn(subcommands, subcommand) ? subcommands[subcommand] : undefined;
    if (!chosen) {
      throw new UsageError(`${subcommand ? `unknown subcommand "${subcommand}"` : 'missing subcommand'}\n${USAGE}`);
    }
    return chosen.run(rest, io);
  },
};
