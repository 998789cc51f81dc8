import { ttlCache } from '../../src/app/ttl-cache.ts';

// Teams allows about 7 messages a second per conversation (and answers 429 past that). The gate keeps Portero under
// it: a sliding one-second window of calls per conversation; a call that would overflow it learns how long to wait
// instead of sleeping, so the outbox relay can hold the row and go on with other conversations.

export interface RateGate {
  /** Takes `calls` slots for `key` at `now` (ms): 0 when granted, else the milliseconds until they would be. */
  take(key: string, calls: number, now: number): number;
  /** How many conversations it still remembers, after forgetting the idle ones. */
  remembered(): number;
}

/** Far more conversations than one replica sends to within a second; past it the least recent is forgotten. */
const MAX_CONVERSATIONS = 10_000;

export function createRateGate(
  options: { perWindow?: number; windowMs?: number; maxConversations?: number } = {},
): RateGate {
  const perWindow = options.perWindow ?? 7;
  const windowMs = options.windowMs ?? 1000;
  let current = 0;
  // An entry is set when a call is granted, so it goes stale once its newest call has left the window: a conversation
  // idle that long has nothing left to count, and is forgotten.
  const sent = ttlCache<number[]>({
    max: options.maxConversations ?? MAX_CONVERSATIONS,
    ttlMs: windowMs,
    now: () => current,
  });
  return {
    take(key, calls, now) {
      current = now;
      const recent = (sent.get(key) ?? []).filter((at) => at > now - windowMs);
      const over = recent.length + calls - perWindow;
      if (over > 0 && recent.length > 0) {
        // The `over`-th oldest call leaving the window frees enough room.
        return Math.max(1, recent[Math.min(over, recent.length) - 1]! + windowMs - now);
      }
      for (let i = 0; i < calls; i++) recent.push(now);
      sent.set(key, recent);
      return 0;
    },
    remembered() {
      sent.purgeStale();
      return sent.size;
    },
  };
}
