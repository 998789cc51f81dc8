import { fillPlaceholders } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../db/client.ts';
import { checkPreparedShapes, placeholderOf, prepareOnce } from '../../db/repositories/prepare-once.ts';
import { cases } from '../../db/schema/index.ts';
import { openCase } from '../../src/app/cases/open-case.ts';
import { testDriver } from '../helpers/db.ts';
import { usePortero } from '../helpers/portero-fixture.ts';

// Statements prepared once per database handle (the process-long one of `Store.read`) and then only filled in: each
// call must still read what its own values ask for, never what the first call asked for.

describe('prepareOnce', () => {
  /** A builder whose statement counts how often it was prepared, with the SQL text given. */
  function counting(text = 'select 1') {
    let builds = 0;
    return () => ({ prepare: (name: string) => ({ name, build: ++builds }), toSQL: () => ({ sql: text }) });
  }
  const [one, two] = [{}, {}] as unknown as Tx[];

  it('builds a statement once per handle and name, and again for another handle or name', () => {
    checkPreparedShapes(false);
    try {
      const build = counting();
      expect(prepareOnce(one!, 'a', build)).toEqual({ name: 'a', build: 1 });
      expect(prepareOnce(one!, 'a', build)).toEqual({ name: 'a', build: 1 });
      expect(prepareOnce(one!, 'b', build)).toEqual({ name: 'b', build: 2 });
      expect(prepareOnce(two!, 'a', build)).toEqual({ name: 'a', build: 3 });
    } finally {
      checkPreparedShapes(true);
    }
  });

  it('in the tests, throws when one name is given two statements', () => {
    const handle = {} as unknown as Tx;
    expect(prepareOnce(handle, 'same', counting('select a'))).toEqual({ name: 'same', build: 1 });
    expect(prepareOnce(handle, 'same', counting('select a'))).toEqual({ name: 'same', build: 1 });
    expect(() => prepareOnce(handle, 'same', counting('select b'))).toThrow(/"same" names two statements/);
  });

  it('encodes a date placeholder as drizzle encodes a date literal (as text)', () => {
    const at = new Date('2026-12-07T10:00:00Z');
    const [filled] = fillPlaceholders([placeholderOf(cases.openedAt, 'at')], { at });
    expect(typeof filled).toBe('string');
    expect(new Date(filled as string).getTime()).toBe(at.getTime());
  });
});

describe(`reads prepared once on the database handle (${testDriver()})`, () => {
  const p = usePortero();

  it('answers each call with its own values: tenant, agent or none, case, event types, person by id or handle, dates', async () => {
    const ana = await p.agent('itbx', 'ana');
    const bea = await p.agent('oys', 'bea');
    const acme = await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    const marta = await p.contact('itbx', 'acme', 'marta');
    await p.contact('itbx', 'acme', 'acme', { name: 'Acme the person', reporter: false });
    await p.agent('itbx', 'acme', { name: 'Acme the agent' });
    const caller = p.asAgent('itbx', ana);
    const first = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'First' }));
    const second = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'Second' }));
    p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'marta', title: 'Third' }));
    const read = p.deps.store.read;
    const now = p.clock.now();
    const session = { tenantId: 'itbx', person: { kind: 'contact' as const, id: luis.id }, csrfToken: 'token' };
    await p.deps.store.transaction((repos) =>
      repos.portal.insertSession('hash', { ...session, expiresAt: new Date(now.getTime() + 60_000) }, now),
    );

    // Run twice over: the second time every statement comes from the handle's cache.
    for (let round = 0; round < 2; round++) {
      const asAna = await read((repos) => repos.tenants.forCaseWork('itbx', ana.id));
      expect([asAna?.tenant.id, asAna?.agent?.handle]).toEqual(['itbx', 'ana']);
      const nobody = await read((repos) => repos.tenants.forCaseWork('itbx', undefined));
      expect([nobody?.tenant.id, nobody?.agent]).toEqual(['itbx', undefined]);
      // An agent of another tenant is no one here.
      expect((await read((repos) => repos.tenants.forCaseWork('itbx', bea.id)))?.agent).toBeUndefined();
      expect((await read((repos) => repos.tenants.get('oys')))?.id).toBe('oys');

      const titles = await read((repos) =>
        Promise.all([repos.cases.withPeople('itbx', 1), repos.cases.withPeople('itbx', 2)]),
      );
      expect(titles.map((found) => found?.record.title)).toEqual(['First', 'Second']);
      expect(await read((repos) => repos.cases.withPeople('oys', 1))).toBeUndefined();
      // The locking read is a statement of its own (under the guard, one name for both would throw).
      const locked = await p.deps.store.transaction((repos) =>
        Promise.all([repos.cases.withPeople('itbx', 1), repos.cases.withPeople('itbx', 2, { forUpdate: true })]),
      );
      expect(locked.map((found) => found?.record.title)).toEqual(['First', 'Second']);

      const all = await read((repos) => repos.events.forCase('itbx', first.id));
      const opened = await read((repos) => repos.events.forCase('itbx', second.id, { types: ['opened'] }));
      expect(all.length).toBeGreaterThan(1);
      expect(opened.map((event) => [event.caseId, event.type])).toEqual([[second.id, 'opened']]);
      expect(await read((repos) => repos.events.forCase('itbx', first.id, { types: ['no-such-type'] }))).toEqual([]);

      const byId = await read((repos) => repos.customers.byId('itbx', acme.id));
      const byHandle = await read((repos) => repos.customers.byHandle('itbx', 'ACME'));
      expect([byId?.handle, byHandle?.id]).toEqual(['acme', acme.id]);
      expect(await read((repos) => repos.customers.byHandle('oys', 'acme'))).toBeUndefined();

      // One handle, each variant: a contact, an agent and a customer by the same handle; reporter's and company's lists.
      const named = await read((repos) =>
        Promise.all([
          repos.customers.byHandle('itbx', 'acme'),
          repos.contacts.byHandle('itbx', 'acme'),
          repos.agents.byHandle('itbx', 'acme'),
        ]),
      );
      expect(named.map((row) => row?.name)).toEqual(['acme', 'Acme the person', 'Acme the agent']);
      const lists = await read((repos) =>
        Promise.all([
          repos.portal.cases('itbx', { reporterId: luis.id }, { limit: 5, offset: 0 }),
          repos.portal.cases('itbx', { reporterId: marta.id }, { limit: 5, offset: 0 }),
          repos.portal.cases('itbx', { customerId: acme.id }, { limit: 5, offset: 0, open: true }),
          repos.portal.cases('itbx', { customerId: acme.id }, { limit: 1, offset: 1 }),
        ]),
      );
      expect(lists.map((rows) => rows.map((record) => record.title))).toEqual([
        ['Second', 'First'],
        ['Third'],
        ['Third', 'Second', 'First'],
        ['Second'],
      ]);

      // Dates as placeholders are encoded like literal ones (postgres.js under drizzle takes them only as text).
      const openedSince = (since: Date) => read((repos) => repos.cases.countOpenedSince('itbx', acme.id, since));
      expect([
        await openedSince(new Date(now.getTime() - 60_000)),
        await openedSince(new Date(now.getTime() + 1)),
      ]).toEqual([3, 0]);
      const signedIn = (at: Date) => read((repos) => repos.portal.session('hash', at));
      expect((await signedIn(now))?.person?.id).toBe(luis.id);
      expect(await signedIn(new Date(now.getTime() + 120_000))).toBeUndefined();
    }
  });
});
