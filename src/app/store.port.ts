import type { CaseEventInput, CaseRecord } from '../domain/case/case.types.ts';
import type { ChatSurface, Platform } from '../domain/chat/platforms.ts';
import type { TimerRule, TimerSpec } from '../domain/sla/sla-timer.types.ts';
import type { MailboxRepositories } from './mail/mailbox.port.ts';
import type { PortalRepository } from './portal/portal.port.ts';
import type { SlaRepository } from './sla/sla.port.ts';

// What the use cases need from storage, named for the domain. db/repositories implements it over drizzle;
// every method is scoped by tenant, so no query can reach another organization's rows.

export interface TenantRecord {
  id: string;
  name: string;
  policyId: string;
  casePrefix: string;
  deactivatedAt?: Date | null;
}

export interface CustomerRecord {
  id: string;
  tenantId: string;
  handle: string;
  name: string;
  plan: string;
  projectPhase: 'production' | 'implementation';
  /** Set when removed while history refers to it (src/app/directory/remove-person.ts). */
  deactivatedAt?: Date | null;
}

export interface ContactRecord {
  id: string;
  tenantId: string;
  customerId: string;
  handle: string;
  name: string;
  email: string | null;
  isReporter: boolean;
  deactivatedAt?: Date | null;
  /** In the customer portal, sees every case of the company, not only those they reported. */
  seesCompanyCases?: boolean;
  /** A mailbox several people read (info@…): the email door opens no case from it. */
  sharedMailbox?: boolean;
  /** Since when mail to the address bounces (a bounce report, or a refused recipient); null: it works. */
  emailBouncingAt?: Date | null;
}

export interface AgentRecord {
  id: string;
  tenantId: string;
  handle: string;
  name: string;
  email: string | null;
  role: 'agent' | 'manager';
  timezone: string | null;
  locale: 'es' | 'en' | null;
  deactivatedAt?: Date | null;
}

/** What `update` may change of a directory row, and how `remove` retires it. */
export interface DirectoryRows<R> {
  update(tenantId: string, id: string, patch: Partial<Omit<R, 'id' | 'tenantId'>>): Promise<R>;
  /** Whether any case, event or timer refers to the row: then it is deactivated, never deleted. */
  hasHistory(tenantId: string, id: string): Promise<boolean>;
  deactivate(tenantId: string, id: string, at: Date): Promise<void>;
  /** Brings a deactivated row back (`restore`). */
  reactivate(tenantId: string, id: string): Promise<void>;
  /** Deletes the row and what only describes it (its chat identities; a customer's contacts). */
  delete(tenantId: string, id: string): Promise<void>;
}

export interface ListOptions {
  includeInactive?: boolean;
}

export type CaseListFilter =
  | { kind: 'open' }
  | { kind: 'closed' }
  | { kind: 'mine'; agentId: string }
  | { kind: 'unassigned' }
  | { kind: 'waiting'; states: string[] }
  | { kind: 'breaching'; before: Date }
  /** Open cases whose next due instant falls between `from` and `before`. */
  | { kind: 'due-soon'; from: Date; before: Date }
  | { kind: 'all' };

export interface CaseQuery {
  filter: CaseListFilter;
  priority?: string;
  customerId?: string;
  assigneeId?: string;
  state?: string;
  /** Words to find in the title or description (Spanish full-text search: `factura` finds «facturas»). */
  search?: string;
  limit: number;
  offset?: number;
}

export interface OutboxMessage {
  tenantId: string;
  caseId: string | null;
  target: string;
  destination: string;
  kind: string;
  payload: Record<string, unknown>;
  dedupKey: string;
  notBefore?: Date;
}

