import { describe, expect, it } from 'vitest';
import { type CaseContext, runCaseUseCase } from '../../../src/app/cases/case-context.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { portalCase } from '../../../src/app/portal/portal-cases.ts';
import type { Store } from '../../../src/app/store.port.ts';
import { accept } from '../../../src/domain/case/case-error.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// A portal page reads its tenant with the session; the page's read then uses that tenant instead of reading it again,
// but only for a contact of that very tenant.

describe('a portal read that brings its tenant', () => {
  const p = usePortero();

  /** The store, counting the tenant reads a use case makes to open its context (in a read or a transaction). */
  function countingTenantReads(store: Store) {
    let reads = 0;
    const counting =
      (unit: Store['read']): Store['read'] =>
      (work) =>
        unit((repos) => {
          const forCaseWork: typeof repos.tenants.forCaseWork = (...args) => {
            reads++;
            return repos.tenants.forCaseWork(...args);
          };
          return work({ ...repos, tenants: { ...repos.tenants, forCaseWork } });
        });
    const counted: Store = { transaction: counting(store.transaction), read: counting(store.read) };
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

  it('an agent is read and checked all the same, and a use case that may write reads its tenant itself', async () => {
    const ana = await p.agent('itbx', 'ana');
    const tenant = await p.deps.store.read((repos) => repos.tenants.get('itbx'));
    const { counted, reads } = countingTenantReads(p.deps.store);
    const deps = { ...p.deps, store: counted };
    const agentOf = async (context: CaseContext) => accept(context.agent?.handle);

    const asAgent = await runCaseUseCase('test', { deps, caller: p.asAgent('itbx', ana) }, agentOf, {
      readOnly: true,
      tenant,
    });
    expect([p.ok(asAgent), reads()]).toEqual(['ana', 1]);
    const luis = await p.contact('itbx', (await p.customer('itbx', 'acme')).handle, 'luis');
    const writing = await runCaseUseCase('test', { deps, caller: p.asContact('itbx', luis) }, agentOf, { tenant });
    expect([p.ok(writing), reads()]).toEqual([undefined, 2]);
  });
});
