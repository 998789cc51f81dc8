import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../db/repositories/store.ts';
import { caseEvents } from '../../../db/schema/index.ts';
import { CaseChangedError, type CaseQuery, type Repositories } from '../../../src/app/store.port.ts';
import type { CaseRecord } from '../../../src/domain/case/case.types.ts';
import { testDriver, useTestDb } from '../../helpers/db.ts';

// The case repository over the real database: tenant-scoped reads, optimistic versions under the row lock, the list
// filters the use cases rely on, and the month count behind quotas. Cases are written as the use cases write them,
// with cases.commit (its timers and channel messages are tested with the use cases).

const T0 = new Date('2026-11-23T15:00:00Z');
const HOUR = 3_600_000;

function newCase(overrides: Partial<CaseRecord> & Pick<CaseRecord, 'tenantId' | 'customerId' | 'number'>): CaseRecord {
  return {
    id: crypto.randomUUID(),
    version: 1,
    ref: `${overrides.tenantId.toUpperCase()}-${overrides.number}`,
    reporterId: null,
    estimate: null,
    confirmations: {},
    askedConfirmations: [],
    minutesSpent: 0,
    billable: false,
    aboutRef: null,
    possiblyRelatedCaseId: null,
    contactLog: [],
    title: `Caso ${overrides.number}`,
    description: '',
    type: 'incident',
    priority: 'media',
    state: 'abierto',
    isOpen: true,
    assigneeId: null,
    language: 'es',
    languageFlagged: false,
    openedVia: 'console',
    openedAt: T0,
    updatedAt: T0,
    firstRespondedAt: null,
    lastAgentUpdateAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    reopenedAt: null,
    reopenCount: 0,
    contactAttempts: 0,
    escalationLevel: 0,
    pauses: [],
    sla: [],
    nextDueAt: null,
    ...overrides,
  };
}

/** Writes a new case (`insert`) or the new state of one read in the transaction, with an audit event and no timers. */
function commit(repos: Repositories, record: CaseRecord, insert: boolean): Promise<number | undefined> {
  return repos.cases.commit({
    record,
    insert,
    event: { type: insert ? 'opened' : 'moved', at: T0, actor: { kind: 'system' }, channel: 'system', data: {} },
    timers: { specs: [], rules: [] },
  });
}

