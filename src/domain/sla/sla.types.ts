import type { SlaTarget } from '../policy/policy.schema.ts';

/** A stretch of time the SLA clocks stood still (waiting for the customer, client testing); `to` absent = still paused. */
export interface SlaPause {
  from: number;
  to?: number;
}

/** One target's clock on one case. Instants are epoch milliseconds. */
export interface SlaClock {
  target: SlaTarget;
  /** Business minutes the priority allows. */
  minutes: number;
  startedAt: number;
  /** Absent while a pause stops the clock before the target is reached. */
  dueAt?: number;
  metAt?: number;
}

export type SlaStatus = 'met' | 'paused' | 'running' | 'warning' | 'breached';
