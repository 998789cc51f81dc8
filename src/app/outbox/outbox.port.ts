import type { OutboxRow } from '../store.port.ts';

export type DeliveryResult =
  | { ok: true }
  /** `retryAfterMs`: what the remote asked for (a 429's Retry-After); `permanent`: retrying cannot help. */
  | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean };

/** Delivers one outbox row to its target (Slack, Teams, email, console). Implemented by the adapters. */
export interface Deliverer {
  deliver(row: OutboxRow): Promise<DeliveryResult>;
}

/** The relay's view of the outbox table. */
export interface OutboxQueue {
  /**
   * Claims up to `limit` due rows for these targets, leasing them until `leaseUntil` (a crashed relay's rows come back
   * then). Only the oldest pending row of each case and destination is claimable, so one case's messages keep order.
   */
  claimDue(targets: string[], now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]>;
  markDelivered(id: number, at: Date): Promise<void>;
  retryLater(id: number, at: Date, error: string): Promise<void>;
  markDead(id: number, error: string): Promise<void>;
  list(filter: { status?: OutboxRow['status']; limit: number }): Promise<OutboxRow[]>;
  /** Puts dead-lettered rows back in the queue (after the operator fixed the cause). */
  retryDead(ids: number[] | 'all', now: Date): Promise<number>;
}
