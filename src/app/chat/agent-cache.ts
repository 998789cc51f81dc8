import type { Platform } from '../../domain/case/case.types.ts';
import type { Clock } from '../clock.port.ts';
import type { AgentRecord, TenantRecord } from '../store.port.ts';

// Who an agent is, by their chat user id, remembered for a short while: every command asks it before anything else,
// and it changes only when an operator edits the directory (`portero agent add …`, in another process, so this one
// cannot be told). Only agents found are remembered: someone registered just now is recognised at once, and a change
// to a known agent (a new locale or time zone) shows within the TTL.

/** Long enough to spare a transaction on nearly every command of a busy agent; short enough for a directory edit. */
export const AGENT_TTL_MS = 30_000;
/** Far above any desk's number of agents: the map only bounds itself against a flood of made-up ids. */
const MAX_ENTRIES = 10_000;

export interface KnownAgent {
  tenant: TenantRecord;
  agent: AgentRecord;
}

export class AgentCache {
  private readonly entries = new Map<string, KnownAgent & { until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = AGENT_TTL_MS,
  ) {}

  get(tenantId: string, platform: Platform, userId: string): KnownAgent | undefined {
    const key = keyOf(tenantId, platform, userId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.clock.now().getTime()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  remember(platform: Platform, userId: string, known: KnownAgent): void {
    const key = keyOf(known.tenant.id, platform, userId);
    this.entries.delete(key);
    // Oldest first in a Map: past the bound the oldest goes, whatever its age.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...known, until: this.clock.now().getTime() + this.ttlMs });
  }

  /** After a directory change made in this process: the next lookup reads the store. */
  clear(): void {
    this.entries.clear();
  }
}

const keyOf = (tenantId: string, platform: Platform, userId: string) => `${tenantId}\u0000${platform}\u0000${userId}`;
