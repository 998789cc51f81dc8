import type { ChatSurface } from '../../domain/chat/platforms.ts';
import type { Clock } from '../clock.port.ts';
import type { AgentRecord, TenantRecord } from '../store.port.ts';
import { ttlCache } from '../ttl-cache.ts';

// Who an agent is, by their chat user id, remembered for a short while: every command asks it before anything else,
// and it changes only when an operator edits the directory (`portero agent add …`, in another process, so this one
// cannot be told). Only agents found are remembered: someone registered just now is recognised at once, and a change
// to a known agent (a new locale or time zone) shows within the TTL.

/** Long enough to spare a transaction on nearly every command of a busy agent; short enough for a directory edit. */
export const AGENT_TTL_MS = 30_000;
/** Far above any desk's number of agents: the bound only matters against a flood of made-up ids. */
const MAX_ENTRIES = 10_000;

export interface KnownAgent {
  tenant: TenantRecord;
  agent: AgentRecord;
}

export class AgentCache {
  private readonly entries;

  constructor(clock: Clock, ttlMs = AGENT_TTL_MS) {
    // A hit does not extend an entry (lru-cache's default): a busy agent still sees a directory edit within the TTL.
    this.entries = ttlCache<KnownAgent>({ max: MAX_ENTRIES, ttlMs, now: () => clock.now().getTime() });
  }

  get(tenantId: string, platform: ChatSurface, userId: string): KnownAgent | undefined {
    return this.entries.get(keyOf(tenantId, platform, userId));
  }

  remember(platform: ChatSurface, userId: string, known: KnownAgent): void {
    this.entries.set(keyOf(known.tenant.id, platform, userId), known);
  }

  /** After a directory change made in this process: the next lookup reads the store. */
  clear(): void {
    this.entries.clear();
  }
}

const keyOf = (tenantId: string, platform: ChatSurface, userId: string) =>
  `${tenantId}\u0000${platform}\u0000${userId}`;