describe('case repository', () => {
  const t = useTestDb();
  const inTx = <R>(work: (repos: Repositories) => Promise<R>) => createStore(t.db).transaction(work);

  async function seed() {
    return inTx(async (repos) => {
      await repos.tenants.insert({ id: 'a', name: 'A', policyId: 'itbx', casePrefix: 'A' });
      await repos.tenants.insert({ id: 'b', name: 'B', policyId: 'itbx', casePrefix: 'B' });
      const acme = await repos.customers.insert({
        tenantId: 'a',
        handle: 'acme',
        name: 'ACME',
        plan: 'basic',
        projectPhase: 'production',
      });
      const beta = await repos.customers.insert({
        tenantId: 'a',
        handle: 'beta',
        name: 'Beta',
        plan: 'basic',
        projectPhase: 'production',
      });
      const other = await repos.customers.insert({
        tenantId: 'b',
        handle: 'acme',
        name: 'ACME',
        plan: 'basic',
        projectPhase: 'production',
      });
      const ana = await repos.agents.insert({
        tenantId: 'a',
        handle: 'ana',
        name: 'Ana',
        email: null,
        role: 'agent',
        timezone: null,
        locale: null,
      });
      return { acme: acme.id, beta: beta.id, other: other.id, ana: ana.id };
    });
  }

  it('inserts and reads back every field; numbers are per tenant', async () => {
    const ids = await seed();
    const record = newCase({
      tenantId: 'a',
      customerId: ids.acme,
      number: 1,
      pauses: [{ from: T0.getTime(), to: T0.getTime() + HOUR }],
      sla: [{ target: 'firstResponse', minutes: 60, startedAt: T0.getTime(), dueAt: T0.getTime() + HOUR }],
      nextDueAt: new Date(T0.getTime() + HOUR),
    });
    await inTx((repos) => commit(repos, record, true));
    await inTx((repos) => commit(repos, newCase({ tenantId: 'b', customerId: ids.other, number: 1 }), true));
    expect(await inTx((repos) => repos.cases.byNumber('a', 1))).toEqual(record);
    expect(await inTx((repos) => repos.cases.byNumber('a', 2))).toBeUndefined();
    await expect(
      inTx((repos) => commit(repos, newCase({ tenantId: 'a', customerId: ids.acme, number: 1 }), true)),
    ).rejects.toThrow();
  });

  it('a change bumps the version; one from a stale version, or through another tenant, writes nothing', async () => {
    const ids = await seed();
    const saved = newCase({ tenantId: 'a', customerId: ids.acme, number: 1 });
    await inTx((repos) => commit(repos, saved, true));
    await inTx(async (repos) => {
      const locked = await repos.cases.byNumber('a', 1, { forUpdate: true });
      await commit(repos, { ...locked!, state: 'analisis' }, false);
    });
    const moved = await inTx((repos) => repos.cases.byNumber('a', 1));
    expect(moved).toMatchObject({ state: 'analisis', version: 2 });
    const events = await t.db.$count(caseEvents);
    await expect(inTx((repos) => commit(repos, { ...saved, state: 'solucion' }, false))).rejects.toBeInstanceOf(
      CaseChangedError,
    );
    // Another tenant's id cannot be written through this tenant.
    await expect(inTx((repos) => commit(repos, { ...moved!, tenantId: 'b' }, false))).rejects.toBeInstanceOf(
      CaseChangedError,
    );
    expect(await t.db.$count(caseEvents)).toBe(events);
    expect(await inTx((repos) => repos.cases.byNumber('a', 1))).toEqual(moved);
  });

  it('reads a case with its customer and assignee in one read, and locks only the case row', async () => {
    const ids = await seed();
    await inTx((repos) =>
      commit(repos, newCase({ tenantId: 'a', customerId: ids.acme, number: 1, assigneeId: ids.ana }), true),
    );
    await inTx((repos) => commit(repos, newCase({ tenantId: 'a', customerId: ids.beta, number: 2 }), true));
    const first = await inTx((repos) => repos.cases.withPeople('a', 1));
    expect(first).toMatchObject({ record: { ref: 'A-1' }, customer: { name: 'ACME' }, assignee: { id: ids.ana } });
    expect(await inTx((repos) => repos.cases.withPeople('a', 2))).toMatchObject({ assignee: undefined });
    expect(await inTx((repos) => repos.cases.withPeople('b', 1))).toBeUndefined();
    await inTx(async (repos) => {
      const locked = await repos.cases.withPeople('a', 1, { forUpdate: true });
      await commit(repos, { ...locked!.record, state: 'analisis' }, false);
    });
    expect(await inTx((repos) => repos.cases.byNumber('a', 1))).toMatchObject({ state: 'analisis', version: 2 });
  });

  // PGlite has one connection: a second transaction would wait for the first.
  it.runIf(testDriver() === 'postgres')('locks the case row it reads for update, not its customer', async () => {
    const ids = await seed();
    await inTx((repos) => commit(repos, newCase({ tenantId: 'a', customerId: ids.acme, number: 1 }), true));
    await inTx(async (repos) => {
      await repos.cases.withPeople('a', 1, { forUpdate: true });
      const other = createStore(t.db);
      // Another transaction may lock the customer at once, but not the case: its NOWAIT read fails.
      await other.transaction((repos2) => repos2.customers.byHandle('a', 'acme', { forUpdate: true }));
      const nowait = t.db.transaction((tx) =>
        tx.execute(sql`select id from cases where tenant_id = 'a' and number = 1 for update nowait`),
      );
      await expect(nowait).rejects.toMatchObject({ cause: { code: '55P03' } }); // lock_not_available
    });
  });

  it('lists by filter, priority and customer, newest first; breaching by the most overdue', async () => {
    const ids = await seed();
    const due = (hours: number) => new Date(T0.getTime() + hours * HOUR);
    await inTx(async (repos) => {
      const rows: CaseRecord[] = [
        newCase({ tenantId: 'a', customerId: ids.acme, number: 1, assigneeId: ids.ana, nextDueAt: due(3) }),
        newCase({ tenantId: 'a', customerId: ids.acme, number: 2, state: 'esperando-cliente', priority: 'alta' }),
        newCase({ tenantId: 'a', customerId: ids.beta, number: 3, nextDueAt: due(1) }),
        newCase({ tenantId: 'a', customerId: ids.beta, number: 4, isOpen: false, state: 'cerrada', nextDueAt: due(0) }),
        newCase({ tenantId: 'a', customerId: ids.acme, number: 5, nextDueAt: due(2), priority: 'alta' }),
        newCase({ tenantId: 'b', customerId: ids.other, number: 1, nextDueAt: due(0) }),
      ];
      for (const row of rows) await commit(repos, row, true);
    });
    const list = async (query: Partial<CaseQuery> & Pick<CaseQuery, 'filter'>) =>
      (await inTx((repos) => repos.cases.list('a', { limit: 50, ...query }))).map((c) => c.number);
    expect(await list({ filter: { kind: 'all' } })).toEqual([5, 4, 3, 2, 1]);
    expect(await list({ filter: { kind: 'open' } })).toEqual([5, 3, 2, 1]);
    expect(await list({ filter: { kind: 'mine', agentId: ids.ana } })).toEqual([1]);
    expect(await list({ filter: { kind: 'unassigned' } })).toEqual([5, 3, 2]);
    expect(await list({ filter: { kind: 'waiting', states: ['esperando-cliente', 'pruebas'] } })).toEqual([2]);
    expect(await list({ filter: { kind: 'waiting', states: [] } })).toEqual([]);
    expect(await list({ filter: { kind: 'breaching', before: due(2) } })).toEqual([3, 5]);
    expect(await list({ filter: { kind: 'breaching', before: due(5) } })).toEqual([3, 5, 1]);
    expect(await list({ filter: { kind: 'open' }, priority: 'alta' })).toEqual([5, 2]);
    expect(await list({ filter: { kind: 'open' }, customerId: ids.beta })).toEqual([3]);
    expect(await list({ filter: { kind: 'all' }, limit: 2 })).toEqual([5, 4]);
  });

  it('counts a customer’s cases opened since an instant, the instant included', async () => {
    const ids = await seed();
    await inTx(async (repos) => {
      for (const record of [
        newCase({ tenantId: 'a', customerId: ids.acme, number: 1, openedAt: new Date(T0.getTime() - 1) }),
        newCase({ tenantId: 'a', customerId: ids.acme, number: 2, openedAt: T0 }),
        newCase({ tenantId: 'a', customerId: ids.acme, number: 3, openedAt: new Date(T0.getTime() + HOUR) }),
        newCase({ tenantId: 'a', customerId: ids.beta, number: 4, openedAt: T0 }),
      ])
        await commit(repos, record, true);
    });
    expect(await inTx((repos) => repos.cases.countOpenedSince('a', ids.acme, T0))).toBe(2);
    expect(await inTx((repos) => repos.cases.countOpenedSince('b', ids.acme, T0))).toBe(0);
  });

  it('allocates gap-free numbers per tenant; a rolled-back allocation is given back', async () => {
    await seed();
    expect(await inTx((repos) => repos.tenants.allocateCaseNumber('a'))).toBe(1);
    expect(await inTx((repos) => repos.tenants.allocateCaseNumber('a'))).toBe(2);
    await expect(
      inTx(async (repos) => {
        await repos.tenants.allocateCaseNumber('a');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await inTx((repos) => repos.tenants.allocateCaseNumber('a'))).toBe(3);
    expect(await inTx((repos) => repos.tenants.allocateCaseNumber('b'))).toBe(1);
    await expect(inTx((repos) => repos.tenants.allocateCaseNumber('nadie'))).rejects.toThrow(
      'tenant nadie vanished while opening a case',
    );
  });
});
