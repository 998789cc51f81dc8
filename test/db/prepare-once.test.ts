import { describe, expect, it } from 'vitest';
import type { Tx } from '../../db/client.ts';
import { prepareOnce } from '../../db/repositories/prepare-once.ts';
import { openCase } from '../../src/app/cases/open-case.ts';
import { testDriver } from '../helpers/db.ts';
import { usePortero } from '../helpers/portero-fixture.ts';

// Statements prepared once per database handle (the process-long one of `Store.read`) and then only filled in: each
// call must still read what its own values ask for, never what the first call asked for.

describe('prepareOnce', () => {
  it('builds a statement once per handle and name, and again for another handle or name', () => {
    let builds = 0;
    const build = () => ({ prepare: (name: string) => ({ name, build: ++builds }) });
    const [one, two] = [{}, {}] as unknown as Tx[];
    expect(prepareOnce(one!, 'a', build)).toEqual({ name: 'a', build: 1 });
    expect(prepareOnce(one!, 'a', build)).toEqual({ name: 'a', build: 1 });
    expect(prepareOnce(one!, 'b', build)).toEqual({ name: 'b', build: 2 });
    expect(prepareOnce(two!, 'a', build)).toEqual({ name: 'a', build: 3 });
  });
});

describe(`reads prepared once on the database handle (${testDriver()})`, () => {
  const p = usePortero();

  it('answers each call with its own values: tenant, agent or none, case, event types, person by id or handle, dates', async () => {
    const ana = await p.agent('itbx', 'ana');
    const bea = await p.agent('oys', 'bea');
    const acme = await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    const caller = p.asAgent('itbx', ana);
    const first = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'First' }));
    const second = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'Second' }));
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

      const all = await read((repos) => repos.events.forCase('itbx', first.id));
      const opened = await read((repos) => repos.events.forCase('itbx', second.id, { types: ['opened'] }));
      expect(all.length).toBeGreaterThan(1);
      expect(opened.map((event) => [event.caseId, event.type])).toEqual([[second.id, 'opened']]);
      expect(await read((repos) => repos.events.forCase('itbx', first.id, { types: ['no-such-type'] }))).toEqual([]);

      const byId = await read((repos) => repos.customers.byId('itbx', acme.id));
      const byHandle = await read((repos) => repos.customers.byHandle('itbx', 'ACME'));
      expect([byId?.handle, byHandle?.id]).toEqual(['acme', acme.id]);
      expect(await read((repos) => repos.customers.byHandle('oys', 'acme'))).toBeUndefined();

      // Dates as placeholders are encoded like literal ones (postgres.js under drizzle takes them only as text).
      const openedSince = (since: Date) => read((repos) => repos.cases.countOpenedSince('itbx', acme.id, since));
      expect([
        await openedSince(new Date(now.getTime() - 60_000)),
        await openedSince(new Date(now.getTime() + 1)),
      ]).toEqual([2, 0]);
      const signedIn = (at: Date) => read((repos) => repos.portal.session('hash', at));
      expect((await signedIn(now))?.person?.id).toBe(luis.id);
      expect(await signedIn(new Date(now.getTime() + 120_000))).toBeUndefined();
    }
  });
});
