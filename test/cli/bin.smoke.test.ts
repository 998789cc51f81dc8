import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmptyDatabase, testDriver } from '../helpers/db.ts';

// The `portero` executable as people run it (node src/cli/bin.js): one real process for a directory command on an
// empty deployment (it creates and migrates the database), then one for `chat` with messages piped on stdin, which
// finds what the first process wrote. Everything else the CLI does is tested in-process (test/cli/*.command.test.ts);
// the data-directory lock between two processes is in db.command.test.ts (test/db/fixtures/holder.ts).

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A run starts Node and tsx and opens (on the first, creates and migrates) the database: seconds, not milliseconds. */
const RUN_LIMIT_MS = 90_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let env: NodeJS.ProcessEnv;
let dir: string;

/** Runs `portero <args>` with `input` on stdin; killed (and the test failed) if it outlives RUN_LIMIT_MS. */
function portero(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`portero ${args.join(' ')} still running after ${RUN_LIMIT_MS} ms\n${stdout}\n${stderr}`));
    }, RUN_LIMIT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portero-bin-'));
  const { DATABASE_URL, PORTERO_DATA_DIR, ...rest } = process.env;
  env = { ...rest, LOG_LEVEL: 'warn', PORTERO_DATA_DIR: join(dir, 'data') };
  if (testDriver() === 'postgres') {
    const database = await openEmptyDatabase('bin_smoke');
    await database.close();
    if (database.driver !== 'postgres') throw new Error('expected PostgreSQL');
    env.DATABASE_URL = database.url;
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`the portero executable on ${testDriver()}`, { timeout: 2 * RUN_LIMIT_MS }, () => {
  it('a directory command sets up an empty deployment and writes to it', async () => {
    expect(await portero(['agent', 'add', 'bob', '--tenant', 'itbx', '--name', 'Bob'])).toEqual({
      code: 0,
      stdout: 'agent bob added to itbx\n',
      stderr: '',
    });
  });

  it('chat reads the messages piped in and answers each, in a process that finds the agent the first one added', async () => {
    const run = await portero(
      ['chat', '--tenant', 'itbx', '--as', 'agent:bob', '--json', '--now', '2026-11-23T15:00:00Z'],
      'case list\n',
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ visibility: 'private', text: expect.stringMatching(/^Casos \(abiertos\): 0/) }),
    ]);
  });
});
