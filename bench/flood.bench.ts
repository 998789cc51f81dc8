import { createHmac } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './bench.types.ts';
import { benchDatabase, freePort, spawnServer } from './serve-process.ts';

// A slow-body flood against `portero serve` (a child process): 10,000 connections that send headers promising a body
// and then trickle nothing. Meanwhile /healthz and a signed Slack command must still be answered within 1 s. The
// flood is opened in batches and every socket is closed at the end; only 127.0.0.1 is used.

const FLOOD = 10_000;
const GOAL_MS = 1_000;
const SECRET = 'bench-signing-secret';
const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));

export default async function floodBench(): Promise<BenchReport> {
  const database = await benchDatabase({ embedded: true });
  const sockets: Socket[] = [];
  try {
    const portero = await spawnServer(
      [BIN, 'serve'],
      {
        ...database.env,
        PORT: String(await freePort()),
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
      },
      /"port":(\d+)[^\n]*portero serving/,
    );
    try {
      let refused = 0;
      for (let batch = 0; batch < FLOOD / 500; batch++) {
        await Promise.all(
          Array.from({ length: 500 }, () => {
            const socket = connect(portero.port, '127.0.0.1');
            sockets.push(socket);
            socket.once('close', () => refused++);
            return new Promise<void>((resolve) => {
              socket.once('connect', () => {
                socket.write('POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{');
                resolve();
              });
              socket.once('error', () => resolve());
            });
          }),
        );
      }
      const closedBefore = refused;
      const base = `http://127.0.0.1:${portero.port}`;
      const health = await timed(() => fetch(`${base}/healthz`));
      const command = await timed(() => fetch(`${base}/slack/events`, signedCommand()));
      const worst = Math.max(health.ms, command.ms);
      return {
        name: `slow-body flood: ${FLOOD} connections trickling nothing against portero serve (PGlite)`,
        lines: [
          `flood connections the server had closed by then: ${closedBefore} (its 10 s request timeout, or its PORTERO_MAX_CONNECTIONS cap)`,
          `/healthz answered ${health.status} in ${health.ms} ms; a signed /case command acked ${command.status} in ${command.ms} ms (goal ≤ ${GOAL_MS} ms each)`,
          `load average ${loadavg()[0]!.toFixed(1)}`,
        ],
        goalMet: health.status === 200 && command.status === 200 && worst <= GOAL_MS,
      };
    } finally {
      for (const socket of sockets) socket.destroy();
      await portero.stop();
    }
  } finally {
    await database.drop();
  }
}

async function timed(call: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await call();
  await response.arrayBuffer();
  return { status: response.status, ms: Math.round(performance.now() - started) };
}

function signedCommand(): RequestInit {
  const body = new URLSearchParams({
    team_id: 'T0BENCH',
    user_id: 'U0BENCH',
    command: '/case',
    text: 'help',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}
