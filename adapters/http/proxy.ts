import { Agent, type IncomingMessage, type ServerResponse, request as send } from 'node:http';
import { pipeline } from 'node:stream';
import { send as sendJson } from './http-server.ts';

// The front process passes every request it does not answer itself to the worker's own HTTP server on 127.0.0.1, as
// it came: method, path, headers (Teams' Authorization, Slack's signature) and body, and the worker's answer back.
// The worker keeps these connections open for as long as the front does (see serve-worker.ts), so a reused
// connection is never one the worker has just closed.

/** Headers about one connection, not the message: they never cross a proxy (RFC 9110, 7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te'];

export type Forward = (request: IncomingMessage, response: ServerResponse, body?: Buffer) => void;

export function proxyTo(port: number): { forward: Forward; close(): void } {
  // Connections to the worker are kept and reused: no handshake per request.
  const agent = new Agent({ keepAlive: true });
  const forward: Forward = (request, response, body) => {
    const headers = endToEnd(request.headers);
    if (body) headers['content-length'] = String(body.length);
    const upstream = send(
      { host: '127.0.0.1', port, method: request.method, path: request.url, headers, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        // A worker gone mid-answer cuts the client's answer too, rather than leaving it hanging.
        pipeline(answer, response, () => {});
      },
    );
    upstream.on('error', () => {
      if (response.headersSent) response.destroy();
      else sendJson(response, 502, { error: 'the worker process did not answer' });
    });
    // A client that goes away mid-request takes the upstream request with it.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    if (body) upstream.end(body);
    else request.pipe(upstream);
  };
  return { forward, close: () => agent.destroy() };
}

/** The headers without the hop-by-hop ones, nor those the Connection header names. */
function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  const dropped = new Set([...HOP_BY_HOP, ...named]);
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !dropped.has(name)) kept[name] = value;
  return kept;
}
