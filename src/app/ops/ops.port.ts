import type { SlaClock, SlaPause } from '../../domain/sla/sla.types.ts';

// What an operator is shown of a deployment's health, read from the database in a few indexed queries: /metrics'
// gauges and `portero status` read the same snapshot. Implemented by db/repositories/ops.repository.ts.

export interface Count {
  count: number;
}

export interface OpsSnapshot {
  at: Date;
  tenants: string[];
  /** Open cases per tenant and state. */
  openCases: (Count & { tenant: string; state: string })[];
  /** Open cases whose next SLA due instant has passed, per tenant. */
  breachingCases: (Count & { tenant: string })[];
  outbox: {
    pending: (Count & { target: string })[];
    dead: (Count & { target: string })[];
    /** When the oldest pending row was written. */
    oldestPendingAt: Date | null;
  };
  sla: {
    /** Pending timers already due: the monitor should be taking them now. */
    due: number;
    /** The oldest of those: how far behind the monitor is. */
    oldestDueAt: Date | null;
    /** The next pending instant still ahead. */
    nextAt: Date | null;
    /** The last pass of any replica's monitor, with how late its most overdue timer was. */
    lastSweep: { at: Date; replica: string; lagMs: number } | null;
  };
  /** Every mailbox Portero reads, with its watcher's state and last successful fetch. */
  mailboxes: {
    id: string;
    tenant: string;
    address: string;
    state: string;
    lastFetchAt: Date | null;
    lastError: string | null;
  }[];
}

export interface Heartbeat {
  name: 'sla-monitor';
  at: Date;
  replica: string;
  lagMs: number;
}

/** A case as the weekly SLA figures need it. */
export interface WeeklyCaseRow {
  id: string;
  tenantId: string;
  priority: string;
  sla: SlaClock[];
  pauses: SlaPause[];
}

/** Customers turned away: refusals by code, chat redirects by triage reason and by the channel they were sent to. */
export interface TurnedAwayRow {
  tenantId: string;
  kind: 'refused' | 'redirected' | 'redirected_to';
  reason: string;
  count: number;
}

export interface OpsStore {
  snapshot(now: Date): Promise<OpsSnapshot>;
  /** The tenant's cases whose clocks may have been decided since `since`: opened or closed since, or still open. */
  weeklyCases(tenantId: string, since: Date): Promise<WeeklyCaseRow[]>;
  /** Chat redirects, and the `refused` events whose code is one of `codes` (TURNED_AWAY_CODES). */
  turnedAway(tenantId: string, since: Date, codes: readonly string[]): Promise<TurnedAwayRow[]>;
  /** Where the tenant's SLA history stands: it moves when a case change rewrites a decision of a finished week. */
  slaHistoryRevision(tenantId: string): Promise<number>;
  /** The customers' 1–5 ratings given since `since`, counted per week (its Monday in `zone`, an ISO date) and score. */
  ratingsByWeek(tenantId: string, since: Date, zone: string): Promise<{ week: string; score: number; count: number }[]>;
  /** The tenant's open cases counted by state and priority. */
  openCases(tenantId: string): Promise<(Count & { state: string; priority: string })[]>;
  /** Moves the loop's heartbeat forward (never back: replicas share the row). */
  beat(heartbeat: Heartbeat): Promise<void>;
}
