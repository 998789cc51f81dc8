import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './bench.types.ts';
import { benchDatabase, freePort } from './serve-process.ts';

// `portero serve` idle: how long a restart takes to be ready (/readyz 200) and how much memory the one process holds
// once idle. The first start initialises and migrates the database (PGlite's initdb leaves memory behind), so the
// figures are of the second start, as after any restart. On PGlite, and on PostgreSQL when DATABASE_URL is set.
// Goals: ready within 3 s; resident memory ≤ 450 MB on PGlite, ≤ 200 MB on PostgreSQL.

const READY_GOAL_MS = 3_000;
const RSS_GOAL_MB = { PGlite: 450, PostgreSQL: 200 } as const;
const IDLE_MS = 5_000;
const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));

export default async function serveBench(): Promise<BenchReport> {
  const lines: string[] = [];
  let goalMet = true;
  const databases = [
    await benchDatabase({ embedded: true }),
    ...(process.env.DATABASE_URL ? [await benchDatabase()] : []),
  ];
  for (const database of databases) {
    try {
      await startOnce(database.env);
      const { readyMs, rssMb } = await startOnce(database.env);
      const goal = RSS_GOAL_MB[database.label as keyof typeof RSS_GOAL_MB];
      lines.push(
        `${database.label.padEnd(10)} ready ${readyMs} ms after start (goal ≤ ${READY_GOAL_MS} ms); ` +
          `idle resident memory ${rssMb} MB (goal ≤ ${goal} MB)`,
      );
      goalMet &&= readyMs <= READY_GOAL_MS && rssMb <= goal;
    } finally {
      await database.drop();
    }
  }
  lines.push(`load average ${loadavg()[0]!.toFixed(1)}`);
  return { name: 'portero serve: ready time and idle memory after a restart', lines, goalMet };
}

/** Starts serve, times it to ready, lets it idle, reads its resident memory, and stops it. */
async function startOnce(env: Record<string, string>): Promise<{ readyMs: number; rssMb: number }> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`portero serve exited (${child.exitCode}) before it was ready`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (ready?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const readyMs = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return { readyMs, rssMb: Math.round(rssKb / 1024) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
