import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

// The smallest Slack Web API that Portero's Slack deliverer can post to: every call is answered `ok` and recorded
// with the instant it arrived, so a test (or a bench) can count deliveries, find duplicates and measure latency.
// Many processes may post to one sink: the multi-replica test points three `portero serve` at it.

export interface SinkCall {
  method: string;
  channel: string;
  text: string;
  /** Epoch ms at which the call arrived. */
  at: number;
}

export interface FakeChatSink {
  /** SLACK_API_URL for the processes that post here. */
  apiUrl: string;
  calls: SinkCall[];
  posts(): SinkCall[];
  /** Resolves once `count` chat.postMessage calls have arrived (already arrived ones count). */
  waitForPosts(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeChatSink(): Promise<FakeChatSink> {
  const calls: SinkCall[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let sequence = 0;
  const posts = () => calls.filter((call) => call.method === 'chat.postMessage');

  const server = createServer(async (request, response) => {
    const method = (request.url ?? '/').split('?')[0]!.replace(/^\/api\//, '');
    const args = await readArgs(request);
    const channel = String(args.channel ?? '');
    calls.push({ method, channel, text: String(args.text ?? ''), at: Date.now() });
    const posted = posts().length;
    for (const waiter of [...waiters]) {
      if (posted >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    const ts = `1700000000.${String(++sequence).padStart(6, '0')}`;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, channel, ts, message: { ts } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    posts,
    waitForPosts(count) {
      if (posts().length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readArgs(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if (!body) return {};
  if ((request.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(body);
  return parseQuery(body);
}
