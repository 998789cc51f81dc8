import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { type Database, type Db, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createStore } from '../db/repositories/store.ts';
import * as schema from '../db/schema/index.ts';
import { caseEvents, cases } from '../db/schema/index.ts';
import type { Caller, CaseDeps } from '../src/app/cases/case-context.ts';
import { type ListKind, listCases } from '../src/app/cases/case-queries.ts';
import { moveCase } from '../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../src/app/cases/open-case.ts';
import { fixedClock } from '../src/app/clock.port.ts';
import { addAgent, addCustomer, bootstrapTenants } from '../src/app/directory/directory.ts';
import { loadPolicyBook } from '../src/app/policy/policy-book.ts';
import type { BenchReport } from './bench.types.ts';
import { postgresBenchDatabase } from './bench-database.ts';

// open-case and move-case as agents run them (one transaction each: case row, audit event, SLA timers, the card for
// the bound agent channel), over a tenant that already has 100,000 cases, next to a floor transaction (BEGIN; one
// indexed read; one insert; COMMIT, plain drizzle) measured in the same run, in alternating rounds so that the
// machine's load weighs on all three alike. PGlite in memory always; PostgreSQL too when DATABASE_URL is set, in a
// database of the bench's own, dropped afterwards. Goal on PostgreSQL: each use case's p99 ≤ 2 × the floor's p99.

const GOAL_RATIO = 2;
const EXISTING = 100_000;
const CUSTOMERS = 50;
const WARMUP = 100;
const OPS = { pglite: 1_000, postgres: 2_000 };
const ROUND = 100;
const NOW = new Date('2026-11-23T15:00:00Z'); // Monday 10:00 in Bogotá

interface Stats {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** Every statement drizzle sends, counted; the last ones kept while `capture` is on. */
function queryLog() {
  const log = { count: 0, capture: false, captured: [] as { query: string; params: unknown[] }[] };
  const logger: Logger = {
    logQuery(query, params) {
      log.count++;
      if (log.capture) log.captured.push({ query, params });
    },
  };
  return { log, logger };
}

function loggedDb(database: Database, logger: Logger): Db {
  return database.driver === 'pglite'
    ? drizzlePglite({ client: database.client, schema, logger })
    : drizzlePostgres({ client: database.client, schema, logger });
}

async function explain(database: Database, query: string, params: unknown[]): Promise<string[]> {
  const text = `explain (analyze, costs off, timing off, summary off) ${query}`;
  const result =
    database.driver === 'pglite'
      ? (await database.client.query<Record<string, string>>(text, params)).rows
      : await database.client.unsafe(text, params as never[]);
  return Array.from(result as Record<string, string>[]).map((row) => Object.values(row)[0] ?? '');
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(9);

const stats = (latencies: number[], seconds: number): Stats => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    perSecond: sorted.length / seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1)!,
  };
};

/** Runs each op `count` times, one call at a time, in alternating rounds of `ROUND` calls. */
async function measure<K extends string>(count: number, ops: Record<K, () => Promise<unknown>>) {
  const names = Object.keys(ops) as K[];
  const latencies = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const busy = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  for (let done = 0; done < count; done += ROUND) {
    for (const name of names) {
      const began = performance.now();
      for (let i = 0; i < Math.min(ROUND, count - done); i++) {
        const start = performance.now();
        await ops[name]();
        latencies[name].push(performance.now() - start);
      }
      busy[name] += performance.now() - began;
    }
  }
  return Object.fromEntries(names.map((name) => [name, stats(latencies[name], busy[name] / 1000)])) as Record<K, Stats>;
}

/**
 * 100k itbx cases across 50 customers over the past year: 80% open, 1 in 10 of them past due, with their pending
 * timers; ana has a tenth of them, eva five.
 */
