import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openCase } from '../src/app/cases/open-case.ts';
import { addAgent, addCustomer } from '../src/app/directory/directory.ts';
import { loadConfig } from '../src/config.ts';
import { createPortero } from '../src/main.ts';
import type { BenchReport } from './bench.types.ts';
import { autocannon, benchDatabase, freePort, type LoadResult, spawnServer } from './serve-process.ts';

// The Slack ack under load: signed `/case show` and `/case new` against `portero serve` (one process doing the
// acks and the commands' work; PostgreSQL in a database of its own when DATABASE_URL is set, else PGlite).
// Goal: p99 ack ≤ 50 ms at 200 requests/s (Slack allows 3,000 ms). A flat-out flood follows, without a goal: it
// shows how many commands are shed with the busy answer when the work queue is full.

const P99_GOAL_MS = 50;
// 10 connections at 20 requests/s each: autocannon's overallRate fires every connection on the same tick, which alone
// gave a bare hello-world a 50 ms p99 at 200 requests/s on an idle machine (7 ms spread over the second like this).
const STEADY = { rate: 200, seconds: 10, connections: 10 };
const FLOOD = { seconds: 3, connections: 50 };
const SECRET = 'bench-signing-secret';
const TEAM = 'T0BENCH';
const SETTLE_LIMIT_MS = 120_000;
const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));

export default async function slackBench(): Promise<BenchReport> {
  const loadBefore = loadavg()[0]!;
  const database = await benchDatabase();
  const sink = await startSink();
  try {
    await seed(database.env);
    const port = await freePort();
    const portero = await spawnServer(
      [BIN, 'serve'],
      {
        ...database.env,
        PORT: String(port),
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: `${sink.url}/api/`,
      },
      /"port":(\d+)[^\n]*portero serving/,
    );
    try {
      const url = `http://127.0.0.1:${portero.port}/slack/events`;
      // A command answered with a body was shed (the busy answer): its work never runs, so no response_url post follows.
      let shed = 0;
      const countShed = (status: number, body: string) => {
        if (status === 200 && body.length > 0) shed++;
      };
      const requests = [command('show ITBX-1', sink.url), command('new media acme Bench load', sink.url)].map(
        (request) => ({ ...request, onResponse: countShed }),
      );
      const steadyLoad = {
        connections: STEADY.connections,
        connectionRate: STEADY.rate / STEADY.connections,
        duration: STEADY.seconds,
      };
      const floodLoad = { connections: FLOOD.connections, duration: FLOOD.seconds };
      // Two seconds first, unmeasured: JIT, connection pools and caches warm up.
      await autocannon({ url, requests, ...steadyLoad, duration: 2 });
      await sink.settle(0);
      const before = sink.responses;
      shed = 0;
      const steady = await autocannon({ url, requests, ...steadyLoad });
      const steadyShed = shed;
      const steadyDrain = await sink.settle(before + steady.requests.total - steadyShed);
      const flood = await autocannon({ url, requests, ...floodLoad });
      const floodShed = shed - steadyShed;
      const acked = before + steady.requests.total + flood.requests.total - shed;
      const floodDrain = await sink.settle(acked);
      const failed = steady.non2xx + steady.errors + flood.non2xx + flood.errors;
      const line = (name: string, r: LoadResult) =>
        `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms`;
      return {
        name: `Slack ack: signed /case show + /case new on portero serve (${database.label})`,
        lines: [
          line(`portero at ${STEADY.rate} req/s (${STEADY.connections} conn)`, steady),
          line(`portero flat out (${FLOOD.connections} conn)`, flood),
          `p99 ack at ${STEADY.rate} req/s: ${steady.latency.p99} ms (goal ≤ ${P99_GOAL_MS} ms; Slack allows 3,000 ms)`,
          `shed (answered "busy" at once, no work done): ${steadyShed} of ${steady.requests.total} at ${STEADY.rate} req/s, ${floodShed} of ${flood.requests.total} flat out`,
          `answers through response_url: ${sink.responses} for ${acked} acks not shed (a request cut off at the end of a run may be answered unseen); the work behind the acks ended ${drained(steadyDrain)} after the steady run, ${drained(floodDrain)} after the flood`,
          `non-2xx or failed requests: ${failed}`,
          `warnings and errors logged by portero: ${portero.problems().join('; ') || 'none'}`,
          `machine: ${availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
        ],
        goalMet:
          steady.latency.p99 <= P99_GOAL_MS &&
          failed === 0 &&
          // Shedding under the flood is the designed answer to it; it is counted and printed above.
          portero.problems().every((problem) => problem.startsWith('Slack busy')),
      };
    } finally {
      await portero.stop();
    }
  } finally {
    await sink.close();
    await database.drop();
  }
}

const drained = (ms: number | undefined) =>
  ms === undefined ? `more than ${SETTLE_LIMIT_MS / 1000} s` : `${(ms / 1000).toFixed(1)} s`;

let sent = 0;

/**
 * A slash command, signed afresh for every request (another trigger id each time): Portero refuses the same signed
 * bytes twice, as a replay.
 */
function command(text: string, sinkUrl: string) {
  return {
    method: 'POST',
    setupRequest: (request: Record<string, unknown>) => {
      const body = new URLSearchParams({
        team_id: TEAM,
        channel_id: 'C0BENCH',
        user_id: 'U0BENCH',
        command: '/case',
        text,
        response_url: `${sinkUrl}/respond`,
        trigger_id: `bench-${++sent}`,
      }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      return {
        ...request,
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
        },
      };
    },
  };
}

/** The workspace linked to itbx, an agent with a Slack id, a customer and the case `/case show` reads. */
async function seed(env: Record<string, string>): Promise<void> {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const portero = await createPortero({ config: loaded.config, command: 'npm run bench' });
  try {
    const agent = await addAgent(portero, { tenantId: 'itbx', handle: 'bench', name: 'Bench' });
    if (!agent.ok) throw new Error(agent.error.code);
    await addCustomer(portero, { tenantId: 'itbx', handle: 'acme', name: 'Acme' });
    await portero.store.transaction(async (repos) => {
      await repos.platformLinks.link('slack', TEAM, 'itbx');
      await repos.identities.link('itbx', 'slack', 'U0BENCH', { personKind: 'agent', personId: agent.value.id });
    });
    const caller = {
      tenantId: 'itbx',
      actor: { kind: 'agent' as const, agentId: agent.value.id },
      channel: 'slack' as const,
    };
    const opened = await openCase({ deps: portero, caller, customer: 'acme', title: 'Bench case' });
    if (!opened.ok) throw new Error(opened.error.code);
  } finally {
    await portero.close();
  }
}

/** Slack's side: the Web API and the response URLs, answering at once and counting the answers. */
async function startSink() {
  let responses = 0;
  let lastAt = Date.now();
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url?.startsWith('/respond')) {
        responses++;
        lastAt = Date.now();
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const started = () => Date.now();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get responses() {
      return responses;
    },
    /**
     * Waits (up to two minutes) until at least `expected` answers came and then none for two seconds: how long after
     * the call the last one came, or undefined when they did not all come in time.
     */
    async settle(expected: number): Promise<number | undefined> {
      const from = started();
      while (Date.now() - from < SETTLE_LIMIT_MS) {
        if (responses >= expected && Date.now() - lastAt > 2_000) return Math.max(0, lastAt - from);
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
