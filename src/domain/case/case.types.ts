import type { ChatSurface } from '../chat/platforms.ts';
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
  contactAttempts: number;
  escalationLevel: number;
  pauses: SlaPause[];
  sla: SlaClock[];
  nextDueAt: Date | null;
  version: number;
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
