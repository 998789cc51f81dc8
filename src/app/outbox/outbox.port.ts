import type { CaseEventInput } from '../../domain/case/case.types.ts';
import type { OutboxRow, Repositories } from '../store.port.ts';

/**
 * What the remote said of each recipient, when it says (SMTP): `refused` names those it turned away while it took the
 * message for the others (a partial delivery).
 */
export interface DeliveredTo {
  accepted?: string[];
  refused?: string[];
}

export type DeliveryResult =
  | ({ ok: true } & DeliveredTo)
  /**
   * `retryAfterMs`: what the remote asked for (a 429's Retry-After); `permanent`: retrying cannot help; `deferred`: not
   * a failure but the deliverer's own pacing (hold the row `retryAfterMs`, and spend no attempt on it).
   */
  | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean; deferred?: boolean };

/**
 * Delivers one outbox row to its target (Slack, Teams, email, console). Implemented by the adapters. `signal` aborts
 * when the relay's delivery timeout runs out: the relay has then counted the delivery as failed and will retry it, so
 * a deliverer should stop as soon as it can (and at least not start another remote call).
 */
export interface Deliverer {
  deliver(row: OutboxRow, signal?: AbortSignal): Promise<DeliveryResult>;
}

/**
 * What identifies one claim of a row: a claim counts an attempt and leases the row until `nextAttemptAt`, so a later
 * claim of the same row (after this lease ran out) has other values. Settling with a claim that is no longer the
 * row's current one changes nothing and answers false: a relay that outlived its lease cannot overwrite the outcome
 * of the relay that took the row over.
 */
export type OutboxClaim = Pick<OutboxRow, 'id' | 'attempts' | 'nextAttemptAt'>;

/** The relay's view of the outbox table. */
export interface OutboxQueue {
  /**
   * Claims up to `limit` due rows for these targets, leasing them until `leaseUntil` (a crashed relay's rows come back
   * then) and counting an attempt for each. Only the oldest pending row of each case and destination is claimable, so
   * one case's messages keep order.
   */
  claimDue(targets: string[], now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]>;
  /** The settlements: each is fenced by the claim and answers whether it still held (false: nothing changed). */
  /** `to`: what the remote said of each recipient, for the delivered hook. */
  markDelivered(claim: OutboxClaim, at: Date, to?: DeliveredTo): Promise<boolean>;
  retryLater(claim: OutboxClaim, at: Date, error: string): Promise<boolean>;
  /** `note`: a case event written with it, in the same transaction, only when the claim held (deadLetterNote). */
  markDead(claim: OutboxClaim, error: string, note?: CaseEventInput): Promise<boolean>;
  /**
   * Gives the rows back, due at `at`, without spending the attempts their claims counted (a deferral, the unused claims
   * of a batch), in one statement fenced like the settlements; answers the ids of those whose claim still held.
   */
  release(claims: OutboxClaim[], at: Date): Promise<number[]>;
  /** Newest first; `ids` picks those rows (the ones that exist). */
  list(filter: { status?: OutboxRow['status']; ids?: number[]; limit: number }): Promise<OutboxRow[]>;
  /** How many rows there are in each status. */
  countByStatus(): Promise<Record<OutboxRow['status'], number>>;
  /** Puts dead-lettered rows back in the queue (after the operator fixed the cause); answers how many went back. */
  retryDead(ids: number[] | 'all', now: Date): Promise<number>;
}

/**
 * Work that belongs to a delivery (a `/case wait` email is a contact attempt once delivered): run by the queue in the
 * transaction that marks the row delivered, so it happens once, and only if the settlement still held.
 */
export type DeliveredHook = (repos: Repositories, row: OutboxRow, deliveredAt: Date, to: DeliveredTo) => Promise<void>;
