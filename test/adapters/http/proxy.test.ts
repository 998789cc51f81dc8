import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyTo } from '../../../adapters/http/proxy.ts';

// The front passes what it does not answer itself to the worker's server: method, path, headers and body as they
// came, the answer back as it went. Real HTTP on both sides.

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A worker that records what reached it and answers 201 with a header and a body of its own. */
async function recordingWorker() {
  const seen: Seen[] = [];
  const port = await listen((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      response.writeHead(201, { 'content-type': 'application/json', 'x-worker': 'yes' });
      response.end(JSON.stringify({ got: body.length }));
    });
  });
  return { port, seen };
}

/** The front: passes everything on; with `buffered`, as a body it already read. */
async function front(workerPort: number, buffered?: Buffer) {
  const proxy = proxyTo(workerPort);
  const port = await listen((request, response) => {
    if (buffered) {
      request.resume();
      request.on('end', () => proxy.forward(request, response, buffered));
    } else proxy.forward(request, response);
  });
  return `http://127.0.0.1:${port}`;
}

describe('the front’s proxy to the worker', () => {
  it('passes method, path with query, headers and a streamed body; brings status, headers and body back', async () => {
    const worker = await recordingWorker();
    const base = await front(worker.port);
    const answer = await fetch(`${base}/api/messages?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer teams-jwt', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hola' }),
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-worker')).toBe('yes');
    expect(await answer.json()).toEqual({ got: 32 });
    expect(worker.seen).toHaveLength(1);
    expect(worker.seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/messages?x=1',
      body: '{"type":"message","text":"hola"}',
      headers: { authorization: 'Bearer teams-jwt', 'content-type': 'application/json' },
    });
  });

  it('sends a body the front already read, with its own length', async () => {
    const worker = await recordingWorker();
    const base = await front(worker.port, Buffer.from('payload=%7B%7D'));
    const answer = await fetch(`${base}/slack/events`, { method: 'POST', body: 'payload=%7B%7D' });
    expect(answer.status).toBe(201);
    expect(worker.seen[0]).toMatchObject({ body: 'payload=%7B%7D', headers: { 'content-length': '14' } });
  });

  it('answers 502, saying why, when the worker does not answer', async () => {
    const gone = await listen(() => {});
    servers.pop()?.close();
    const base = await front(gone);
    const answer = await fetch(`${base}/readyz`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toEqual({ error: 'the worker process did not answer' });
  });
});