async function bulkInsert(db: Db, ana: string, eva: string): Promise<void> {
  await db.execute(sql`insert into customers (tenant_id, handle, name, plan)
    select 'itbx', 'c' || g, 'Customer ' || g, 'standard' from generate_series(1, ${CUSTOMERS}) g`);
  const now = NOW.toISOString();
  await db.execute(sql`
    with c as (select array_agg(id order by handle) as ids from customers where tenant_id = 'itbx')
    insert into cases (tenant_id, number, ref, customer_id, title, type, priority, state, is_open, assignee_id,
      language, opened_via, opened_at, updated_at, closed_at, next_due_at)
    select 'itbx', g, 'ITBX-' || g, c.ids[1 + g % ${CUSTOMERS}], 'Caso ' || g, 'incident',
      (array['alta', 'media', 'baja'])[1 + g % 3],
      case when g % 5 = 0 then 'cerrada' else 'abierto' end, g % 5 <> 0,
      case when g % 10 = 1 then ${ana}::uuid when g % 20000 = 3 then ${eva}::uuid end, 'es', 'portal',
      ${now}::timestamptz - g * interval '5 minutes', ${now}::timestamptz - g * interval '5 minutes',
      case when g % 5 = 0 then ${now}::timestamptz - g * interval '4 minutes' end,
      case when g % 5 <> 0 then ${now}::timestamptz + ((g % 100) - 10) * interval '1 hour' end
    from generate_series(1, ${EXISTING}) g, c`);
  await db.execute(sql`insert into case_events (tenant_id, case_id, type, at, actor_kind, channel, data)
    select tenant_id, id, 'opened', opened_at, 'contact', 'portal', '{}'::jsonb from cases`);
  // Their pending SLA timers (a warning and a breach of the resolution target), as a steady state would have them:
  // the statistics then describe the timer table the use cases rewrite.
  await db.execute(sql`insert into sla_timers (tenant_id, case_id, rule, target, threshold, cycle, fire_at)
    select tenant_id, id, rule, 'resolution', threshold, (extract(epoch from opened_at) * 1000)::bigint::text,
      next_due_at - (1 - threshold::numeric) * interval '8 hours'
    from cases, (values ('sla.warning', '0.75'), ('sla.breach', '1')) as t(rule, threshold)
    where is_open`);
  await db.execute(sql`update tenants set next_case_number = ${EXISTING + 1} where id = 'itbx'`);
  await db.execute(sql`analyze`);
}

