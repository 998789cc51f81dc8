import { LRUCache } from 'lru-cache';

// lru-cache whose TTL is measured on an injected clock, so that tests advancing a test clock (and `--now`
// simulations) see entries expire. `ttlResolution: 0` reads that clock at every check instead of trusting a value
// remembered for a real millisecond. An entry is stale once more than `ttlMs` has passed since it was set.

export function ttlCache<V extends {}>(options: {
  max: number;
  ttlMs: number;
  now: () => number;
}): LRUCache<string, V> {
  return new LRUCache<string, V>({
    max: options.max,
    ttl: options.ttlMs,
    ttlResolution: 0,
    perf: { now: options.now },
  });
}
