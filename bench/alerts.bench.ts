import { webApi } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import { createSlackDeliverer } from '../adapters/slack/slack-deliverer.ts';
import { type Database, openDatabase, rows } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createQueue, createStore } from '../db/repositories/store.ts';
import { systemClock } from '../src/app/clock.port.ts';
import { addAgent, addCustomer, bootstrapTenants } from '../src/app/directory/directory.ts';
import { startOutboxRelay } from '../src/app/outbox/outbox-relay.ts';
import { loadPolicyBook } from '../src/app/policy/policy-book.ts';
import { startSlaMonitor } from '../src/app/sla/sla-monitor.ts';
import { insertOpenCases } from '../test/app/sla/bulk-cases.ts';
import { startFakeChatSink } from '../test/helpers/fake-chat-sink.ts';
import type { BenchReport } from './bench.types.ts';
import { postgresBenchDatabase } from './bench-database.ts';

// Alert latency: from the instant a warning or breach falls due to its arrival at the (fake) Slack Web API, through
// the SLA monitor, the outbox and the real Slack deliverer, as one `portero serve` runs them. 1,000 jd-services A cases
// (24x7) whose warnings and breaches fall due over 30 seconds of real time: 2,000 posts (a warning to the agent
// channel per case; a breach per other case to the manager's DM and the manager channel).
// Goal: p99 ≤ 5 s. PostgreSQL in a database of its own when DATABASE_URL is set, else PGlite in memory.

const GOAL_P99_MS = 5_000;
const CASES = 1_000;
/** Odd cases' warnings are overdue when the cases appear: they go out in this lead, before the measured window. */
const LEAD_MS = 15_000;
const WINDOW_MS = 30_000;

export default async function alertsBench(): Promise<BenchReport> {
  const target = await benchDatabase();
  const sink = await startFakeChatSink();
  const database = target.database;
  try {
    await migrate(database);
    const { book } = await loadPolicyBook();
    const store = createStore(database.db);
    const deps = {
      store,
      clock: systemClock,
      policies: book,
      signingKey: Buffer.alloc(32, 7),
      publicUrl: 'http://localhost:3000',
    };
    await bootstrapTenants(deps, ['jd-services']);
    const marta = await addAgent(deps, { tenantId: 'jd-services', handle: 'marta', role: 'manager' });
    const acme = await addCustomer(deps, { tenantId: 'jd-services', handle: 'acme' });
    if (!marta.ok || !acme.ok) throw new Error('seeding failed');
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
      await repos.identities.link('jd-services', 'slack', 'U-MARTA', { personKind: 'agent', personId: marta.value.id });
    });

    const client = new webApi.WebClient('xoxb-bench', { slackApiUrl: sink.apiUrl, retryConfig: { retries: 0 } });
    const relay = startOutboxRelay({
      queue: createQueue(database.db),
      deliverers: { slack: createSlackDeliverer(client, deps) },
      clock: systemClock,
    });
    const monitor = startSlaMonitor(deps, { onFired: () => relay.wake() });
    const start = Date.now();
    const due = (i: number) => start + LEAD_MS + Math.floor((i / CASES) * WINDOW_MS);
    await insertOpenCases(database.db, book, {
      tenantId: 'jd-services',
      customerId: acme.value.id,
      reporterId: null,
      priority: 'A',
      state: 'en-curso',
      count: CASES,
      // Even cases cross their warning (45 min of 1 h), odd ones their breach, in the window.
      openedAt: (i) => new Date(due(i) - (i % 2 === 0 ? 45 : 60) * 60_000),
      now: new Date(start),
    });
    const expected = CASES + CASES;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      sink.waitForPosts(expected).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), LEAD_MS + WINDOW_MS + 120_000);
      }),
    ]);
    clearTimeout(timer);
    await monitor.stop();
    await relay.stop();

    // Each post's due instant: its outbox row's timer (odd cases' warnings were due before they existed: left out).
    const dueOf = new Map(
      rows<{ destination: string; headline: string; fireAt: string }>(
        await database.db.execute(sql`select o.destination as "destination", t.fire_at as "fireAt",
            split_part(o.payload->'message'->>'text', chr(10), 1) as "headline"
          from outbox o join sla_timers t on t.id = split_part(o.dedup_key, ':', 2)::bigint
          where o.kind = 'message' and t.fire_at >= ${new Date(start).toISOString()}::timestamptz`),
      ).map((row) => [`${row.destination}\u0000${row.headline}`, new Date(row.fireAt).getTime()]),
    );
    const latencies = sink
      .posts()
      .map((post) => {
        const at = dueOf.get(`${post.channel}\u0000${post.text.split('\n')[0]}`);
        return at === undefined ? undefined : post.at - at;
      })
      .filter((ms): ms is number => ms !== undefined)
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
    const p99 = pct(99);
    return {
      name: `SLA alert latency: due instant → fake Slack API, ${CASES} cases over ${WINDOW_MS / 1000} s (${target.label})`,
      lines: [
        `posts ${sink.posts().length}/${expected}${finished ? '' : ' (timed out)'}; measured ${latencies.length} alerts due in the window`,
        `latency p50 ${pct(50)} ms   p90 ${pct(90)} ms   p99 ${p99} ms   max ${latencies.at(-1)} ms`,
        `goal: p99 ≤ ${GOAL_P99_MS} ms — ${finished && p99 <= GOAL_P99_MS ? 'met' : 'MISSED'}`,
      ],
      goalMet: finished && p99 <= GOAL_P99_MS,
    };
  } finally {
    await sink.close();
    await target.drop();
  }
}

async function benchDatabase(): Promise<{ database: Database; label: string; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const database = await openDatabase({ dataDir: 'memory' });
    return { database, label: 'PGlite', drop: () => database.close() };
  }
  const { database, drop } = await postgresBenchDatabase(server, 'alerts', 10);
  return {
    database,
    label: 'PostgreSQL',
    drop,
  };
}
