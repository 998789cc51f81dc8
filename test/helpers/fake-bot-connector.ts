import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// The Bot Connector service as botbuilder talks to it (the activity's serviceUrl), on 127.0.0.1: it records every
// call and answers like Teams does, or with the failures a test scripts (429 with Retry-After, 412, 502, …).

export interface ConnectorCall {
  method: string;
  path: string;
  /** The conversation id in the URL, decoded (a channel thread ends in `;messageid=<root>`). */
  conversationId: string;
  /** The activity id in the URL: the one replied to (POST) or updated (PUT). */
  activityId?: string;
  headers: IncomingMessage['headers'];
  // biome-ignore lint/suspicious/noExplicitAny: activities are JSON read back by the tests.
  body: any;
  /** The status the fake answered with. */
  status: number;
}

export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeBotConnector {
  /** What an activity's `serviceUrl` must say for botbuilder to call this fake. */
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** Answers the next call that `matches` (any call by default) with this failure instead. */
  failNext(failure: ScriptedFailure, matches?: (call: ConnectorCall) => boolean): void;
  /** Calls that succeeded, in order. */
  delivered(): ConnectorCall[];
  clear(): void;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const calls: ConnectorCall[] = [];
  const failures: { failure: ScriptedFailure; matches: (call: ConnectorCall) => boolean }[] = [];
  let next = 1;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (request.url ?? '/').split('?')[0]!;
    const route = ACTIVITIES.exec(path);
    const call: ConnectorCall = {
      method: request.method ?? 'GET',
      path,
      conversationId: route ? decodeURIComponent(route[1]!) : '',
      ...(route?.[2] && { activityId: decodeURIComponent(route[2]) }),
      headers: request.headers,
      body: raw ? JSON.parse(raw) : undefined,
      status: 200,
    };
    calls.push(call);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const scripted = failures.findIndex((f) => f.matches(call));
    if (scripted >= 0) {
      const [{ failure }] = failures.splice(scripted, 1) as [(typeof failures)[number]];
      return reply(failure.status, failure.body ?? { error: { code: 'Scripted', message: 'scripted failure' } }, {
        ...failure.headers,
      });
    }
    if (!route) return reply(404, { error: { code: 'NotFound', message: `no route ${path}` } });
    if (call.method === 'PUT' && call.activityId) return reply(200, { id: call.activityId });
    if (call.method === 'POST') return reply(200, { id: `activity-${next++}` });
    return reply(405, { error: { code: 'MethodNotAllowed', message: call.method } });
  });
  // botbuilder's client keeps connections alive: a socket the server closes at its idle timeout (5 s) while a slow
  // test is about to reuse it would fail that call with ECONNRESET. The fake holds them as long as a file runs.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    failNext(failure, matches = () => true) {
      failures.push({ failure, matches });
    },
    delivered: () => calls.filter((call) => call.status < 300),
    clear() {
      calls.length = 0;
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
