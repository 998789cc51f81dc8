import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, rows } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createStore } from '../../db/repositories/store.ts';
import { fixedClock } from '../../src/app/clock.port.ts';
import { addAgent, addContact, addCustomer, bootstrapTenants } from '../../src/app/directory/directory.ts';
import { loadPolicyBook } from '../../src/app/policy/policy-book.ts';
import { insertOpenCases } from '../app/sla/bulk-cases.ts';
import { openEmptyDatabase } from '../helpers/db.ts';
import { type FakeChatSink, startFakeChatSink } from '../helpers/fake-chat-sink.ts';

// Three real `portero serve` processes on one PostgreSQL database, posting to one fake Slack Web API. 1,000
// jd-services A cases (24x7 calendar: first response 1 h, warning at 45 min) are opened "in the past" so that their
// warnings and breaches fall due a few seconds after the replicas start, while real time runs; when half of them
// have arrived, one replica is killed with SIGKILL. Every alert must reach the fake Slack at least once; a duplicate
// can only come from a crash between a post and the commit that marks it delivered (rows re-delivered after the dead
// replica's outbox lease: attempts > 1), and the test reports how many there were.
// A soak, not part of `npm test` (it can wait out the 60 s lease): `DATABASE_URL=postgres://… npm run test:soak`.

const CASES = 1_000;
const WINDOW_START_MS = 5_000;
const WINDOW_MS = 20_000;
/** The relay leases a claimed row for 60 s: rows the killed replica held come back after that. */
const LEASE_MS = 60_000;
const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const serverUrl = process.env.DATABASE_URL;

