import type { Store } from '../store.port.ts';

/** Slack retries within minutes and Teams within seconds: a day of remembered event ids is plenty. */
export const INBOUND_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Forgets inbound event ids older than the retention, so the dedup table stays small. Returns how many went. */
export function pruneInboundEvents(store: Store, now: Date, keepMs = INBOUND_RETENTION_MS): Promise<number> {
  return store.transaction((repos) => repos.inbound.prune(new Date(now.getTime() - keepMs)));
}
