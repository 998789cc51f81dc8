import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/portero.ts';
import { openEmptyDatabase, testDriver } from './db.ts';

/** What an in-process `portero` invocation printed, line by line, and its exit code. */
export async function portero(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(...text.split('\n')),
    err: (text) => err.push(text),
    stdin: process.stdin,
  };
  const code = await runCli(argv, io);
  return { code, out, err: err.join('\n') };
}

/**
 * A deployment of the test file's own for in-process `portero` runs: a temporary data directory (PGlite) or a fresh
 * database of this run (PostgreSQL), seeded by the given invocations. The environment the CLI reads is restored
 * afterwards; `unset` names variables to clear for the file (platforms a test must not reach). `root()` is the
 * temporary folder (the data directory is its `data`, the mail spool its `mail`).
 */
export function useCliDeployment(name: string, options: { seed?: string[][]; unset?: string[] } = {}) {
  const env = ['PORTERO_DATA_DIR', 'DATABASE_URL', 'LOG_LEVEL', ...(options.unset ?? [])];
  let saved: Record<string, string | undefined> = {};
  let root = '';
  beforeAll(async () => {
    saved = Object.fromEntries(env.map((variable) => [variable, process.env[variable]]));
    root = mkdtempSync(join(tmpdir(), `portero-cli-${name}-`));
    process.env.PORTERO_DATA_DIR = join(root, 'data');
    process.env.LOG_LEVEL = 'error';
    for (const variable of options.unset ?? []) delete process.env[variable];
    if (testDriver() === 'postgres') {
      const database = await openEmptyDatabase(`cli_${name}`);
      await database.close();
      if (database.driver === 'postgres') process.env.DATABASE_URL = database.url;
    }
    for (const argv of options.seed ?? []) {
      const result = await portero(...argv);
      if (result.code !== 0) throw new Error(`seeding ${argv.join(' ')} failed: ${result.err}`);
    }
  }, 60_000);
  afterAll(() => {
    for (const variable of env) {
      if (saved[variable] === undefined) delete process.env[variable];
      else process.env[variable] = saved[variable];
    }
    rmSync(root, { recursive: true, force: true });
  });
  return { root: () => root };
}
