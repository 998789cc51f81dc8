import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeServer,
  createHttpApp,
  type RouteHandler,
  serverPort,
  startHttpServer,
} from '../../../adapters/http/http-server.ts';
import { readBody, tooLarge } from '../../../adapters/http/read-body.ts';

// The one HTTP server: health and readiness, unknown paths, failures, and the limits that keep slow, oversize or
// vanishing clients from taking it down. In-process requests through Hono where no socket matters; a real server
// on 127.0.0.1 where it does.

const ready = async () => ({ ok: true, detail: 'test' });

/** A route that reads a body of at most 1 KiB and says how long it was. */
const echoLength: RouteHandler = async (c) => {
  const body = await readBody(c, 1024);
  if (body === 'too-large') return tooLarge(c, 'larger than 1024 bytes');
  if (body === 'aborted') return c.body(null, 400);
  return c.json({ bytes: body.length });
};

describe('health and readiness', () => {
  it('/healthz is 200; /readyz is 503 with the reason once readiness takes longer than its timeout', async () => {
    const app = createHttpApp({ routes: {}, ready: () => new Promise(() => {}), readyTimeoutMs: 50 });
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const started = Date.now();
    const readiness = await app.request('/readyz');
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: 'not ready', detail: 'no answer within 50 ms' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('/readyz is 503 with the error when the check fails, 200 when it passes', async () => {
    const logged: unknown[] = [];
    const failing = createHttpApp({
      routes: {},
      ready: () => Promise.reject(new Error('connect ECONNREFUSED db.internal:5432')),
      onError: (error) => logged.push(error),
    });
    // The reason is logged, not shown to whoever asks.
    expect(await (await failing.request('/readyz')).json()).toEqual({
      status: 'not ready',
      detail: 'the database check failed',
    });
    expect(String(logged[0])).toContain('db.internal');
    const passing = createHttpApp({ routes: {}, ready });
    expect((await passing.request('/readyz')).status).toBe(200);
  });

  it('an unknown path is a 404 that names it; a route that throws is a 500 that says nothing of the error', async () => {
    const errors: unknown[] = [];
    const app = createHttpApp({
      routes: {
        '/boom': () => {
          throw new Error('secret detail at /internal/path');
        },
      },
      ready,
      onError: (error) => errors.push(error),
    });
    const missing = await app.request('/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no route /nowhere' });
    const boom = await app.request('/boom');
    expect(boom.status).toBe(500);
    expect(await boom.text()).toBe('{"error":"internal error"}');
    expect(errors).toHaveLength(1);
  });
});

describe('a real server under slow and oversize clients', () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    if (server) await closeServer(server, 0);
    server = undefined;
  });

  const start = (requestTimeoutMs = 10_000) =>
    startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: { '/echo': echoLength },
      ready,
      limits: { requestTimeoutMs },
    });

  const open = async (port: number, head: string): Promise<Socket> => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(head);
    return socket;
  };

  const slowHead = 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"partial":';

  it('a body over the limit is a 413 that closes the connection', async () => {
    server = await start();
    const base = `http://127.0.0.1:${serverPort(server)}`;
    const response = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(4096) });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ error: 'larger than 1024 bytes' });
    expect(await (await fetch(`${base}/echo`, { method: 'POST', body: 'abc' })).json()).toEqual({ bytes: 3 });
  });

  it('a client that stops sending its body is cut off after the request timeout', async () => {
    server = await start(1_000);
    const socket = await open(serverPort(server), slowHead);
    const closed = new Promise<string>((resolve) => {
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      socket.once('close', () => resolve(answer));
    });
    const started = Date.now();
    const answer = await closed;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('while 2,000 clients trickle their bodies, /healthz still answers within 1 s', async () => {
    server = await start();
    const port = serverPort(server);
    for (let batch = 0; batch < 20; batch++) await Promise.all(Array.from({ length: 100 }, () => open(port, slowHead)));
    const started = Date.now();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('600 oversize posts abandoned mid-body leave no connection behind', async () => {
    server = await start(2_000);
    const port = serverPort(server);
    const head = 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = `${(2048).toString(16)}\r\n${'x'.repeat(2048)}\r\n`;
    for (let batch = 0; batch < 6; batch++) {
      const batchSockets = await Promise.all(Array.from({ length: 100 }, () => open(port, head + chunk)));
      for (const socket of batchSockets) socket.destroy();
    }
    const counted = () =>
      new Promise<number>((resolve, reject) =>
        server!.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    const deadline = Date.now() + 15_000;
    let remaining = await counted();
    while (remaining > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      remaining = await counted();
    }
    expect(remaining).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
