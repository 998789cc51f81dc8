import type { DeliveredHook, OutboxQueue } from '../../src/app/outbox/outbox.port.ts';
import type { Repositories, Store } from '../../src/app/store.port.ts';
import type { Db, Tx } from '../client.ts';
import { createBindingRepository } from './binding.repository.ts';
import { createCaseRepository } from './case.repository.ts';
import {
  createAttachmentRepository,
  createAutomaticMailRepository,
  createFollowerRepository,
  createMailMessageRepository,
} from './case-mail.repository.ts';
import { createEventRepository } from './event.repository.ts';
import { createMailboxRepository, createMailIntakeRepository } from './mailbox.repository.ts';
import { createOutboxQueue, createOutboxRepository, settleDelivered } from './outbox.repository.ts';
import {
  createAgentRepository,
  createContactRepository,
  createCustomerRepository,
  createIdentityRepository,
} from './people.repository.ts';
import {
  createConversationRepository,
  createInboundRepository,
  createPlatformLinkRepository,
  createThreadRepository,
} from './platform.repository.ts';
import { createPortalRepository } from './portal.repository.ts';
import { createRedirectRepository } from './redirect.repository.ts';
import { createSlaRepository } from './sla.repository.ts';
import { createTenantRepository } from './tenant.repository.ts';

export function createRepositories(tx: Tx): Repositories {
  return {
    tenants: createTenantRepository(tx),
    customers: createCustomerRepository(tx),
    contacts: createContactRepository(tx),
    agents: createAgentRepository(tx),
    identities: createIdentityRepository(tx),
    cases: createCaseRepository(tx),
    events: createEventRepository(tx),
    outbox: createOutboxRepository(tx),
    bindings: createBindingRepository(tx),
    redirects: createRedirectRepository(tx),
    platformLinks: createPlatformLinkRepository(tx),
    inbound: createInboundRepository(tx),
    threads: createThreadRepository(tx),
    conversations: createConversationRepository(tx),
    sla: createSlaRepository(tx),
    followers: createFollowerRepository(tx),
    attachments: createAttachmentRepository(tx),
    automaticMails: createAutomaticMailRepository(tx),
    mailMessages: createMailMessageRepository(tx),
    mailboxes: createMailboxRepository(tx),
    mailIntake: createMailIntakeRepository(tx),
    portal: createPortalRepository(tx),
  };
}

/** The app's Store over drizzle: each unit of work gets repositories bound to its own transaction handle only. */
export function createStore(db: Db): Store {
  return {
    transaction: (work) => db.transaction((tx) => work(createRepositories(tx))),
    // The repositories use only the query builders a transaction and the database share.
    read: (work) => work(createRepositories(db as unknown as Tx)),
  };
}

/**
 * The relay's queue: each call is its own short transaction (claims commit before delivery starts). `delivered` runs
 * in the transaction that marks a row delivered (a contact attempt is counted with it).
 */
export function createQueue(db: Db, hooks: { delivered?: DeliveredHook } = {}): OutboxQueue {
  const inTx =
    <A extends unknown[], R>(pick: (queue: OutboxQueue) => (...args: A) => Promise<R>) =>
    (...args: A) =>
      db.transaction((tx) => pick(createOutboxQueue(tx))(...args));
  return {
    claimDue: inTx((q) => q.claimDue),
    markDelivered: (claim, at, to = {}) =>
      db.transaction(async (tx) => {
        const row = await settleDelivered(tx, claim, at);
        if (row && hooks.delivered) await hooks.delivered(createRepositories(tx), row, at, to);
        return row !== undefined;
      }),
    retryLater: inTx((q) => q.retryLater),
    markDead: inTx((q) => q.markDead),
    release: inTx((q) => q.release),
    countByStatus: inTx((q) => q.countByStatus),
    list: inTx((q) => q.list),
    retryDead: inTx((q) => q.retryDead),
  };
}
