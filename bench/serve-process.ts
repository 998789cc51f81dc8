import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminClient, createDatabase, dropDatabase, newRunId, urlFor } from '../test/helpers/test-databases.ts';

// What the benches that run `portero serve` as a child process share: a database of their own, a free port, and the
// child itself with its warnings counted.

/** PostgreSQL in a database made for this run (dropped after) when DATABASE_URL is set, or PGlite in a fresh directory. */
export async function benchDatabase(options: { embedded?: boolean } = {}) {
  const server = options.embedded ? undefined : process.env.DATABASE_URL;
  if (!server) {
    const dir = await mkdtemp(join(tmpdir(), 'portero-bench-'));
    return {
      label: 'PGlite',
      env: { PORTERO_DATA_DIR: join(dir, 'data') } as Record<string, string>,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `portero_bench_serve_${newRunId()}`;
  const admin = adminClient(server);
  await createDatabase(admin, name);
  return {
    label: 'PostgreSQL',
    env: { DATABASE_URL: urlFor(server, name) } as Record<string, string>,
    drop: async () => {
      try {
        await dropDatabase(admin, name);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A child server, ready once its output matches `ready` (whose group is the port); its warnings and errors counted. */
export async function spawnServer(args: string[], env: Record<string, string>, ready: RegExp) {
  const child: ChildProcess = spawn(process.execPath, args, {
    // Info level: the "portero serving" line says the server is up (and on which port); requests log nothing.
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  const problems = new Map<string, number>();
  const read = (chunk: Buffer) => {
    if (output.length < 100_000) output += chunk.toString();
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const entry = /^\{.*"level":(\d+).*"msg":"([^"]*)"/.exec(line);
      if (entry && Number(entry[1]) >= 40) {
        const error = /"error":"([^"]*)"/.exec(line)?.[1];
        const key = error ? `${entry[2]} (${error})` : entry[2]!;
        problems.set(key, (problems.get(key) ?? 0) + 1);
      }
    }
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const match = ready.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
  // What it says while starting (Teams in emulator mode, say) is not about the load.
  problems.clear();
  return {
    port,
    pid: child.pid!,
    /** "message (error code) ×count", most frequent first. */
    problems: () => [...problems].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${key} ×${count}`),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** What a load run through autocannon (CommonJS, untyped here) reports. */
export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
export const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
) => Promise<LoadResult>;
