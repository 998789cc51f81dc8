import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  port: number;
  host?: string;
  routes: Record<string, RouteHandler>;
  /** Whether the process can serve: database reachable, migrations applied. */
  ready: () => Promise<{ ok: boolean; detail: string }>;
  onError?: (error: unknown, path: string) => void;
  /** How long an idle keep-alive connection stays open; 0 keeps it until the client or closeServer ends it. */
  keepAliveTimeoutMs?: number;
}

/** One server for everything: the platform endpoints, liveness and readiness. Unknown paths are 404, never a crash. */
export function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    try {
      if (path === '/healthz') return send(response, 200, { status: 'ok' });
      if (path === '/readyz') {
        const ready = await options.ready().catch((error: unknown) => ({ ok: false, detail: String(error) }));
        return send(response, ready.ok ? 200 : 503, { status: ready.ok ? 'ready' : 'not ready', detail: ready.detail });
      }
      const route = options.routes[path];
      if (!route) return send(response, 404, { error: `no route ${path}` });
      await route(request, response);
    } catch (error) {
      options.onError?.(error, path);
      if (!response.headersSent) send(response, 500, { error: 'internal error' });
      else response.end();
    }
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve(server));
  });
}

export function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/**
 * Stops accepting, closes idle connections, and resolves once requests in progress are answered; past `graceMs`
 * (if given) the connections still open are cut.
 */
export function closeServer(server: Server, graceMs?: number): Promise<void> {
  return new Promise((resolve) => {
    const cut = graceMs === undefined ? undefined : setTimeout(() => server.closeAllConnections(), graceMs).unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
