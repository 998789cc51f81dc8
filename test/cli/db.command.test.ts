import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../db/migrate.ts';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { createDbCommand } from '../../src/cli/db.command.ts';
import { runCli } from '../../src/cli/portero.ts';
import { startHolder } from '../db/fixtures/holder.ts';
import { openEmptyDatabase, testDriver } from '../helpers/db.ts';

const total = readJournal().length;

async function db(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), stdin: process.stdin };
  const code = await createDbCommand({ env }).run(args, io);
  return { code, out, err };
}

/** An empty PostgreSQL database of this run, or an empty data directory; and how the command should name it. */
async function emptyTarget(): Promise<{ env: Record<string, string>; banner: string; location: string }> {
  if (testDriver() === 'pglite') {
    return {
      env: { PORTERO_DATA_DIR: dir },
      banner: `database: embedded (PGlite), data directory ${dir}`,
      location: dir,
    };
  }
  const database = await openEmptyDatabase('cli');
  await database.close();
  if (database.driver !== 'postgres') throw new Error('expected PostgreSQL');
  // A password in the URL (trust authentication ignores it) that must never be printed.
  const url = new URL(database.url);
  url.password = 'sekret';
  const location = url.toString().replace('sekret', '***');
  return { env: { DATABASE_URL: url.toString() }, banner: `database: PostgreSQL at ${location}`, location };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portero-cli-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`portero db on ${testDriver()}`, () => {
  // Two real embedded databases opened and migrated in turn: a minute, not 20 s, when the machine is busy.
  it('migrates, says where and how many, and status then shows nothing pending', { timeout: 60_000 }, async () => {
    const { env, banner, location } = await emptyTarget();

    const migrated = await db(env, 'migrate');
    expect(migrated).toEqual({
      code: 0,
      out: [banner, `applied ${total} ${total === 1 ? 'migration' : 'migrations'} (${total} of ${total} in all)`],
      err: [],
    });

    const status = await db(env, 'status');
    expect(status.code).toBe(0);
    expect(status.out).toEqual([
      `driver: ${testDriver()}`,
      `location: ${location}`,
      `migrations: ${total} applied, 0 pending (this version ships ${total})`,
    ]);
    expect([...migrated.out, ...status.out].join('\n')).not.toContain('sekret');
  });

  it('prints the configuration problems and exits 2, as every command that opens Portero does', async () => {
    expect(await db({ DATABASE_POOL_SIZE: 'many' }, 'status')).toEqual({
      code: 2,
      out: [],
      err: ['configuration: DATABASE_POOL_SIZE must be a whole number from 1 to 1000, got "many"'],
    });
  });

  it('is misused without a known subcommand (exit 2)', async () => {
    const err: string[] = [];
    const io: CliIo = { out: () => {}, err: (line) => err.push(line), stdin: process.stdin };
    expect(await runCli(['db', 'upgrade'], io)).toBe(2);
    expect(err.join('\n')).toContain('unknown subcommand "upgrade"');
  });
});

describe('portero db while another process has the data directory', () => {
  it('refuses, naming the holder and the way out (exit 1)', async () => {
    const holder = await startHolder(dir);
    try {
      const result = await db({ PORTERO_DATA_DIR: dir }, 'migrate');
      expect(result.code).toBe(1);
      expect(result.err.join('\n')).toContain(`in use by "npm start (test holder)" (pid ${holder.pid}`);
      expect(result.err.join('\n')).toContain('DATABASE_URL');
    } finally {
      holder.child.stdin?.end();
      await holder.exited;
    }
  });
});
