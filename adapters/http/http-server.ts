import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings, RequestError } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { type RequestIdVariables, requestId } from 'hono/request-id';
import { routePath } from 'hono/route';

// The one HTTP server of `portero serve`: Hono on @hono/node-server. Every endpoint is a route on it (the chat
// platforms', health, readiness); Node's own limits keep slow or idle clients from holding connections for long.

export type HttpEnv = { Bindings: HttpBindings; Variables: RequestIdVariables };
export type RouteHandler = (c: Context<HttpEnv>) => Response | Promise<Response>;

export interface HttpServerOptions {
  port: number;
  host?: string;
  routes: Record<string, RouteHandler>;
  /** Whether the process can serve: database reachable, migrations applied. */
  ready: () => Promise<{ ok: boolean; detail: string }>;
  /** How long readiness may take before it counts as not ready (a partitioned database never answers). */
  readyTimeoutMs?: number;
  onError?: (error: unknown, path: string, requestId?: string) => void;
  /**
   * Runs each request inside `wrap` with its request id (X-Request-Id, given or made up): the logger's context, so
   * that every line logged while it is handled names it.
   */
  wrap?: <T>(fields: { requestId: string }, work: () => Promise<T>) => Promise<T>;
  /** Told of every answered request, by the route it matched (never the raw path: its series stay few). */
  observe?: (event: { route: string; method: string; status: number; seconds: number }) => void;
  /** A client that went away before its request could be read: routine, for a debug line at most. */
  onClientAbort?: () => void;
  limits?: Partial<ConnectionLimits>;
}

export interface ConnectionLimits {
  /** A request's headers and body must have arrived within this long, or the connection is closed (408). */
  requestTimeoutMs: number;
  /** Connections open at once; past it new ones are closed at once. Keep it under the process's file limit. */
  maxConnections: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 10_000,
  maxConnections: 8_000,
  keepAliveTimeoutMs: 5_000,
};

export function createHttpApp(options: Omit<HttpServerOptions, 'port' | 'host' | 'limits'>): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const readyTimeoutMs = options.readyTimeoutMs ?? 2_000;
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    const wrap = options.wrap ?? ((_fields, work) => work());
    await wrap({ requestId: c.get('requestId') }, next);
    // The route registered last among those matched; a path no route took is one series, whatever it was.
    const route = routePath(c, -1);
    options.observe?.({
      route: route === '/*' || route === '*' ? 'unmatched' : route,
      method: c.req.method,
      status: c.res.status,
      seconds: (performance.now() - started) / 1000,
    });
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    // The reason goes to the log: anyone who reaches the port may read this answer.
    const ready = await withTimeout(options.ready(), readyTimeoutMs).catch((error: unknown) => {
      if (!(error instanceof TimeoutError)) options.onError?.(error, '/readyz');
      return {
        ok: false,
        detail: error instanceof TimeoutError ? `no answer within ${readyTimeoutMs} ms` : 'the database check failed',
      };
    });
    return c.json({ status: ready.ok ? 'ready' : 'not ready', detail: ready.detail }, ready.ok ? 200 : 503);
  });
  for (const [path, route] of Object.entries(options.routes)) app.all(path, route);
  app.notFound((c) => c.json({ error: `no route ${c.req.path}` }, 404));
  app.onError((error, c) => {
    options.onError?.(error, c.req.path, c.get('requestId'));
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

/** Serves the app; resolves once listening (rejects when the port is refused). */
export function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const app = createHttpApp(options);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // node:http with Hono's request listener rather than `serve()`, so that a request that cannot even be read (a client
  // gone mid-request) is answered and logged here, quietly, instead of printed raw to stderr.
  const listener = getRequestListener(app.fetch, {
    errorHandler: (error) => {
      if (error instanceof RequestError) options.onClientAbort?.();
      else options.onError?.(error, 'request');
      return new Response(null, { status: error instanceof RequestError ? 400 : 500 });
    },
  });
  return new Promise((resolve, reject) => {
    const server = createServer(
      {
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout: Math.min(limits.requestTimeoutMs, 5_000),
        // Node checks the timeouts above this often (30 s by default): a slow client must not outlive them by much.
        connectionsCheckingInterval: 1_000,
      },
      listener,
    );
    server.keepAliveTimeout = limits.keepAliveTimeoutMs;
    server.maxConnections = limits.maxConnections;
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
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

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
