import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { fixedClock } from '../../src/app/clock.port.ts';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/portero.ts';
import { createPortero, type StartOptions } from '../../src/main.ts';
import { createTestDb, type TestDatabase } from './db.ts';

/** Monday 23 November 2026, 10:00 in Bogotá (15:00 UTC): inside every preset's business hours. */
export const CLI_START = '2026-11-23T15:00:00Z';

type OpenPortero = NonNullable<CliIo['openPortero']>;

/** The deployment of the running test file, once `useCliDeployment` has set it up. */
let active: { open: OpenPortero } | undefined;

export interface RunOptions {
  /** Lines on the command's stdin (each gets its newline); an empty stdin otherwise. */
  stdin?: string[];
  /** How the command opens Portero; the file's deployment when omitted (or createPortero when there is none). */
  open?: OpenPortero;
}

/** What an in-process `portero` invocation printed, line by line, and its exit code. */
export async function runPortero(argv: string[], options: RunOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const open = options.open ?? active?.open;
  const io: CliIo = {
    out: (text) => out.push(...text.split('\n')),
    err: (text) => err.push(text),
    stdin: Readable.from((options.stdin ?? []).map((line) => `${line}\n`)),
    ...(open && { openPortero: open }),
  };
  const code = await runCli(argv, io);
  return { code, out, err: err.join('\n') };
}

/** `portero <argv>` in-process, on the test file's deployment. */
export const portero = (...argv: string[]) => runPortero(argv);

/** `portero <argv>` in-process, opening the database the environment names, as the process does (its lock too). */
export const porteroOnItsOwnDatabase = (...argv: string[]) => runPortero(argv, { open: createPortero });

/**
 * A deployment of the test file's own for in-process `portero` runs. A command opens Portero as the process does
 * (configuration from the environment, migrations, the preset tenants on an empty database), but on this worker's
 * test database, migrated once, instead of opening one of its own per command; and its clock is the test clock,
 * standing still at `start` until a test moves it (a command's --now still wins). The database is emptied when the
 * file's tests start and then seeded by the given invocations; the tests of a file share what they write, in order.
 * The environment the CLI reads is restored afterwards; `unset` names variables to clear for the file (platforms a
 * test must not reach). `root()` is the temporary folder: PORTERO_DATA_DIR names its `data` (never opened: the
 * database is the test's), PORTERO_MAIL_SPOOL its `mail`.
 */
export function useCliDeployment(name: string, options: { seed?: string[][]; unset?: string[]; start?: string } = {}) {
  const env = ['PORTERO_DATA_DIR', 'PORTERO_MAIL_SPOOL', 'DATABASE_URL', 'LOG_LEVEL', ...(options.unset ?? [])];
  const clock = fixedClock(new Date(options.start ?? CLI_START));
  let saved: Record<string, string | undefined> = {};
  let root = '';
  let database: TestDatabase | undefined;
  let opens = 0;
  beforeAll(async () => {
    saved = Object.fromEntries(env.map((variable) => [variable, process.env[variable]]));
    root = mkdtempSync(join(tmpdir(), `portero-cli-${name}-`));
    database = await createTestDb();
    await database.reset();
    const shared = database.database;
    // An existing deployment's directory (commands that only look, like `policy check`, skip a deployment not made yet).
    process.env.PORTERO_DATA_DIR = join(root, 'data');
    mkdirSync(process.env.PORTERO_DATA_DIR);
    // Email as files the tests can read: the development spool, chosen explicitly as an operator would.
    process.env.PORTERO_MAIL_SPOOL = join(root, 'mail');
    process.env.LOG_LEVEL = 'error';
    for (const variable of options.unset ?? []) delete process.env[variable];
    if (shared.driver === 'postgres') process.env.DATABASE_URL = shared.url;
    active = {
      open: (start: StartOptions) => {
        opens++;
        return createPortero({ ...start, database: shared, clock: start.clock ?? clock });
      },
    };
    for (const argv of options.seed ?? []) {
      const result = await portero(...argv);
      if (result.code !== 0) throw new Error(`seeding ${argv.join(' ')} failed: ${result.err}`);
    }
  }, 60_000);
  afterAll(async () => {
    active = undefined;
    for (const variable of env) {
      if (saved[variable] === undefined) delete process.env[variable];
      else process.env[variable] = saved[variable];
    }
    await database?.close();
    rmSync(root, { recursive: true, force: true });
  });
  return {
    root: () => root,
    clock,
    /** The deployment's database, to write what a use case would, or read what a command wrote. */
    get database(): TestDatabase {
      if (!database) throw new Error('useCliDeployment(): the database exists from beforeAll on');
      return database;
    },
    /** How many times a command opened Portero so far. */
    opens: () => opens,
  };
}
