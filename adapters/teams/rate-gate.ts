// Teams allows about 7 messages a second per conversation (and answers 429 past that). The gate keeps Portero under
// it: a sliding one-second window of calls per conversation; a call that would overflow it learns how long to wait
// instead of sleeping, so the outbox relay can hold the row and go on with other conversations.

export interface RateGate {
  /** Takes `calls` slots for `key` at `now` (ms): 0 when granted, else the milliseconds until they would be. */
  take(key: string, calls: number, now: number): number;
}

export function createRateGate(options: { perWindow?: number; windowMs?: number } = {}): RateGate {
  const perWindow = options.perWindow ?? 7;
  const windowMs = options.windowMs ?? 1000;
  const sent = new Map<string, number[]>();
  return {
    take(key, calls, now) {
      const recent = (sent.get(key) ?? []).filter((at) => at > now - windowMs);
      const over = recent.length + calls - perWindow;
      if (over > 0 && recent.length > 0) {
        sent.set(key, recent);
        // The `over`-th oldest call leaving the window frees enough room.
        return Math.max(1, recent[Math.min(over, recent.length) - 1]! + windowMs - now);
      }
      for (let i = 0; i < calls; i++) recent.push(now);
      sent.set(key, recent);
      return 0;
    },
  };
}
