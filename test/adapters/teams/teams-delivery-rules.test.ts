import { describe, expect, it } from 'vitest';
import { createRateGate } from '../../../adapters/teams/rate-gate.ts';
import { deliveryFailure, retryAfter } from '../../../adapters/teams/teams-errors.ts';

const NOW = Date.parse('2026-11-23T15:00:00Z');

/** A Bot Connector failure as botbuilder's HTTP client throws it (a RestError). */
const restError = (statusCode: number, headers: Record<string, string> = {}, code = 'Throttled') =>
  Object.assign(new Error('Request failed'), {
    name: 'RestError',
    code,
    statusCode,
    response: { headers: { get: (name: string) => headers[name] } },
  });

describe('Teams rate gate: about 7 calls a second per conversation', () => {
  it('grants 7 calls in a second, then says how long until the oldest leaves the window', () => {
    const gate = createRateGate();
    for (let i = 0; i < 7; i++) expect(gate.take('19:a', 1, NOW + i * 100)).toBe(0);
    expect(gate.take('19:a', 1, NOW + 700)).toBe(300);
    expect(gate.take('19:b', 1, NOW + 700)).toBe(0);
    expect(gate.take('19:a', 1, NOW + 1000)).toBe(0);
  });

  it('a delivery needing two calls waits until two slots are free', () => {
    const gate = createRateGate({ perWindow: 3, windowMs: 1000 });
    expect(gate.take('c', 1, NOW)).toBe(0);
    expect(gate.take('c', 1, NOW + 200)).toBe(0);
    // Once the first call leaves the window, one old call and two new ones fit.
    expect(gate.take('c', 2, NOW + 300)).toBe(700);
    expect(gate.take('c', 2, NOW + 999)).toBe(1);
    expect(gate.take('c', 2, NOW + 1000)).toBe(0);
  });

  it('forgets a conversation idle for a whole window, and never remembers more than its bound', () => {
    const gate = createRateGate({ maxConversations: 3 });
    for (let i = 0; i < 7; i++) gate.take('19:a', 1, NOW);
    gate.take('19:b', 1, NOW + 500);
    expect(gate.remembered()).toBe(2);
    expect(gate.take('19:a', 1, NOW + 1000)).toBe(0);
    gate.take('19:c', 1, NOW + 2100);
    // a's newest call (NOW + 1000) and b's left the window more than a second ago.
    expect(gate.remembered()).toBe(1);
    for (const key of ['19:d', '19:e', '19:f', '19:g']) gate.take(key, 1, NOW + 2200);
    expect(gate.remembered()).toBe(3);
  });
});

describe('Teams delivery failures as the outbox relay reads them', () => {
  it.each([429, 412, 502, 504])('%i is retried after Retry-After, or a second without one', (status) => {
    expect(deliveryFailure(restError(status, { 'retry-after': '7' }), NOW)).toEqual({
      ok: false,
      error: `teams ${status} Throttled`,
      retryAfterMs: 7000,
    });
    expect(deliveryFailure(restError(status), NOW)).toMatchObject({ retryAfterMs: 1000 });
  });

  it.each([400, 403, 404])('%i is permanent: retrying cannot help until an operator acts', (status) => {
    expect(deliveryFailure(restError(status, {}, 'BotNotInConversationRoster'), NOW)).toEqual({
      ok: false,
      error: `teams ${status} BotNotInConversationRoster`,
      permanent: true,
    });
  });

  it('a network error names its code, with the relay backoff', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(deliveryFailure(refused, NOW)).toEqual({ ok: false, error: 'teams: ECONNREFUSED' });
    expect(deliveryFailure(restError(500), NOW)).toEqual({ ok: false, error: 'teams 500 Throttled' });
  });

  it('Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfter('2.5', NOW)).toBe(2500);
    expect(retryAfter(new Date(NOW + 4000).toUTCString(), NOW)).toBe(4000);
    expect(retryAfter('soon', NOW)).toBeUndefined();
    expect(retryAfter(undefined, NOW)).toBeUndefined();
  });
});
