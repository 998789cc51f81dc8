import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE } from '../../db/data-dir-lock.ts';
import { loadPresets } from '../../src/app/policy/policy-catalog.ts';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/portero.ts';
import { STOP_GRACE_MS } from '../../src/cli/serve.command.ts';
import { policyAssumptions } from '../../src/domain/policy/policy.assumptions.ts';
import { openEmptyDatabase, testDriver } from '../helpers/db.ts';

// `portero serve` as it runs in production: a child process of its own (node src/cli/bin.js serve), its port read
// from its log, stopped with SIGTERM. Every wait has a deadline; none is a fixed sleep.

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
/** Generous: a cold start (tsx, PGlite, migrations) on a busy CI machine. */
const START_MS = 120_000;
const STOP_MS = 15_000;

let root: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'portero-serve-'));
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
  child = undefined;
  rmSync(root, { recursive: true, force: true });
});

/** A port nobody listens on right now (PORT=0 is not a valid configuration). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The inherited environment without anything that would switch on Slack, Teams or another database. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(SLACK_|Microsoft|DATABASE_|PORTERO_|PORT$|LOG_LEVEL$)/.test(name),
    ),
  );
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

interface Served {
  port: number;
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `portero serve` and resolves once it logs that it is serving; rejects if it dies or takes too long. */
async function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  const started = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  const exited = new Promise<Served['exited'] extends Promise<infer T> ? T : never>((resolve) =>
    started.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  started.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in ${START_MS} ms:\n${stderr}`)), START_MS);
    let buffered = '';
    started.stdout?.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'portero serving') {
          clearTimeout(timer);
          resolve(entry.port as number);
        }
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before serving:\n${stderr}`));
    });
  });
  return { port, logs, exited };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe(`portero serve on ${testDriver()}`, { timeout: START_MS + STOP_MS + 30_000 }, () => {
  it('answers health, readiness (naming the driver) and 404, and exits 0 on SIGTERM, releasing the data directory', async () => {
    const dataDir = join(root, 'data');
    const database = testDriver() === 'postgres' ? await openEmptyDatabase('serve') : undefined;
    await database?.close();
    const port = await freePort();
    const served = await serve(
      cleanEnv({
        PORT: String(port),
        PORTERO_DATA_DIR: dataDir,
        ...(database?.driver === 'postgres' && { DATABASE_URL: database.url }),
      }),
    );
    expect(served.port).toBe(port);
    // Issue 19, point 8: a warning line at start for each placeholder or unconfirmed assumption still in force, of
    // every policy loaded (oys's soporte@oys.invalid, arcoirisapp's and crosspoint365's URLs included), none left out.
    const assumptions = served.logs.filter((entry) => entry.level === 40 && entry.policy !== undefined);
    const expected = (await loadPresets()).flatMap((policy) =>
      policyAssumptions(policy).map((assumption) => `${policy.id} ${assumption.path}`),
    );
    expect(expected).toEqual(
      expect.arrayContaining([
        'arcoirisapp channels.accepted[0].url',
        'crosspoint365 channels.accepted[0].url',
        'itbx channels.accepted[0].url',
        'jd-services calendars.laboral',
        'oys calendars.laboral',
        'oys channels.accepted[0].address',
      ]),
    );
    expect(assumptions.map((entry) => `${entry.policy} ${entry.path}`)).toEqual(expected);
    expect(assumptions.find((entry) => entry.policy === 'itbx')?.msg).toBe(
      'policy itbx: channels.accepted[0].url: placeholder "https://soporte.itbx.invalid" (customers are not shown it): set the real one',
    );

    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const readiness = (await ready.json()) as { status: string; detail: string };
    expect(readiness.status).toBe('ready');
    expect(readiness.detail).toBe(testDriver());
    const missing = await fetch(`${base}/no-such-path`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no route /no-such-path' });

    // One process: the one listening holds the data directory.
    if (testDriver() === 'pglite') {
      const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; command: string };
      expect(lock).toMatchObject({ pid: child?.pid, command: 'portero serve' });
    }

    child?.kill('SIGTERM');
    expect(await within(served.exited, STOP_MS, 'serve to exit after SIGTERM')).toEqual({ code: 0, signal: null });
    expect(served.logs.map((entry) => entry.msg)).toContain('shutting down');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    // Released for real: another process may take the directory now.
    acquireDataDirLock(dataDir, { command: 'the next process' }).release();
  });

  it('SIGTERM with a client that never finishes its request: exit 0 within the grace period, directory released', async () => {
    const dataDir = join(root, 'data');
    const database = testDriver() === 'postgres' ? await openEmptyDatabase('serve') : undefined;
    await database?.close();
    const served = await serve(
      cleanEnv({
        PORT: String(await freePort()),
        PORTERO_DATA_DIR: dataDir,
        ...(database?.driver === 'postgres' && { DATABASE_URL: database.url }),
      }),
    );
    // Headers that promise a body, and a body that never comes.
    const hung = connect(served.port, '127.0.0.1');
    await new Promise((resolve) => hung.once('connect', resolve));
    hung.write('POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"a":');
    try {
      const signalled = Date.now();
      child?.kill('SIGTERM');
      expect(await within(served.exited, STOP_GRACE_MS + 2_000, 'serve to exit')).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(STOP_GRACE_MS);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      hung.destroy();
    }
  });

  it('a signal during start-up stops it at once (here: a database that never answers)', async () => {
    // A "PostgreSQL" that takes connections and never says a word: serve waits in start-up.
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const dbPort = (silent.address() as { port: number }).port;
    try {
      const port = await freePort();
      const started = spawn(process.execPath, [BIN, 'serve'], {
        env: cleanEnv({ PORT: String(port), DATABASE_URL: `postgres://portero@127.0.0.1:${dbPort}/portero` }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      const exited = new Promise<{ code: number | null }>((resolve) =>
        started.once('exit', (code) => resolve({ code })),
      );
      await within(
        untilTrue(() => held.length > 0),
        START_MS,
        'serve to connect to the database',
      );

      started.kill('SIGTERM');
      expect(await within(exited, STOP_MS, 'serve to exit')).toEqual({ code: 0 });
      // Its connection to the database went with it.
      await within(
        untilTrue(() => held.every((socket) => socket.closed)),
        STOP_MS,
        'serve to let go of the database',
      );
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('Teams is not served unless configured: /api/messages is 404 without MicrosoftAppId or the emulator flag', async () => {
    const port = await freePort();
    await serve(cleanEnv({ PORT: String(port), PORTERO_DATA_DIR: 'memory' }));
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message' }),
    });
    expect(response.status).toBe(404);
  });

  it.skipIf(!externalAddress())('Teams in emulator mode: the server listens on loopback only', async () => {
    const port = await freePort();
    await serve(cleanEnv({ PORT: String(port), PORTERO_DATA_DIR: 'memory', PORTERO_TEAMS_EMULATOR: '1' }));
    const activity = { type: 'message' };
    const post = (host: string) =>
      fetch(`http://${host}:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
    // Through the machine's own network address, as any other machine would come in: nothing listens there.
    await expect(post(externalAddress()!)).rejects.toThrow();
    // From this machine the activity is read (and told what is missing).
    const local = await post('127.0.0.1');
    expect(local.status).toBe(400);
  });
});

async function untilTrue(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** An IPv4 address of this machine other than loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('portero serve refusing to start', { timeout: START_MS }, () => {
  const run = async (env: Record<string, string | undefined>) => {
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
    const err: string[] = [];
    const io: CliIo = { out: () => {}, err: (line) => err.push(line), stdin: process.stdin };
    try {
      return { code: await runCli(['serve'], io), err: err.join('\n') };
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };

  it('exits 1 naming the holder when the data directory is in use, instead of crashing', async () => {
    const dataDir = join(root, 'data');
    const lock = acquireDataDirLock(dataDir, { command: 'portero chat (test holder)' });
    try {
      const refused = await run({
        PORTERO_DATA_DIR: dataDir,
        DATABASE_URL: undefined,
        PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
      });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(`The data directory ${dataDir} is in use by "portero chat (test holder)"`);
    } finally {
      lock.release();
    }
  });

  it('exits 1 saying so when the port is taken, and lets the data directory go', async () => {
    const dataDir = join(root, 'data');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const { port } = taken.address() as { port: number };
    try {
      const refused = await run({
        PORTERO_DATA_DIR: dataDir,
        DATABASE_URL: undefined,
        PORT: String(port),
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: undefined,
        SLACK_SIGNING_SECRET: undefined,
        MicrosoftAppId: undefined,
      });
      expect(refused).toEqual({
        code: 1,
        err: `port ${port} is already in use: stop what listens there, or set PORT to another port`,
      });
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
