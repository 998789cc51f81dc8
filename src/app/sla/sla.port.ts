import type { CaseEventInput, CaseRecord } from '../../domain/case/case.types.ts';
import type { Platform } from '../../domain/chat/platforms.ts';
import type { SlaClock } from '../../domain/sla/sla.types.ts';
import type { TimerSpec } from '../../domain/sla/sla-timer.types.ts';

// What the SLA monitor needs from storage: the timers table, and a few reads of cases and people it does not share
// with the case use cases. Implemented by db/repositories/sla.repository.ts; reached as `repos.sla`.

export interface TimerRow extends TimerSpec {
  id: number;
  tenantId: string;
  caseId: string;
  firedAt: Date | null;
  outcome: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

export interface ChatIdentity {
  agentId: string;
  platform: Platform;
  externalUserId: string;
}

export interface ReportCaseRow {
  tenantId: string;
  priority: string;
  isOpen: boolean;
  closedAt: Date | null;
  sla: SlaClock[];
  ref: string;
  estimate: CaseRecord['estimate'];
  minutesSpent: number;
  confirmations: CaseRecord['confirmations'];
  billable: boolean;
}

export interface SlaRepository {
  /** Adds timers; one that exists already (pending or fired) is left as it is. */
  add(tenantId: string, caseId: string, specs: TimerSpec[]): Promise<void>;
  /**
   * Locks up to `limit` pending timers due at `now`, earliest first, skipping rows other transactions hold
   * (FOR UPDATE SKIP LOCKED) and the ids in `exclude`. The lock lasts until the caller's transaction ends.
   */
  claimDue(
    now: Date,
    limit: number,
    options: { changesCase: boolean; exclude?: readonly number[] },
  ): Promise<TimerRow[]>;
  /** The earliest pending instant of any tenant: what the monitor sleeps until. */
  nextFireAt(): Promise<Date | undefined>;
  markFired(id: number, at: Date, outcome: string): Promise<void>;
  /** markFired for many timers in one statement (a batch of alerts, at its end). */
  markFiredMany(timers: { id: number; outcome: string }[], at: Date): Promise<void>;
  reschedule(id: number, fireAt: Date): Promise<void>;
  pending(tenantId: string, caseId: string): Promise<TimerRow[]>;
  /** Every timer of a case, fired ones included, oldest first. */
  forCase(tenantId: string, caseId: string): Promise<TimerRow[]>;
  /** The fired breach of a clock cycle, for the escalations that follow it. */
  breachOf(caseId: string, target: string, cycle: string): Promise<TimerRow | undefined>;
  /** Marks the case's fired, unacknowledged breaches as taken by `agentId`; their escalations stop. */
  acknowledge(tenantId: string, caseId: string, agentId: string, at: Date): Promise<number>;
  /**
   * The case by id. With `skipLocked`, 'locked' when another transaction holds it (the monitor never waits for a
   * case an agent is changing: the timer stays due and is taken on the next pass).
   */
  caseById(
    tenantId: string,
    caseId: string,
    options?: { skipLocked?: boolean },
  ): Promise<CaseRecord | 'locked' | undefined>;
  /** Audit events of a batch of alerts in one statement: the rows `events.append` writes, ids not returned. */
  appendEvents(events: CaseEventInput[]): Promise<void>;
  /** The cases of a batch of timers, read once (without locks: alerts never wait for a case). */
  casesByIds(caseIds: string[]): Promise<CaseRecord[]>;
  /** Who these agents are on Slack and Teams (the console has no one to alert). */
  identitiesOf(tenantId: string, agentIds: string[]): Promise<ChatIdentity[]>;
  /** The clocks of the cases opened since `since` (all when absent), of one tenant or all. */
  reportCases(options: { tenantId?: string; since?: Date }): Promise<ReportCaseRow[]>;
}
