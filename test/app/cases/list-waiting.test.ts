import { describe, expect, it } from 'vitest';
import { listCases } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { moveCase, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// `/case list waiting` lists the cases waiting on the customer: the state `/case wait` puts them in (kind `waiting`).
// itbx pauses the SLA in three states; its customer approval (aprobacion) and client testing (pruebas) are not that.

describe('listing the cases waiting on the customer', () => {
  const p = usePortero();

  it('lists the waiting state only, not the other states that pause the SLA', async () => {
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    const paths: Record<number, string[]> = {
      1: ['analisis', 'aprobacion'],
      2: ['analisis'],
      3: ['analisis', 'solucion', 'pruebas'],
    };
    for (const [number, states] of Object.entries(paths).map(([n, s]) => [Number(n), s] as const)) {
      p.ok(await openCase({ deps: p.deps, caller: ana, customer: 'acme', priority: 'media', title: `Caso ${number}` }));
      p.ok(await assignCase({ deps: p.deps, caller: ana, ref: { number }, assignee: { kind: 'me' } }));
      for (const state of states) p.ok(await moveCase({ deps: p.deps, caller: ana, ref: { number }, state }));
    }
    p.ok(await waitForCustomer({ deps: p.deps, caller: ana, ref: { number: 2 }, text: '¿Puede enviar el log?' }));

    const listed = p.ok(await listCases({ deps: p.deps, caller: ana, kind: 'waiting' }));
    expect(listed.map((snapshot) => snapshot.ref)).toEqual(['ITBX-2']);
    const open = p.ok(await listCases({ deps: p.deps, caller: ana, kind: 'open' }));
    const stateOf = (ref: string) => open.find((snapshot) => snapshot.ref === ref)?.state;
    expect([stateOf('ITBX-1'), stateOf('ITBX-2'), stateOf('ITBX-3')]).toMatchObject([
      { id: 'aprobacion' },
      { id: 'esperando-cliente' },
      { id: 'pruebas' },
    ]);
  });
});
