import { describe, expect, it } from 'vitest';
import { createStore } from '../../../db/repositories/store.ts';
import type { Repositories } from '../../../src/app/store.port.ts';
import { useTestDb } from '../../helpers/db.ts';

// People, chat identities, channel bindings, redirect windows and the audit trail over the real database: every read
// is scoped by tenant, handles are matched case-insensitively, and upserts replace rather than duplicate.

const AT = new Date('2026-11-23T15:00:00Z');

describe('directory, bindings and audit repositories', () => {
  const t = useTestDb();
  const inTx = <R>(work: (repos: Repositories) => Promise<R>) => createStore(t.db).transaction(work);

  async function tenants() {
    await inTx(async (repos) => {
      await repos.tenants.insert({ id: 'a', name: 'A', policyId: 'itbx', casePrefix: 'A' });
      await repos.tenants.insert({ id: 'b', name: 'B', policyId: 'oys', casePrefix: 'B' });
    });
  }

  it('finds people by handle whatever its case, only within their tenant', async () => {
    await tenants();
    const acme = await inTx((repos) =>
      repos.customers.insert({
        tenantId: 'a',
        handle: 'ACME',
        name: 'Acme',
        plan: 'basic',
        projectPhase: 'production',
      }),
    );
    expect(acme.handle).toBe('acme');
    const luis = await inTx((repos) =>
      repos.contacts.insert({
        tenantId: 'a',
        customerId: acme.id,
        handle: 'Luis',
        name: 'Luis',
        email: 'luis@acme.test',
        isReporter: true,
      }),
    );
    await inTx((repos) =>
      repos.contacts.insert({
        tenantId: 'a',
        customerId: acme.id,
        handle: 'pepe',
        name: 'Pepe',
        email: null,
        isReporter: false,
      }),
    );
    expect(await inTx((repos) => repos.customers.byHandle('a', 'Acme'))).toEqual(acme);
    expect(await inTx((repos) => repos.customers.byHandle('b', 'acme'))).toBeUndefined();
    expect(await inTx((repos) => repos.customers.byId('b', acme.id))).toBeUndefined();
    expect(await inTx((repos) => repos.contacts.byHandle('a', 'LUIS'))).toEqual(luis);
    expect(await inTx((repos) => repos.contacts.byId('b', luis.id))).toBeUndefined();
    expect(await inTx((repos) => repos.contacts.countReporters('a', acme.id))).toBe(1);
    expect((await inTx((repos) => repos.contacts.list('a', acme.id))).map((c) => c.handle)).toEqual(['luis', 'pepe']);
    // With its reporters (luis, not pepe) in one read; a company with none has an empty list, another tenant nothing.
    expect(await inTx((repos) => repos.customers.withReporters('a', 'ACME'))).toEqual({
      customer: acme,
      reporters: [luis],
    });
    const beta = await inTx((repos) =>
      repos.customers.insert({
        tenantId: 'a',
        handle: 'beta',
        name: 'Beta',
        plan: 'basic',
        projectPhase: 'production',
      }),
    );
    expect(await inTx((repos) => repos.customers.withReporters('a', 'beta'))).toEqual({
      customer: beta,
      reporters: [],
    });
    expect(await inTx((repos) => repos.customers.withReporters('b', 'acme'))).toBeUndefined();
  });

  it('links chat identities per tenant and relinks on a second link', async () => {
    await tenants();
    const key = ['a', 'slack', 'U1'] as const;
    await inTx((repos) =>
      repos.identities.link(...key, { personKind: 'agent', personId: '00000000-0000-4000-8000-00000000000a' }),
    );
    await inTx((repos) =>
      repos.identities.link(...key, { personKind: 'contact', personId: '00000000-0000-4000-8000-00000000000c' }),
    );
    expect(await inTx((repos) => repos.identities.find(...key))).toEqual({
      personKind: 'contact',
      personId: '00000000-0000-4000-8000-00000000000c',
    });
    expect(await inTx((repos) => repos.identities.find('b', 'slack', 'U1'))).toBeUndefined();
  });

  it('binds a conversation to one purpose and name; rebinding moves it', async () => {
    await tenants();
    await inTx(async (repos) => {
      await repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C1',
        tenantId: 'a',
        purpose: 'agent',
        name: 'soporte',
      });
      await repos.bindings.bind({
        platform: 'teams',
        conversationId: 'T1',
        tenantId: 'a',
        purpose: 'agent',
        name: 'soporte',
      });
      await repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C2',
        tenantId: 'a',
        purpose: 'customer',
        name: 'acme',
      });
    });
    const soporte = await inTx((repos) => repos.bindings.byName('a', 'agent', 'soporte'));
    expect(soporte.map((b) => [b.platform, b.conversationId])).toEqual([
      ['slack', 'C1'],
      ['teams', 'T1'],
    ]);
    await inTx((repos) =>
      repos.bindings.bind({
        platform: 'slack',
        conversationId: 'C1',
        tenantId: 'a',
        purpose: 'agent',
        name: 'soporte-critico',
      }),
    );
    expect(
      (await inTx((repos) => repos.bindings.byName('a', 'agent', 'soporte'))).map((b) => b.conversationId),
    ).toEqual(['T1']);
    expect(await inTx((repos) => repos.bindings.find('slack', 'C1'))).toMatchObject({ name: 'soporte-critico' });
    expect(await inTx((repos) => repos.bindings.byName('b', 'agent', 'soporte-critico'))).toEqual([]);
  });

  it('remembers the last redirect per user and conversation', async () => {
    await tenants();
    const key = { tenantId: 'a', platform: 'slack' as const, conversationId: 'C1', userId: 'U1' };
    expect(await inTx((repos) => repos.redirects.last(key))).toBeUndefined();
    await inTx((repos) => repos.redirects.record(key, AT));
    await inTx((repos) => repos.redirects.record(key, new Date(AT.getTime() + 1000)));
    expect(await inTx((repos) => repos.redirects.last(key))).toEqual(new Date(AT.getTime() + 1000));
    expect(await inTx((repos) => repos.redirects.last({ ...key, userId: 'U2' }))).toBeUndefined();
  });

  it('appends audit events and reads them by case, by type, or those about no case', async () => {
    await tenants();
    const caseId = '00000000-0000-4000-8000-000000000001';
    const ids = await inTx(async (repos) => [
      await repos.events.append({
        tenantId: 'a',
        caseId,
        type: 'opened',
        at: AT,
        actor: { kind: 'agent', agentId: 'ag1' },
        channel: 'slack',
        data: { summary: 'A-1' },
      }),
      await repos.events.append({
        tenantId: 'a',
        caseId: null,
        type: 'refused',
        at: AT,
        actor: { kind: 'contact', contactId: 'co1' },
        channel: 'portal',
        data: { code: 'policy.quota_exceeded' },
      }),
      await repos.events.append({
        tenantId: 'a',
        caseId,
        type: 'moved',
        at: AT,
        actor: { kind: 'system' },
        channel: 'system',
        data: {},
      }),
      await repos.events.append({
        tenantId: 'b',
        caseId,
        type: 'opened',
        at: AT,
        actor: { kind: 'customer', userId: 'U9' },
        channel: 'teams',
        data: {},
      }),
    ]);
    const forCase = await inTx((repos) => repos.events.forCase('a', caseId));
    expect(forCase.map((e) => [e.id, e.type, e.actor])).toEqual([
      [ids[0], 'opened', { kind: 'agent', agentId: 'ag1' }],
      [ids[2], 'moved', { kind: 'system' }],
    ]);
    const noCase = await inTx((repos) => repos.events.list('a', { caseId: null }));
    expect(noCase.map((e) => [e.type, e.actor, e.channel, e.data])).toEqual([
      ['refused', { kind: 'contact', contactId: 'co1' }, 'portal', { code: 'policy.quota_exceeded' }],
    ]);
    expect((await inTx((repos) => repos.events.list('a', { types: ['opened', 'moved'] }))).map((e) => e.id)).toEqual([
      ids[2],
      ids[0],
    ]);
    expect((await inTx((repos) => repos.events.list('b'))).map((e) => e.actor)).toEqual([
      { kind: 'customer', userId: 'U9' },
    ]);
  });
});
