import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { type ListCasesInput, listCases } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { confirmOnBehalf } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, moveCase, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import type { Repositories, Store } from '../../../src/app/store.port.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// Lists an agent asks for: mine, unassigned, open, waiting, breaching, by priority and by customer.
// itbx, Monday 10:00 in Bogotá: alta's first response is due at 11:00, media's at 14:00, baja's on Tuesday 10:00.

describe('listing cases', () => {
  const p = usePortero();
  let ana: Caller;
  let eva: Caller;

  const refs = async (caller: Caller, input: ListCasesInput) =>
    p.ok(await listCases({ deps: p.deps, caller, ...input })).map((snapshot) => snapshot.ref);

  async function seed() {
    ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    eva = p.asAgent('itbx', await p.agent('itbx', 'eva'));
    await p.customer('itbx', 'acme');
    await p.customer('itbx', 'beta');
    const open = async (customer: string, priority: string) =>
      p.ok(await openCase({ deps: p.deps, caller: ana, customer, priority, title: `${customer} ${priority}` }));
    await open('acme', 'alta'); // ITBX-1: assigned to ana
    await open('acme', 'media'); // ITBX-2: assigned to eva, waiting for the customer
    await open('beta', 'baja'); // ITBX-3: unassigned
    await open('beta', 'alta'); // ITBX-4: closed
    p.ok(await assignCase({ deps: p.deps, caller: ana, ref: { number: 1 }, assignee: { kind: 'me' } }));
    p.ok(
      await assignCase({ deps: p.deps, caller: ana, ref: { number: 2 }, assignee: { kind: 'handle', handle: '@eva' } }),
    );
    p.ok(await moveCase({ deps: p.deps, caller: ana, ref: { number: 2 }, state: 'analisis' }));
    p.ok(
      await assignCase({ deps: p.deps, caller: ana, ref: { number: 4 }, assignee: { kind: 'handle', handle: '@eva' } }),
    ); // to leave ABIERTO
    p.ok(await waitForCustomer({ deps: p.deps, caller: ana, ref: { number: 2 }, text: '¿Puede enviar el log?' }));
    for (const state of ['analisis', 'solucion', 'pruebas'])
      p.ok(await moveCase({ deps: p.deps, caller: ana, ref: { number: 4 }, state }));
    // itbx closes "con el aval del cliente": the acceptance, recorded on the customer's behalf (approvals.test.ts).
    p.ok(
      await confirmOnBehalf({
        deps: p.deps,
        caller: ana,
        ref: { number: 4 },
        kind: 'acceptance',
        rejected: false,
        reason: 'Por correo',
      }),
    );
    p.ok(await closeCase({ deps: p.deps, caller: ana, ref: { number: 4 }, resolution: 'Resuelto' }));
  }

  it('open, mine, unassigned, waiting, by priority and by customer; newest first', async () => {
    await seed();
    expect(await refs(ana, {})).toEqual(['ITBX-3', 'ITBX-2', 'ITBX-1']);
    expect(await refs(ana, { kind: 'all' })).toEqual(['ITBX-4', 'ITBX-3', 'ITBX-2', 'ITBX-1']);
    expect(await refs(ana, { kind: 'mine' })).toEqual(['ITBX-1']);
    expect(await refs(eva, { kind: 'mine' })).toEqual(['ITBX-2']);
    expect(await refs(ana, { kind: 'unassigned' })).toEqual(['ITBX-3']);
    expect(await refs(ana, { kind: 'waiting' })).toEqual(['ITBX-2']);
    expect(await refs(ana, { priority: 'Alta' })).toEqual(['ITBX-1']);
    expect(await refs(ana, { kind: 'all', priority: 'alta' })).toEqual(['ITBX-4', 'ITBX-1']);
    expect(await refs(ana, { customer: 'beta' })).toEqual(['ITBX-3']);
    expect(await refs(ana, { customer: 'acme', kind: 'unassigned' })).toEqual([]);
    expect(await refs(ana, { limit: 2 })).toEqual(['ITBX-3', 'ITBX-2']);
    const [first] = p.ok(await listCases({ deps: p.deps, caller: ana, kind: 'mine' }));
    expect(first).toMatchObject({ customer: 'acme', assignee: 'ana', priority: { id: 'alta', label: 'Alta' } });
  });

  it('breaching lists the open cases whose next due has passed, most overdue first', async () => {
    await seed();
    expect(await refs(ana, { kind: 'breaching' })).toEqual([]);
    p.clock.set(new Date('2026-11-23T16:00:00Z')); // Mon 11:00: alta's first response is due now
    expect(await refs(ana, { kind: 'breaching' })).toEqual(['ITBX-1']);
    p.clock.set(new Date('2026-11-24T15:30:00Z')); // Tue 10:30: baja's first response (Tue 10:00) has passed too
    // ITBX-2 is paused (no due while waiting); ITBX-4 is closed.
    expect(await refs(ana, { kind: 'breaching' })).toEqual(['ITBX-1', 'ITBX-3']);
    const [worst] = p.ok(await listCases({ deps: p.deps, caller: ana, kind: 'breaching' }));
    expect(worst!.sla.find((clock) => clock.target === 'firstResponse')?.status).toBe('breached');
    expect(await refs(ana, { kind: 'breaching', customer: 'beta' })).toEqual(['ITBX-3']);
  });

  it('a page looks each customer and assignee up once, not once per case', async () => {
    await seed();
    for (let n = 0; n < 20; n++)
      p.ok(await openCase({ deps: p.deps, caller: ana, customer: 'acme', title: `Más ${n}` }));
    for (let n = 5; n <= 24; n++)
      p.ok(await assignCase({ deps: p.deps, caller: ana, ref: { number: n }, assignee: { kind: 'me' } }));
    const lookups: string[] = [];
    const counted =
      <A extends unknown[], R>(name: string, lookup: (...args: A) => R) =>
      (...args: A) => {
        lookups.push(name);
        return lookup(...args);
      };
    const counting: Store = {
      read: (work) => p.deps.store.read(work),
      transaction: (work) =>
        p.deps.store.transaction((repos) =>
          work({
            ...repos,
            customers: { ...repos.customers, byId: counted('customer', repos.customers.byId) },
            agents: { ...repos.agents, byId: counted('agent', repos.agents.byId) },
          } satisfies Repositories),
        ),
    };
    const page = p.ok(await listCases({ deps: { ...p.deps, store: counting }, caller: ana, kind: 'all' }));
    expect(page).toHaveLength(24);
    expect(new Set(page.map((snapshot) => snapshot.customer))).toEqual(new Set(['acme', 'beta']));
    // One lookup per distinct customer (acme, beta) and assignee other than the caller (eva): ana's own record was
    // read with the tenant.
    expect(lookups.sort()).toEqual(['agent', 'customer', 'customer']);
  });

  it('refuses what it cannot list, with codes', async () => {
    await seed();
    const luis = await p.contact('itbx', 'acme', 'luis');
    expect(await listCases({ deps: p.deps, caller: p.asContact('itbx', luis), kind: 'mine' })).toEqual({
      ok: false,
      error: { code: 'case.forbidden', params: { list: 'mine' } },
    });
    expect(await listCases({ deps: p.deps, caller: ana, priority: 'urgente' })).toEqual({
      ok: false,
      error: { code: 'case.unknown_priority', params: { priority: 'urgente', priorities: ['alta', 'media', 'baja'] } },
    });
    expect(await listCases({ deps: p.deps, caller: ana, customer: 'nadie' })).toEqual({
      ok: false,
      error: { code: 'case.customer_not_found', params: { customer: 'nadie' } },
    });
  });
});
