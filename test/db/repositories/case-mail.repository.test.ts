import { describe, expect, it } from 'vitest';
import { deploymentKey } from '../../../db/deployment-key.ts';
import { createStore } from '../../../db/repositories/store.ts';
import type { Repositories } from '../../../src/app/store.port.ts';
import { testDriver, useTestDb } from '../../helpers/db.ts';

// Followers, attachments and Message-IDs over the real database: scoped by tenant and case, idempotent where email
// retries, bytes kept exactly.

const CASE = '00000000-0000-4000-8000-0000000000c1';
const OTHER_CASE = '00000000-0000-4000-8000-0000000000c2';

describe(`case followers, attachments and mail messages on ${testDriver()}`, () => {
  const t = useTestDb();
  const inTx = <R>(work: (repos: Repositories) => Promise<R>) => createStore(t.db).transaction(work);

  async function contacts() {
    return inTx(async (repos) => {
      await repos.tenants.insert({ id: 'a', name: 'A', policyId: 'itbx', casePrefix: 'A' });
      await repos.tenants.insert({ id: 'b', name: 'B', policyId: 'oys', casePrefix: 'B' });
      const acme = await repos.customers.insert({
        tenantId: 'a',
        handle: 'acme',
        name: 'Acme',
        plan: 'basic',
        projectPhase: 'production',
      });
      const person = (handle: string) =>
        repos.contacts.insert({
          tenantId: 'a',
          customerId: acme.id,
          handle,
          name: handle,
          email: `${handle}@acme.test`,
          isReporter: true,
        });
      return { ana: await person('ana'), luis: await person('luis') };
    });
  }

  it('adds followers once, lists them per case and tenant, removes one', async () => {
    const { ana, luis } = await contacts();
    await inTx((repos) => repos.followers.add('a', CASE, [ana.id, luis.id]));
    await inTx((repos) => repos.followers.add('a', CASE, [ana.id])); // a second Cc of the same person
    expect((await inTx((repos) => repos.followers.list('a', CASE))).map((c) => c.handle).sort()).toEqual([
      'ana',
      'luis',
    ]);
    expect(await inTx((repos) => repos.followers.list('b', CASE))).toEqual([]);
    expect(await inTx((repos) => repos.followers.list('a', OTHER_CASE))).toEqual([]);
    await inTx((repos) => repos.followers.remove('a', CASE, ana.id));
    expect((await inTx((repos) => repos.followers.list('a', CASE))).map((c) => c.handle)).toEqual(['luis']);
  });

  it('keeps an attachment byte for byte with its size and sha256, served only within its tenant and case', async () => {
    await contacts();
    const content = new Uint8Array([0, 1, 2, 255, 254, 10, 13]);
    const saved = await inTx((repos) =>
      repos.attachments.insert({
        tenantId: 'a',
        caseId: CASE,
        eventId: null,
        name: 'log.bin',
        contentType: 'application/octet-stream',
        content,
      }),
    );
    expect(saved).toMatchObject({ name: 'log.bin', size: 7 });
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await inTx((repos) => repos.attachments.list('a', CASE))).map((a) => a.id)).toEqual([saved.id]);
    const file = await inTx((repos) => repos.attachments.get('a', CASE, saved.id));
    expect([...file!.content]).toEqual([...content]);
    expect(await inTx((repos) => repos.attachments.get('b', CASE, saved.id))).toBeUndefined();
    expect(await inTx((repos) => repos.attachments.get('a', OTHER_CASE, saved.id))).toBeUndefined();
  });

  it('finds a case by the first known Message-ID, and the last message each way', async () => {
    await contacts();
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 10, minute));
    await inTx(async (repos) => {
      await repos.mailMessages.record({
        tenantId: 'a',
        caseId: CASE,
        messageId: 'm1@acme.test',
        direction: 'in',
        at: at(0),
      });
      await repos.mailMessages.record({
        tenantId: 'a',
        caseId: CASE,
        messageId: 'p1@jds.test',
        direction: 'out',
        at: at(1),
      });
      await repos.mailMessages.record({
        tenantId: 'a',
        caseId: CASE,
        messageId: 'm2@acme.test',
        direction: 'in',
        at: at(2),
      });
      // The same id again (an IMAP re-fetch) changes nothing.
      await repos.mailMessages.record({
        tenantId: 'a',
        caseId: OTHER_CASE,
        messageId: 'm1@acme.test',
        direction: 'in',
        at: at(3),
      });
    });
    expect(await inTx((repos) => repos.mailMessages.caseOf('a', ['unknown@x', 'p1@jds.test']))).toBe(CASE);
    expect(await inTx((repos) => repos.mailMessages.caseOf('b', ['m1@acme.test']))).toBeUndefined();
    expect(await inTx((repos) => repos.mailMessages.caseOf('a', []))).toBeUndefined();
    expect((await inTx((repos) => repos.mailMessages.last('a', CASE, 'in')))?.messageId).toBe('m2@acme.test');
    expect((await inTx((repos) => repos.mailMessages.last('a', CASE, 'out')))?.messageId).toBe('p1@jds.test');
  });

  it('makes a deployment key once and gives every caller the same one', async () => {
    const first = await deploymentKey(t.db, 'signing');
    const again = await Promise.all([deploymentKey(t.db, 'signing'), deploymentKey(t.db, 'signing')]);
    expect(first.length).toBe(32);
    expect(again.map((key) => key.equals(first))).toEqual([true, true]);
    expect((await deploymentKey(t.db, 'other')).equals(first)).toBe(false);
  });
});
