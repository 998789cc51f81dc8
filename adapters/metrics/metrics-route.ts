import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { RouteHandler } from '../http/http-server.ts';

// GET /metrics in Prometheus' text format. With a token set (PORTERO_METRICS_TOKEN), only `Authorization: Bearer
// <token>` is answered; the comparison takes the same time whatever the guess (both sides hashed first, so that not
// even the token's length shows).

const digest = (text: string) => createHash('sha256').update(text).digest();

export function metricsRoute(registry: Registry, options: { token?: string } = {}): RouteHandler {
  const expected = options.token === undefined ? undefined : digest(options.token);
  return async (c) => {
    if (c.req.method !== 'GET') return c.json({ error: 'use GET' }, 405);
    if (expected) {
      const given = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(given), expected))
        return c.json({ error: 'a bearer token is required' }, 401, { 'www-authenticate': 'Bearer' });
    }
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  };
}
