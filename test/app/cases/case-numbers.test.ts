import { describe, expect, it } from 'vitest';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { countRows, nextCaseNumber } from './case-rows.ts';

// Case numbers are per tenant, human-friendly and without gaps, also when opens race: on PostgreSQL they run in
// parallel transactions (the pool has several connections); on PGlite, with one connection, they serialise.

describe('case numbers under concurrency', () => {
  const p = usePortero();

  it('50 parallel opens get 1..50 exactly once, and the next number is 51', async () => {
    const agent = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'acme');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        openCase({ deps: p.deps, caller: agent, customer: 'acme', title: `Caso ${i}` }),
      ),
    );
    const numbers = results.map((result) => p.ok(result).number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((result) => p.ok(result).ref)).size).toBe(50);
    expect(await nextCaseNumber(p.t.db, 'itbx')).toBe(51);
    expect(await countRows(p.t.db, 'cases', 'itbx')).toBe(50);
    // Each opening and its acknowledgement (itbx: on the case, for the portal).
    expect(await countRows(p.t.db, 'case_events', 'itbx')).toBe(100);
  });

  it('two tenants opening at once number independently, each with its own prefix', async () => {
    const itbx = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    const oys = p.asAgent('oys', await p.agent('oys', 'olga'));
    await p.customer('itbx', 'acme');
    await p.customer('oys', 'acme');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? openCase({ deps: p.deps, caller: itbx, customer: 'acme', title: `ITBX ${i}` })
          : openCase({ deps: p.deps, caller: oys, customer: 'acme', title: `OYS ${i}` }),
      ),
    );
    const refs = results.map((result) => p.ok(result).ref);
    const expected = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}-${i + 1}`);
    const byNumber = (a: string, b: string) => Number(a.split('-')[1]) - Number(b.split('-')[1]);
    expect(refs.filter((ref) => ref.startsWith('ITBX-')).sort(byNumber)).toEqual(expected('ITBX'));
    expect(refs.filter((ref) => ref.startsWith('OYS-')).sort(byNumber)).toEqual(expected('OYS'));
  });

  it('racing opens never exceed the monthly quota (arcoirisapp basic: 5), and refused ones leave no gap', async () => {
    const agent = p.asAgent('arcoirisapp', await p.agent('arcoirisapp', 'ana'));
    await p.customer('arcoirisapp', 'tienda');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        openCase({ deps: p.deps, caller: agent, customer: 'tienda', title: `Consulta ${i}` }),
      ),
    );
    const opened = results.flatMap((result) => (result.ok ? [result.value.number] : []));
    const refused = results.flatMap((result) => (result.ok ? [] : [result.error.code]));
    expect(opened.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(refused).toEqual(Array(7).fill('policy.quota_exceeded'));
    expect(await nextCaseNumber(p.t.db, 'arcoirisapp')).toBe(6);
    expect(await countRows(p.t.db, 'cases', 'arcoirisapp')).toBe(5);
  });
});
