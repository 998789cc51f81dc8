import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows } from '../../db/client.ts';
import { openEmptyDatabase, testDriver } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { simpleMessage } from '../helpers/mail-fixtures.ts';

// `portero mail fetch` as a real process, killed with SIGKILL in the middle of a fetch (after some cases committed
// and were marked \Seen, while others were being taken), then run again: every message is a case, none twice.

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const USER = { user: 'soporte-b', password: 'sigkill-Imap-Secret' };
const MESSAGES = 60;

let env: NodeJS.ProcessEnv;
let dir: string;
let databaseUrl: string | undefined;
let dovecot: Dovecot;

function start(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; out: string }>;
} {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
  return { child, done };
}

const run = (...args: string[]) => start(args).done;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portero-sigkill-'));
  dovecot = await startDovecot([USER]);
  const { DATABASE_URL, PORTERO_DATA_DIR, ...rest } = process.env;
  env = { ...rest, LOG_LEVEL: 'warn', PORTERO_DATA_DIR: join(dir, 'data'), JDS_SIGKILL_PASSWORD: USER.password };
  if (testDriver() === 'postgres') {
    const database = await openEmptyDatabase('mail_sigkill');
    await database.close();
    if (database.driver !== 'postgres') throw new Error('expected PostgreSQL');
    env.DATABASE_URL = database.url;
    databaseUrl = database.url;
  }
}, 60_000);

afterAll(async () => {
  await dovecot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`portero mail fetch killed mid-fetch on ${testDriver()}`, { timeout: 240_000 }, () => {
  it('leaves no duplicate and loses nothing', async () => {
    expect(await run('customer', 'add', 'acme', '--tenant', 'jd-services')).toMatchObject({ code: 0 });
    expect(
      await run(
        'contact',
        'add',
        'ana',
        '--tenant',
        'jd-services',
        '--customer',
        'acme',
        '--email',
        'ana@acme.example',
      ),
    ).toMatchObject({ code: 0 });
    const added = await run(
      'mailbox',
      'add',
      'soporte-b@jd-services.eu',
      '--tenant',
      'jd-services',
      '--imap',
      `imap://soporte-b@127.0.0.1:${dovecot.port}?password_env=JDS_SIGKILL_PASSWORD`,
      '--smtp',
      'smtp://soporte-b@127.0.0.1:1?password_env=JDS_SIGKILL_PASSWORD',
    );
    expect(added).toMatchObject({ code: 0 });
    for (let n = 1; n <= MESSAGES; n++) {
      await dovecot.append(
        USER,
        simpleMessage({
          from: 'ana@acme.example',
          to: 'soporte-b@jd-services.eu',
          subject: `Incidencia ${n}`,
          body: `Descripción ${n}.`,
          messageId: `sigkill-${n}@acme.example`,
        }),
      );
    }

    // Killed as soon as the first batch was marked \Seen: the next batch is being taken then.
    const fetching = start(['mail', 'fetch']);
    let seen = 0;
    while (seen === 0) {
      const flags = await dovecot.flags(USER);
      seen = [...flags.values()].filter((set) => set.has('\\Seen')).length;
      if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    fetching.child.kill('SIGKILL');
    const killed = await fetching.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(seen).toBeLessThan(MESSAGES);

    const again = await run('mail', 'fetch');
    expect(again.code).toBe(0);
    // The stale lock of the killed process is taken over (PGlite); the message it had committed is skipped.
    expect(again.out).toMatch(/^soporte-b@jd-services\.eu: (duplicate \d+, )?opened \d+$/m);

    const database = await openDatabase(
      databaseUrl ? { url: databaseUrl, poolSize: 1 } : { dataDir: join(dir, 'data') },
    );
    try {
      const [counts] = rows<{ cases: number; titles: number; taken: number }>(
        await database.db.execute(
          sql`select (select count(*) from cases)::int as cases, (select count(distinct title) from cases)::int as titles, (select count(*) from mail_intake)::int as taken`,
        ),
      );
      expect(counts).toEqual({ cases: MESSAGES, titles: MESSAGES, taken: MESSAGES });
    } finally {
      await database.close();
    }
    const flags = await dovecot.flags(USER);
    expect([...flags.values()].every((set) => set.has('\\Seen'))).toBe(true);
  });
});
