import type { DeliveryResult } from '../../src/app/outbox/outbox.port.ts';

// A Bot Connector failure as the outbox relay understands it. Throttling and gateway hiccups come back with the
// delay to wait (Retry-After when Teams sends one); a conversation the bot cannot post to (removed, deleted) is
// permanent until an operator acts; anything else is retried with the relay's backoff.

const RETRYABLE = new Set([412, 429, 502, 504]);
const PERMANENT = new Set([400, 403, 404]);
const DEFAULT_RETRY_MS = 1000;

interface ConnectorError {
  name?: string;
  code?: string;
  message?: string;
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } };
}

export function deliveryFailure(error: unknown, now: number): Extract<DeliveryResult, { ok: false }> {
  const failure = (error ?? {}) as ConnectorError;
  const status = failure.statusCode;
  if (typeof status !== 'number') {
    // Network errors and our own: their messages say what failed, never what was sent.
    return { ok: false, error: `teams: ${failure.code ?? failure.message ?? failure.name ?? 'delivery failed'}` };
  }
  const described = `teams ${status}${failure.code ? ` ${failure.code}` : ''}`;
  const retryAfterMs = retryAfter(failure.response?.headers?.get?.('retry-after'), now);
  if (RETRYABLE.has(status)) return { ok: false, error: described, retryAfterMs: retryAfterMs ?? DEFAULT_RETRY_MS };
  if (PERMANENT.has(status)) return { ok: false, error: described, permanent: true };
  return { ok: false, error: described, ...(retryAfterMs !== undefined && { retryAfterMs }) };
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfter(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