export interface OutboxRow extends OutboxMessage {
  id: number;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** Everything one change of a case writes, together. */
export interface CaseCommit {
  /** The case's new state. With `insert`, a new case whose id the app chose; else the version it was read at. */
  record: CaseRecord;
  insert: boolean;
  /** The case as it was read at `record.version`, when known: only the columns that differ from it are written. */
  previous?: CaseRecord;
  /** Its audit event (for this case). */
  event: Omit<CaseEventInput, 'tenantId' | 'caseId'>;
  /**
   * The case's pending timers of `rules` become exactly `specs`: new ones inserted, moved ones rescheduled, the rest
   * deleted. A timer that already fired is never touched, so rewriting it cannot make it fire twice.
   */
  timers: { specs: TimerSpec[]; rules: readonly TimerRule[] };
  /**
   * A message for every channel bound to the tenant with this purpose and name (none bound: none queued), due at
   * once, with the dedup key `kind:caseId:version:platform:conversation` (the version the change writes). The
   * channels are `destinations` when the caller read them already (with the tenant), else read here.
   * Absent when the caller knows no channel is bound there.
   */
  notify?: {
    purpose: ChannelBinding['purpose'];
    name: string;
    kind: string;
    payload: Record<string, unknown>;
    destinations?: ChannelDestination[];
  };
  /** The change rewrites an SLA decision of a finished week: the tenant's SLA history revision moves with it. */
  rewritesFinishedWeeks?: boolean;
}

/** A change of a case made from a version another change has replaced since: its transaction must roll back. */
export class CaseChangedError extends Error {
  constructor(
    readonly ref: string,
    readonly caseId: string,
  ) {
    super(`case ${ref} changed since it was read`);
  }
}

/** Where a channel message goes. */
export interface ChannelDestination {
  platform: ChatSurface;
  conversationId: string;
}

export interface ChannelBinding {
  platform: ChatSurface;
  conversationId: string;
  tenantId: string;
  purpose: 'customer' | 'agent' | 'manager';
  name: string | null;
}

export interface Repositories extends MailboxRepositories {
  tenants: {
    get(id: string): Promise<TenantRecord | undefined>;
    /**
     * What every case use case starts from, in one read: the tenant, its agent `agentId` (undefined when none is given
     * or no agent of this tenant has that id) and its agent channels (the routing name each is bound to).
     */
    forCaseWork(
      id: string,
      agentId?: string,
    ): Promise<
      | {
          tenant: TenantRecord;
          agent: AgentRecord | undefined;
          agentChannels: (ChannelDestination & { name: string })[];
        }
      | undefined
    >;
    list(options?: ListOptions): Promise<TenantRecord[]>;
    insert(tenant: TenantRecord): Promise<void>;
    update(id: string, patch: Partial<Pick<TenantRecord, 'name' | 'policyId'>>): Promise<void>;
    hasHistory(id: string): Promise<boolean>;
    deactivate(id: string, at: Date): Promise<void>;
    reactivate(id: string): Promise<void>;
    /** Deletes a tenant without history, with its platform links and channel bindings. */
    delete(id: string): Promise<void>;
    /** The next case number, allocated under the tenant row's lock: concurrent opens never share or skip one. */
    allocateCaseNumber(tenantId: string): Promise<number>;
  };
  customers: DirectoryRows<CustomerRecord> & {
    /** `forUpdate` locks the customer's row until the transaction ends: changes that count its people take turns. */
    byHandle(tenantId: string, handle: string, options?: { forUpdate?: boolean }): Promise<CustomerRecord | undefined>;
    byId(tenantId: string, id: string): Promise<CustomerRecord | undefined>;
    /** The customer with its reporting contacts, in one read (who a new case is for). */
    withReporters(
      tenantId: string,
      handle: string,
    ): Promise<{ customer: CustomerRecord; reporters: ContactRecord[] } | undefined>;
    list(tenantId: string, options?: ListOptions): Promise<CustomerRecord[]>;
    /** A customer by handle, else by its name (`Acme SAS`), case-insensitively. */
    byHandleOrName(tenantId: string, text: string): Promise<CustomerRecord | undefined>;
    insert(customer: Omit<CustomerRecord, 'id'>): Promise<CustomerRecord>;
  };
  contacts: DirectoryRows<ContactRecord> & {
    byHandle(tenantId: string, handle: string): Promise<ContactRecord | undefined>;
    byId(tenantId: string, id: string): Promise<ContactRecord | undefined>;
    list(tenantId: string, customerId?: string, options?: ListOptions): Promise<ContactRecord[]>;
    /** Active reporters only: a deactivated one no longer counts toward the policy's cap. */
    countReporters(tenantId: string, customerId: string): Promise<number>;
    insert(contact: Omit<ContactRecord, 'id'>): Promise<ContactRecord>;
  };
  agents: DirectoryRows<AgentRecord> & {
    byHandle(tenantId: string, handle: string): Promise<AgentRecord | undefined>;
    byId(tenantId: string, id: string): Promise<AgentRecord | undefined>;
    list(tenantId: string, options?: ListOptions): Promise<AgentRecord[]>;
    insert(agent: Omit<AgentRecord, 'id'>): Promise<AgentRecord>;
  };
  identities: {
    find(
      tenantId: string,
      platform: ChatSurface,
      externalUserId: string,
    ): Promise<{ personKind: 'agent' | 'contact'; personId: string } | undefined>;
    /** The surfaces a person has an identity on. */
    forPerson(tenantId: string, personKind: 'agent' | 'contact', personId: string): Promise<ChatSurface[]>;
    link(
      tenantId: string,
      platform: ChatSurface,
      externalUserId: string,
      person: { personKind: 'agent' | 'contact'; personId: string },
    ): Promise<void>;
  };
  cases: {
    /**
     * Writes a whole change of a case (row, event, timers, channel messages); the event's id. Throws
     * CaseChangedError when the case's version is no longer the one read: the transaction then rolls back, nothing
     * of the change is kept.
     */
    commit(change: CaseCommit): Promise<number>;
    byNumber(tenantId: string, number: number, options?: { forUpdate?: boolean }): Promise<CaseRecord | undefined>;
    /** The case's human number (ITBX-12), for a log line that has only its id. */
    refOf(tenantId: string, id: string): Promise<string | undefined>;
    /** The case with its customer and assignee, in one read (a card names both); `forUpdate` locks the case row. */
    withPeople(
      tenantId: string,
      number: number,
      options?: { forUpdate?: boolean },
    ): Promise<
      { record: CaseRecord; customer: CustomerRecord | undefined; assignee: AgentRecord | undefined } | undefined
    >;
    list(tenantId: string, query: CaseQuery): Promise<CaseRecord[]>;
    /** How many cases the query finds, whatever its limit and offset. */
    count(tenantId: string, query: Omit<CaseQuery, 'limit' | 'offset'>): Promise<number>;
    /** Cases the customer opened since `since` that count against a quota: billable work does not. */
    countOpenedSince(tenantId: string, customerId: string, since: Date): Promise<number>;
  };
  events: {
    append(event: CaseEventInput): Promise<number>;
    /** A case's events, oldest first; `types` reads only those (the portal's public history). */
    forCase(
      tenantId: string,
      caseId: string,
      options?: { types?: readonly string[] },
    ): Promise<(CaseEventInput & { id: number })[]>;
    list(
      tenantId: string,
      options?: { caseId?: string | null; types?: string[]; limit?: number },
    ): Promise<(CaseEventInput & { id: number })[]>;
  };
  outbox: {
    enqueue(messages: OutboxMessage[]): Promise<void>;
  };
  bindings: {
    find(platform: ChatSurface, conversationId: string): Promise<ChannelBinding | undefined>;
    byName(tenantId: string, purpose: ChannelBinding['purpose'], name: string): Promise<ChannelBinding[]>;
    bind(binding: ChannelBinding): Promise<void>;
    unbind(platform: ChatSurface, conversationId: string): Promise<boolean>;
    list(tenantId: string): Promise<ChannelBinding[]>;
  };
  platformLinks: {
    /** The tenant of a Slack team id or a Teams tenant id. */
    tenantFor(platform: Platform, externalId: string): Promise<string | undefined>;
    link(platform: Platform, externalId: string, tenantId: string): Promise<void>;
    list(tenantId?: string): Promise<{ platform: Platform; externalId: string; tenantId: string }[]>;
  };
  inbound: {
    /** True the first time an event id is seen on a platform; false for a retry already acted on. */
    claim(platform: ChatSurface, eventId: string, at: Date): Promise<boolean>;
    /** Forgets ids older than `before` (platforms retry within minutes). */
    prune(before: Date): Promise<number>;
  };
  threads: {
    rootOf(platform: ChatSurface, conversationId: string, caseId: string): Promise<string | undefined>;
    setRoot(platform: ChatSurface, conversationId: string, caseId: string, rootId: string): Promise<void>;
  };
  conversations: {
    save(
      platform: ChatSurface,
      conversationId: string,
      tenantId: string | null,
      reference: Record<string, unknown>,
      at: Date,
    ): Promise<void>;
    get(
      platform: ChatSurface,
      conversationId: string,
    ): Promise<{ tenantId: string | null; reference: Record<string, unknown> } | undefined>;
  };
  redirects: {
    /** When this user was last redirected in this conversation, if ever. */
    last(key: RedirectKey): Promise<Date | undefined>;
    record(key: RedirectKey, at: Date): Promise<void>;
  };
  /** SLA and automation timers (src/app/sla/sla.port.ts). */
  sla: SlaRepository;
  followers: {
    /** Adds contacts to a case's followers (already there: nothing changes). */
    add(tenantId: string, caseId: string, contactIds: string[]): Promise<void>;
    remove(tenantId: string, caseId: string, contactId: string): Promise<void>;
    list(tenantId: string, caseId: string): Promise<ContactRecord[]>;
  };
  attachments: {
    insert(attachment: NewAttachment): Promise<AttachmentRecord>;
    /** A case's files without their bytes, oldest first. */
    list(tenantId: string, caseId: string): Promise<AttachmentRecord[]>;
    /** One file with its bytes (to serve it), only from this tenant and case. */
    get(
      tenantId: string,
      caseId: string,
      id: string,
    ): Promise<(AttachmentRecord & { content: Uint8Array }) | undefined>;
  };
  /** The customer portal's sign-in, sessions, case lists and ratings (src/app/portal/portal.port.ts). */
  portal: PortalRepository;
  automaticMails: {
    /** How many automatic emails each of these recipients (lower case) was sent after `since`; absent: none. */
    countSince(tenantId: string, recipients: string[], since: Date): Promise<Map<string, number>>;
    /** Counts one more automatic email to each recipient (lower case), the one the outbox row `dedupKey` sends. */
    record(tenantId: string, recipients: string[], at: Date, dedupKey: string): Promise<void>;
  };
  mailMessages: {
    /** Remembers a Message-ID of a case's email (already known: nothing changes). */
    record(message: CaseMailMessage): Promise<void>;
    /** The case of the first of these Message-IDs that belongs to one of this tenant's cases. */
    caseOf(tenantId: string, messageIds: string[]): Promise<string | undefined>;
    /** The case's latest message in that direction (the customer's last one is what a reply answers). */
    last(
      tenantId: string,
      caseId: string,
      direction: CaseMailMessage['direction'],
    ): Promise<CaseMailMessage | undefined>;
  };
}

export interface NewAttachment {
  tenantId: string;
  caseId: string;
  eventId: number | null;
  name: string;
  contentType: string;
  content: Uint8Array;
}

export interface AttachmentRecord {
  id: string;
  caseId: string;
  eventId: number | null;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/** A Message-ID is kept without its angle brackets. */
export interface CaseMailMessage {
  tenantId: string;
  caseId: string;
  messageId: string;
  direction: 'in' | 'out';
  at: Date;
}

export interface RedirectKey {
  tenantId: string;
  platform: ChatSurface;
  conversationId: string;
  userId: string;
}

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export interface Store {
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Reads that need no transaction (a page showing what is there): each statement on its own, without BEGIN and
   * COMMIT round trips; statements sent together are waited for together (on PostgreSQL, side by side on the pool's
   * connections). Nothing may be written through it, and it is never called from inside a transaction's work: on
   * PGlite (one connection) it waits for open transactions to end.
   */
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