async function runOn(database: Database, lines: string[]): Promise<{ open: Stats; move: Stats; floor: Stats }> {
  const { log, logger } = queryLog();
  const db = loggedDb(database, logger);
  const { book, policies } = await loadPolicyBook();
  const clock = fixedClock(NOW);
  const deps: CaseDeps = {
    store: createStore(db),
    clock,
    policies: book,
    signingKey: Buffer.alloc(32, 7),
    publicUrl: 'http://localhost:3000',
  };
  await bootstrapTenants(
    deps,
    policies.map((policy) => policy.id),
  );
  const agent = await addAgent(deps, { tenantId: 'itbx', handle: 'ana' });
  const eva = await addAgent(deps, { tenantId: 'itbx', handle: 'eva' });
  if (!agent.ok || !eva.ok) throw new Error('bench: agents');
  await addCustomer(deps, { tenantId: 'itbx', handle: 'acme' });
  await deps.store.transaction(async (repos) => {
    for (const name of ['soporte', 'soporte-critico']) {
      await repos.bindings.bind({ platform: 'slack', conversationId: name, tenantId: 'itbx', purpose: 'agent', name });
    }
  });
  let began = performance.now();
  await bulkInsert(db, agent.value.id, eva.value.id);
  lines.push(
    `  ${EXISTING.toLocaleString('en-US')} cases and their events bulk-inserted in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );
  const caller: Caller = { tenantId: 'itbx', actor: { kind: 'agent', agentId: agent.value.id }, channel: 'slack' };
  const must = (outcome: { ok: boolean; error?: { code: string } }) => {
    if (!outcome.ok) throw new Error(`bench: ${outcome.error?.code}`);
  };
  let opened = 0;
  const open = () => {
    const priority = ['alta', 'media', 'baja'][opened++ % 3];
    return openCase({ deps, caller, customer: 'acme', title: `Bench ${opened}`, priority }).then(must);
  };
  // Open cases of the bulk set in their initial state that ana is assigned to (numbers ending in 1): itbx's ABIERTO
  // is left only with an engineer. 10,000 of them, more than the runs move.
  let moved = 0;
  const move = () => {
    moved++;
    return moveCase({ deps, caller, ref: { number: 10 * (moved - 1) + 1 }, state: 'analisis' }).then(must);
  };
  let read = 0;
  const floor = () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.tenantId, 'itbx'), eq(cases.number, 1 + (read++ % EXISTING))));
      await tx.insert(caseEvents).values({
        tenantId: 'itbx',
        caseId: row!.id,
        type: 'bench',
        at: NOW,
        actorKind: 'system',
        channel: 'system',
        data: {},
      });
    });

  const count = OPS[database.driver];
  await measure(WARMUP, { floor, open, move });
  const statements = async (op: () => Promise<unknown>) => {
    const before = log.count;
    await op();
    return log.count - before;
  };
  const perOpen = await statements(open);
  const perMove = await statements(move);
  const results = await measure(count, { floor, open, move });
  const row = (name: string, s: Stats) =>
    `  ${name.padEnd(40)} ${Math.round(s.perSecond).toLocaleString('en-US').padStart(6)}/s  p50 ${ms(s.p50)}  ` +
    `p99 ${ms(s.p99)}  max ${ms(s.max)}`;
  const ratio = (s: Stats) => `p99 ${(s.p99 / results.floor.p99).toFixed(2)} × the floor's`;
  lines.push(
    row(`floor: read + insert (${count}, 1 client)`, results.floor),
    `${row(`open-case (${count}, 1 client)`, results.open)}  ${ratio(results.open)}`,
    `${row(`move-case (${count}, 1 client)`, results.move)}  ${ratio(results.move)}`,
    `  statements per call (BEGIN/COMMIT not counted): floor 2, open-case ${perOpen}, move-case ${perMove}`,
  );

  const asEva: Caller = { ...caller, actor: { kind: 'agent', agentId: eva.value.id } };
  const lists: [string, Caller, ListKind][] = [
    ['open', caller, 'open'],
    ['mine (ana: 10,000 open)', caller, 'mine'],
    ['mine (eva: 5 open)', asEva, 'mine'],
    ['breaching', caller, 'breaching'],
  ];
  for (const [label, who, kind] of lists) {
    log.captured = [];
    log.capture = true;
    began = performance.now();
    const listed = await listCases({ deps, caller: who, kind, limit: 50 });
    const took = performance.now() - began;
    log.capture = false;
    if (!listed.ok) throw new Error(listed.error.code);
    const statement = log.captured.find((q) => /from "cases"/.test(q.query) && /limit/.test(q.query));
    if (!statement) throw new Error(`bench: no cases query for list ${kind}`);
    lines.push(
      `  list ${label}: ${listed.value.length} cases in ${took.toFixed(1)} ms, ${log.captured.length} statements; plan:`,
    );
    for (const line of await explain(database, statement.query, statement.params)) lines.push(`      ${line}`);
  }
  return results;
}

export default async function casesBench(): Promise<BenchReport> {
  const lines: string[] = [];
  lines.push('PGlite (in memory):');
  const pglite = await openDatabase({ dataDir: 'memory' });
  try {
    await migrate(pglite);
    await runOn(pglite, lines);
  } finally {
    await pglite.close();
  }

  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    lines.push(`goal: p99 ≤ ${GOAL_RATIO} × the floor's on PostgreSQL: not measured (set DATABASE_URL)`);
    return { name: 'Cases: open and move', lines, goalMet: true };
  }
  lines.push('PostgreSQL:');
  const pg = await postgresBenchDatabase(serverUrl, 'cases', 2);
  let results: { open: Stats; move: Stats; floor: Stats };
  try {
    await migrate(pg.database);
    results = await runOn(pg.database, lines);
  } finally {
    await pg.drop();
  }
  const { open, move, floor } = results;
  const goalMet = open.p99 <= GOAL_RATIO * floor.p99 && move.p99 <= GOAL_RATIO * floor.p99;
  lines.push(
    `goal: p99 ≤ ${GOAL_RATIO} × the floor's on PostgreSQL (1 client): floor ${floor.p99.toFixed(2)} ms, ` +
      `open-case ${open.p99.toFixed(2)} ms (${(open.p99 / floor.p99).toFixed(2)}×), ` +
      `move-case ${move.p99.toFixed(2)} ms (${(move.p99 / floor.p99).toFixed(2)}×): ${goalMet ? 'met' : 'NOT met'}`,
  );
  return { name: 'Cases: open and move', lines, goalMet };
}
