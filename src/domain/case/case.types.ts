import type { ChatSurface } from '../chat/platforms.ts';
import type { ConfirmationKind } from '../policy/policy.schema.ts';
import type { SlaClock, SlaPause } from '../sla/sla.types.ts';

/** Where an action came from: a chat platform, the operator's CLI, or an intake channel. */
export type Channel = ChatSurface | 'cli' | 'email' | 'portal' | 'form' | 'system';

export type Actor =
  | { kind: 'agent'; agentId: string }
  | { kind: 'contact'; contactId: string }
  | { kind: 'customer'; userId: string }
  | { kind: 'system' };

export interface CaseRecord {
  id: string;
  tenantId: string;
  number: number;
  ref: string;
  customerId: string;
  reporterId: string | null;
  title: string;
  description: string;
  type: string;
  priority: string;
  state: string;
  isOpen: boolean;
  assigneeId: string | null;
  language: 'es' | 'en' | 'unknown';
  languageFlagged: boolean;
  openedVia: string;
  openedAt: Date;
  updatedAt: Date;
  firstRespondedAt: Date | null;
  lastAgentUpdateAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  resolution: string | null;
  reopenedAt: Date | null;
  reopenCount: number;
  /** How many contact attempts count in the current wait for the customer: `contactLog.length`. */
  contactAttempts: number;
  /** The counted attempts of the current wait, one per business day; an answer from the customer empties it. */
  contactLog: ContactAttempt[];
  escalationLevel: number;
  pauses: SlaPause[];
  sla: SlaClock[];
  nextDueAt: Date | null;
  /** The hours estimate the agent gave (oys), in minutes. */
  estimate: CaseEstimate | null;
  /** The customer's latest confirmation of each kind asked in the current round (see confirmations.ts). */
  confirmations: Partial<Record<ConfirmationKind, CustomerConfirmation>>;
  /** What an agent asked the customer to confirm in a working state (`/case ask-close`), until the state changes. */
  askedConfirmations: ConfirmationKind[];
  /** The sum of the time agents recorded with `/case hours`. */
  minutesSpent: number;
  /** Consulting work billed to the customer, outside the monthly quota (arcoirisapp after its warranty). */
  billable: boolean;
  /** The earlier case (its ref) this one was asked about, by a late reopen or a new request naming it. */
  aboutRef: string | null;
  /** The earlier open case this one may be about (an email reply that lost the case's headers and tag); not merged. */
  possiblyRelatedCaseId?: string | null;
  version: number;
}

/** A message to the customer that went out (an email delivered, a message recorded on the case), counted. */
export interface ContactAttempt {
  /** ISO instant it went out. */
  at: string;
  /** The business day it counts on (ISO date in the policy's zone). */
  day: string;
  /** The channel it went through: `email`, or the accepted channel's kind (`form`, `portal`). */
  via: string;
}

export interface CaseEstimate {
  minutes: number;
  note?: string;
  /** ISO instant. */
  at: string;
  agentId?: string;
}

/**
 * The customer's answer: given or rejected, when, and how it reached Portero: the portal, an email, the policy's
 * silence rule, or an agent recording it on the customer's behalf (`on_behalf`, with the agent and the reason).
 */
export interface CustomerConfirmation {
  decision: 'given' | 'rejected';
  /** ISO instant. */
  at: string;
  via: 'portal' | 'email' | 'on_behalf' | 'silence';
  /** The channel the action came through (slack, teams, console, cli, portal, email, system). */
  channel: Channel;
  /** Who gave it: the case's reporting contact, when known. */
  contactId: string | null;
  /** The agent who recorded it on the customer's behalf. */
  agentId?: string;
  reason?: string;
  /** For an approval: the estimate it approves. */
  estimateMinutes?: number;
}

/** An audit entry: what happened, to which case (if any), who did it and through which channel. */
export interface CaseEventInput {
  tenantId: string;
  caseId: string | null;
  type: string;
  at: Date;
  actor: Actor;
  channel: Channel;
  data: Record<string, unknown>;
}
