import { describe, expect, it } from 'vitest';
import { DUE_SOON_MS, findCases, type ListCasesInput } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { cancelCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { testDriver } from '../../helpers/db.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The lists a desk uses, on the real database: closed and all, by state, customer (handle or name), agent, words
// (Spanish full-text search over title and description), due soon, paged with the count of them all.
// itbx, Monday 10:00 in Bogotá: alta's first response is due at 11:00, media's at 14:00, baja's on Tuesday 10:00.

describe(`finding cases on ${testDriver()}`, () => {
  const p = usePortero();

  async function desk() {
    const ana = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.agent('itbx', 'eva');
    await p.customer('itbx', 'acme', { name: 'Acme SAS' });
    await p.customer('itbx', 'beta');
    const open = async (customer: string, priority: string, title: string, description = '') =>
      p.ok(await openCase({ deps: p.deps, caller: ana, customer, priority, title, description })).number;
    await open('acme', 'alta', 'Las facturas no llegan'); // 1
    await open('acme', 'media', 'Portal lento', 'La factura de octubre tarda'); // 2
    await open('beta', 'baja', 'Cambio de logo'); // 3
    await open('beta', 'baja', 'Alta de usuario'); // 4
    await assignCase({ deps: p.deps, caller: ana, ref: { number: 2 }, assignee: { kind: 'handle', handle: 'eva' } });
    await moveCase({ deps: p.deps, caller: ana, ref: { number: 2 }, state: 'analisis' });
    p.ok(await cancelCase({ deps: p.deps, caller: ana, ref: { number: 4 }, reason: 'Duplicado' }));
    return ana;
  }

  it('answers each filter with the right cases and the count of them all', async () => {
    const ana = await desk();
    const find = async (input: ListCasesInput) => {
      const page = p.ok(await findCases({ deps: p.deps, caller: ana, ...input }));
      return {
        refs: page.cases.map((c) => c.number).sort(),
        total: page.total,
        criteria: page.criteria,
        search: page.search,
      };
    };
    expect(await find({})).toMatchObject({ refs: [1, 2, 3], total: 3 });
    expect(await find({ kind: 'closed' })).toMatchObject({ refs: [4], total: 1 });
    expect(await find({ kind: 'all' })).toMatchObject({ refs: [1, 2, 3, 4], total: 4 });
    expect(await find({ kind: 'all', customer: 'Acme SAS' })).toMatchObject({ refs: [1, 2], criteria: ['acme'] });
    expect(await find({ kind: 'all', customer: 'beta' })).toMatchObject({ refs: [3, 4] });
    expect(await find({ agent: '@eva' })).toMatchObject({ refs: [2], criteria: ['@eva'] });
    expect(await find({ state: 'Análisis' })).toMatchObject({ refs: [2], criteria: ['analisis'] });
    expect(await find({ terms: ['beta', 'baja'], kind: 'all' })).toMatchObject({
      refs: [3, 4],
      criteria: ['beta', 'baja'],
    });
    // «factura» finds «facturas» in a title and «factura» in a description (Spanish stemming), not the others.
    expect(await find({ search: 'factura' })).toMatchObject({ refs: [1, 2], criteria: [], search: 'factura' });
    expect(await find({ search: 'factura', customer: 'acme', priority: 'alta' })).toMatchObject({ refs: [1] });
    // Within the next day: alta at 11:00 and media at 14:00 today; baja's Tuesday 10:00 is 24 h away exactly.
    p.clock.advance(DUE_SOON_MS - 60_000);
    expect(await find({ kind: 'due-soon' })).toMatchObject({ refs: [3] });
  });

  it('pages the list and refuses a word that is nothing it knows', async () => {
    const ana = await desk();
    const first = p.ok(await findCases({ deps: p.deps, caller: ana, kind: 'all', limit: 3 }));
    expect(first).toMatchObject({ total: 4, page: 1, pages: 2 });
    expect(first.cases.map((c) => c.number)).toEqual([4, 3, 2]);
    const second = p.ok(await findCases({ deps: p.deps, caller: ana, kind: 'all', limit: 3, page: 2 }));
    expect(second.cases.map((c) => c.number)).toEqual([1]);
    expect(await findCases({ deps: p.deps, caller: ana, terms: ['nadie'] })).toMatchObject({
      ok: false,
      error: { code: 'case.unknown_list_term', params: { term: 'nadie' } },
    });
  });
});
