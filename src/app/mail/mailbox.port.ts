// What the email door needs from storage: the mailboxes (their cursor and health) and the messages taken from them.

export type MailboxState = 'connected' | 'idle' | 'failing';

export interface MailboxRecord {
  id: string;
  tenantId: string;
  /** The policy address it receives, lower case. */
  address: string;
  /** Server URLs without secrets (src/app/mail/mailbox-url.ts). */
  imapUrl: string;
  smtpUrl: string;
  folder: string;
  /** The folder a message is moved to once taken; null: it stays, marked \Seen. */
  moveTo: string | null;
  fromAddress: string | null;
  uidValidity: string | null;
  lastUid: number;
  state: MailboxState;
  lastFetchAt: Date | null;
  lastError: string | null;
}

export type NewMailbox = Pick<
  MailboxRecord,
  'tenantId' | 'address' | 'imapUrl' | 'smtpUrl' | 'folder' | 'fromAddress'
> &
  Partial<Pick<MailboxRecord, 'moveTo'>>;

/** A contact as the email door sees it: whether the address is a shared mailbox, whether mail to it bounces. */
// Spelled out rather than extending ContactRecord: store.port.ts includes these repositories (no import cycle).
export interface MailContact {
  id: string;
  tenantId: string;
  customerId: string;
  handle: string;
  name: string;
  email: string | null;
  isReporter: boolean;
  sharedMailbox: boolean;
  emailBouncingAt: Date | null;
}

export interface MailIntakeEntry {
  mailboxId: string;
  messageKey: string;
  tenantId: string;
  sender: string;
  outcome: IntakeOutcome;
  caseId: string | null;
  at: Date;
}

/** What became of a message: a case opened, a reply on a case, a note, a refusal (with a reply or not), nothing. */
export type IntakeOutcome = 'opened' | 'replied' | 'note' | 'refused' | 'redirected' | 'ignored';

export interface MailboxRepositories {
  mailboxes: {
    /** Undefined when the address already has a mailbox. */
    add(mailbox: NewMailbox): Promise<MailboxRecord | undefined>;
    remove(address: string): Promise<boolean>;
    list(tenantId?: string): Promise<MailboxRecord[]>;
    byId(id: string): Promise<MailboxRecord | undefined>;
    /** The mailbox sending as this address (its From, else its own address). */
    bySender(address: string): Promise<MailboxRecord | undefined>;
    /**
     * Moves the cursor: under the same UIDVALIDITY only forward (two replicas may race); a new UIDVALIDITY starts
     * the cursor over.
     */
    saveCursor(id: string, uidValidity: string, lastUid: number): Promise<void>;
    reportHealth(
      id: string,
      health: { state: MailboxState; lastFetchAt?: Date; lastError: string | null },
    ): Promise<void>;
  };
  mailIntake: {
    /** True the first time (mailbox, key) is taken; false when another fetch already took it (and committed). */
    claim(entry: MailIntakeEntry): Promise<boolean>;
    /** The case a taken message ended on (known only once the case is opened, in the same transaction). */
    attachCase(mailboxId: string, messageKey: string, caseId: string): Promise<void>;
    /** The message that opened this case (its mailbox and arrival), when email opened it. */
    openedBy(tenantId: string, caseId: string): Promise<{ mailboxId: string; at: Date } | undefined>;
    /** When a message from this sender last ended so (the redirect window). */
    lastOutcome(tenantId: string, sender: string, outcome: IntakeOutcome): Promise<Date | undefined>;
    /** A case of the tenant by id (a Message-ID found its case): what threading needs of it. */
    caseById(
      tenantId: string,
      caseId: string,
    ): Promise<{ id: string; number: number; ref: string; isOpen: boolean; customerId: string } | undefined>;
    contactByEmail(tenantId: string, email: string): Promise<MailContact | undefined>;
    /** The tenant's contacts among these addresses (followers from Cc). */
    contactsByEmail(tenantId: string, emails: string[]): Promise<MailContact[]>;
    markBouncing(tenantId: string, email: string, at: Date): Promise<number>;
    /** Mail to these addresses was accepted again: they no longer bounce (answers how many contacts changed). */
    clearBouncing(tenantId: string, emails: string[]): Promise<number>;
  };
}