describe.runIf(serverUrl)(
  'SLA alerts from three replicas, one killed mid-run (runs only with DATABASE_URL: PostgreSQL)',
  () => {
    const children: ChildProcess[] = [];
    let database: Database | undefined;
    let sink: FakeChatSink | undefined;
    const root = mkdtempSync(join(tmpdir(), 'portero-replicas-'));
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) crash(child);
      await sink?.close();
      await database?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('delivers every warning and breach at least once, each fired once, and counts the duplicates', {
      timeout: 240_000,
    }, async () => {
      database = await openEmptyDatabase('sla_replicas');
      if (database.driver !== 'postgres') throw new Error('expected PostgreSQL');
      await migrate(database);
      const { book } = await loadPolicyBook();
      const store = createStore(database.db);
      const deps = {
        store,
        clock: fixedClock(new Date()),
        policies: book,
        signingKey: Buffer.alloc(32, 7),
        publicUrl: 'http://localhost:3000',
      };
      await bootstrapTenants(deps, ['jd-services']);
      const ok = <T>(outcome: { ok: true; value: T } | { ok: false; error: { code: string } }) => {
        if (!outcome.ok) throw new Error(outcome.error.code);
        return outcome.value;
      };
      ok(
        await addAgent(deps, { tenantId: 'jd-services', handle: 'marta', role: 'manager', timezone: 'Europe/Madrid' }),
      );
      ok(await addCustomer(deps, { tenantId: 'jd-services', handle: 'acme' }));
      ok(
        await addContact(deps, {
          tenantId: 'jd-services',
          customer: 'acme',
          handle: 'luis',
          email: 'luis@acme.example',
        }),
      );

      // Bound before the cases exist: opening posts nothing here, only the alerts do.
      await store.transaction(async (repos) => {
        await repos.bindings.bind({
          platform: 'slack',
          conversationId: 'C-CRIT',
          tenantId: 'jd-services',
          purpose: 'agent',
          name: 'soporte-critico',
        });
        await repos.bindings.bind({
          platform: 'slack',
          conversationId: 'C-MGR',
          tenantId: 'jd-services',
          purpose: 'manager',
          name: 'soporte-gerencia',
        });
        const marta = await repos.agents.byHandle('jd-services', 'marta');
        await repos.identities.link('jd-services', 'slack', 'U-MARTA', { personKind: 'agent', personId: marta!.id });
      });

      sink = await startFakeChatSink();
      const replicas = await Promise.all([1, 2, 3].map(async (n) => serve(n, database!, sink!, root, children)));

      // The replicas run. Half the cases cross their warning in the window, the other half their breach (their
      // warning is already due when they appear). In progress, so no assignment nudge adds to the count.
      const start = Date.now();
      const due = (i: number) => start + WINDOW_START_MS + Math.floor((i / CASES) * WINDOW_MS);
      const acme = await store.transaction((repos) => repos.customers.byHandle('jd-services', 'acme'));
      await insertOpenCases(database.db, book, {
        tenantId: 'jd-services',
        customerId: acme!.id,
        reporterId: null,
        priority: 'A',
        state: 'en-curso',
        count: CASES,
        openedAt: (i) => new Date(due(i) - (i % 2 === 0 ? 45 : 60) * 60_000),
        now: new Date(start),
      });
      const windowEnd = start + WINDOW_START_MS + WINDOW_MS;
      // A warning per case to C-CRIT; a breach per odd case to U-MARTA (DM) and C-MGR.
      const expectedPosts = CASES + CASES;
      await withDeadline(sink.waitForPosts(expectedPosts / 2), windowEnd + 30_000, 'half the alerts');
      crash(replicas[0]!);
      const killedAt = Date.now();

      // All due timers fired, and every alert row delivered: bounded by the window, plus the dead replica's lease.
      const deadline = Math.max(windowEnd, killedAt) + LEASE_MS + 30_000;
      const state = async () =>
        rows<{ pending: number; undelivered: number }>(
          await database!.db.execute(sql`select
          (select count(*) from sla_timers where fired_at is null and fire_at <= now()) as "pending",
          (select count(*) from outbox where kind = 'message' and status <> 'delivered') as "undelivered"`),
        )[0]!;
      for (;;) {
        const now = await state();
        if (Date.now() > windowEnd && Number(now.pending) === 0 && Number(now.undelivered) === 0) break;
        if (Date.now() > deadline) throw new Error(`not done by the deadline: ${JSON.stringify(now)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }

      const alerts = rows<{ destination: string; headline: string; attempts: number; rule: string }>(
        await database.db.execute(sql`select o.destination as "destination", o.attempts as "attempts",
          split_part(o.payload->'message'->>'text', chr(10), 1) as "headline", t.rule as "rule"
        from outbox o join sla_timers t on t.id = split_part(o.dedup_key, ':', 2)::bigint
        where o.kind = 'message'`),
      );
      const fired = rows<{ rule: string; n: number; cases: number }>(
        await database.db.execute(sql`select rule as "rule", count(*) as "n", count(distinct case_id) as "cases"
        from sla_timers where fired_at is not null and outcome = 'fired' group by rule order by rule`),
      );
      expect(Object.fromEntries(fired.map((row) => [row.rule, [Number(row.n), Number(row.cases)]]))).toMatchObject({
        'sla.warning': [CASES, CASES],
        'sla.breach': [CASES / 2, CASES / 2],
      });
      expect(alerts).toHaveLength(expectedPosts);

      const posted = new Map<string, number>();
      for (const post of sink.posts()) {
        const key = `${post.channel}\u0000${post.text.split('\n')[0]}`;
        posted.set(key, (posted.get(key) ?? 0) + 1);
      }
      const missing = alerts.filter((alert) => !posted.has(`${alert.destination}\u0000${alert.headline}`));
      expect(missing).toEqual([]);
      const duplicates = [...posted.values()].reduce((sum, count) => sum + count - 1, 0);
      const retried = alerts.filter((alert) => Number(alert.attempts) > 1).length;
      // A second post only where the dead replica had posted and not yet committed: those rows were retried.
      expect(duplicates).toBeLessThanOrEqual(retried);
      console.info(
        `sla replicas: ${alerts.length} alerts delivered, ${duplicates} duplicate post(s), ${retried} row(s) retried after the kill`,
      );
      for (const child of replicas.slice(1)) child.kill('SIGTERM');
      await Promise.all(replicas.slice(1).map((child) => exited(child, 15_000)));
      expect(replicas.slice(1).map((child) => child.exitCode)).toEqual([0, 0]);
    });
  },
);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `portero serve` and resolves once it logs that it serves. */
async function serve(n: number, database: Database, sink: FakeChatSink, root: string, children: ChildProcess[]) {
  if (database.driver !== 'postgres') throw new Error('expected PostgreSQL');
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '6',
      PORT: String(await freePort()),
      PORTERO_DATA_DIR: join(root, `replica-${n}`, 'data'),
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-replica-test',
      SLACK_SIGNING_SECRET: 'replica-test-secret',
      SLACK_API_URL: sink.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own: a replica is two processes (front and worker), and a crash takes both.
    detached: true,
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const serving = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"portero serving"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`replica ${n} exited (${code}) before serving: ${stderr}`)));
  });
  await withDeadline(serving, Date.now() + 30_000, `replica ${n} to start`);
  return child;
}

/** A replica's crash: SIGKILL to its front and its worker at once (the group `serve` started in). */
function crash(child: ChildProcess): void {
  if (child.pid) process.kill(-child.pid, 'SIGKILL');
}

function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return withDeadline(new Promise<void>((resolve) => child.once('exit', () => resolve())), Date.now() + ms, 'exit');
}
