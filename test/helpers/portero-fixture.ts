import { beforeEach } from 'vitest';
import { createQueue, createStore } from '../../db/repositories/store.ts';
import type { Caller, CaseDeps } from '../../src/app/cases/case-context.ts';
import { fixedClock } from '../../src/app/clock.port.ts';
import { addAgent, addContact, addCustomer, bootstrapTenants } from '../../src/app/directory/directory.ts';
import { emailDeliveredHook } from '../../src/app/mail/delivered-recipients.ts';
import type { MailboxRecord, NewMailbox } from '../../src/app/mail/mailbox.port.ts';
import type { OutboxQueue } from '../../src/app/outbox/outbox.port.ts';
import { loadPolicyBook } from '../../src/app/policy/policy-book.ts';
import type { AgentRecord, ContactRecord, CustomerRecord } from '../../src/app/store.port.ts';
import { useTestDb } from './db.ts';

// The app as the server runs it, minus the network: the real database (PGlite or PostgreSQL), the shipped presets
// with one tenant each, and a test clock that stands still until a test moves it.

const { book, policies } = await loadPolicyBook();

/** Monday 23 November 2026, 10:00 in Bogotá (15:00 UTC): inside every preset's business hours. */
export const MONDAY_MORNING = '2026-11-23T15:00:00Z';

/** The deployment key of every test (a real deployment has PORTERO_SECRET or a generated one). */
/** Where the links written to customers point in tests. */
export const TEST_PUBLIC_URL = 'http://portero.test';

export const TEST_SIGNING_KEY = Buffer.from('portero-test-signing-key-32bytes');

export function usePortero(start = MONDAY_MORNING) {
  const t = useTestDb();
  const clock = fixedClock(new Date(start));
  let deps: CaseDeps | undefined;
  let queue: OutboxQueue | undefined;
  beforeEach(async () => {
    clock.set(new Date(start));
    deps = {
      store: createStore(t.db),
      clock,
      policies: book,
      signingKey: TEST_SIGNING_KEY,
      publicUrl: TEST_PUBLIC_URL,
    };
    const caseDeps = deps;
    queue = createQueue(t.db, { delivered: emailDeliveredHook(caseDeps) });
    await bootstrapTenants(
      deps,
      policies.map((policy) => policy.id),
    );
  });
  const current = () => {
    if (!deps) throw new Error('usePortero(): use it inside a test or a beforeEach');
    return deps;
  };
  const ok = <T>(outcome: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
    if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}`);
    return outcome.value;
  };
  return {
    t,
    clock,
    policies: book,
    get deps() {
      return current();
    },
    get queue() {
      if (!queue) throw new Error('usePortero(): use it inside a test');
      return queue;
    },
    ok,
    async agent(
      tenantId: string,
      handle: string,
      extra: Partial<Parameters<typeof addAgent>[1]> = {},
    ): Promise<AgentRecord> {
      return ok(await addAgent(current(), { tenantId, handle, name: handle, ...extra }));
    },
    async customer(
      tenantId: string,
      handle: string,
      extra: Partial<Parameters<typeof addCustomer>[1]> = {},
    ): Promise<CustomerRecord> {
      return ok(await addCustomer(current(), { tenantId, handle, ...extra }));
    },
    async contact(
      tenantId: string,
      customer: string,
      handle: string,
      extra: Partial<Parameters<typeof addContact>[1]> = {},
    ): Promise<ContactRecord> {
      return ok(await addContact(current(), { tenantId, customer, handle, email: `${handle}@example.test`, ...extra }));
    },
    /** A support mailbox of the tenant; its servers are nowhere (127.0.0.1:1) unless `extra` says where. */
    async mailbox(tenantId: string, address: string, extra: Partial<NewMailbox> = {}): Promise<MailboxRecord> {
      const row = await current().store.transaction((repos) =>
        repos.mailboxes.add({
          tenantId,
          address,
          imapUrl: 'imap://support@127.0.0.1:1',
          smtpUrl: 'smtp://support@127.0.0.1:1',
          folder: 'INBOX',
          fromAddress: null,
          ...extra,
        }),
      );
      if (!row) throw new Error(`usePortero(): ${address} already has a mailbox`);
      return row;
    },
    asAgent: (tenantId: string, agent: AgentRecord): Caller => ({
      tenantId,
      actor: { kind: 'agent', agentId: agent.id },
      channel: 'console',
    }),
    asContact: (tenantId: string, contact: ContactRecord): Caller => ({
      tenantId,
      actor: { kind: 'contact', contactId: contact.id },
      channel: 'portal',
    }),
  };
}
