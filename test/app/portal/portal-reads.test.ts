import { describe, expect, it } from 'vitest';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { portalCase } from '../../../src/app/portal/portal-cases.ts';
import type { Store } from '../../../src/app/store.port.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// A portal page reads its tenant with the session; the page's read then uses that tenant instead of reading it again,
// but only for a contact of that very tenant.

describe('a portal read that brings its tenant', () => {
  const p = usePortero();

  /** The store, counting the tenant reads a use case makes to open its context. */
  function countingTenantReads(store: Store) {
    let reads = 0;
    const counted: Store = {
      transaction: store.transaction,
      read: (work) =>
        store.read((repos) => {
          const forCaseWork: typeof repos.tenants.forCaseWork = (...args) => {
            reads++;
            return repos.tenants.forCaseWork(...args);
          };
          return work({ ...repos, tenants: { ...repos.tenants, forCaseWork } });
        }),
    };
    return { counted, reads: () => reads };
  }

  it('does not read the tenant again; without it, or with another tenant’s, it does', async () => {
    const ana = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    const caller = p.asAgent('itbx', ana);
    await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'Printer' });
    const tenants = await p.deps.store.read((repos) =>
      Promise.all([repos.tenants.get('itbx'), repos.tenants.get('oys')]),
    );
    const { counted, reads } = countingTenantReads(p.deps.store);
    const person = {
      kind: 'contact' as const,
      id: luis.id,
      tenantId: 'itbx',
      name: luis.name,
      email: luis.email ?? '',
      customerId: luis.customerId,
      seesCompanyCases: false,
    };
    const show = (tenant: (typeof tenants)[number]) =>
      portalCase({
        deps: { ...p.deps, store: counted },
        caller: p.asContact('itbx', luis),
        person,
        tenant,
        ref: { number: 1 },
      });

    expect(p.ok(await show(tenants[0])).record.title).toBe('Printer');
    expect(reads()).toBe(0);
    expect(p.ok(await show(undefined)).record.title).toBe('Printer');
    expect(reads()).toBe(1);
    // A tenant record that is not the caller's is not taken for it.
    expect(p.ok(await show(tenants[1])).record.title).toBe('Printer');
    expect(reads()).toBe(2);
  });
});
