import { Agent, type IncomingMessage, type ServerResponse, request as send } from 'node:http';

// The front process passes every request it does not answer itself to the worker's own HTTP server on 127.0.0.1, as
// it came: method, path, headers (Teams' Authorization, Slack's signature) and body, and the worker's answer back.

/** Headers about one connection, not the message: they never cross a proxy (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te']);

export type Forward = (request: IncomingMessage, response: ServerResponse, body?: Buffer) => void;

export function proxyTo(port: number): { forward: Forward; close(): void } {
  // Connections to the worker are kept and reused: no handshake per request.
  const agent = new Agent({ keepAlive: true });
  const forward: Forward = (request, response, body) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
    );
    if (body) headers['content-length'] = String(body.length);
    const upstream = send(
      { host: '127.0.0.1', port, method: request.method, path: request.url, headers, agent },
      (answer) => {
        const answerHeaders = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
        );
        response.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (response.headersSent) return void response.destroy();
      response.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ error: 'the worker process did not answer' }));
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
