import { describe, expect, it } from 'vitest';
import { DashboardPage } from '../../../adapters/manage/dashboard-page.tsx';
import { createOpsStore } from '../../../db/repositories/ops.repository.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { managerDashboard } from '../../../src/app/ops/manager-dashboard.ts';
import { rateCase } from '../../../src/app/portal/rate-case.ts';
import { reportSla } from '../../../src/app/sla/report-sla.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

describe('the customer’s rating of a closed case', () => {
  const p = usePortero();

  async function closedCase(title: string) {
    const agent =
      (await p.deps.store.transaction((repos) => repos.agents.byHandle('arcoirisapp', 'ana'))) ??
      (await p.agent('arcoirisapp', 'ana'));
    const caller = p.asAgent('arcoirisapp', agent);
    const opened = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title }));
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps: p.deps, caller, ref, assignee: { kind: 'me' } }));
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'en-progreso' }));
    p.ok(await closeCase({ deps: p.deps, caller, ref, resolution: 'Hecho' }));
    return { ref, caller };
  }

  it('is shown to agents on the case and summed in the SLA report; only the reporter rates, once closed, 1 to 5', async () => {
    await p.customer('arcoirisapp', 'acme');
    const luis = await p.contact('arcoirisapp', 'acme', 'luis');
    const marta = await p.contact('arcoirisapp', 'acme', 'marta');
    const person = (contact: typeof luis) => ({
      kind: 'contact' as const,
      id: contact.id,
      tenantId: 'arcoirisapp',
      name: contact.name,
      email: contact.email ?? '',
      customerId: contact.customerId,
      seesCompanyCases: false,
    });
    const first = await closedCase('Uno');
    const second = await closedCase('Dos');
    const rate = (contact: typeof luis, ref: { number: number }, score: number, comment?: string) =>
      rateCase({
        deps: p.deps,
        caller: p.asContact('arcoirisapp', contact),
        person: person(contact),
        ref,
        score,
        comment,
      });

    expect(await rate(marta, first.ref, 5)).toMatchObject({ ok: false, error: { code: 'case.not_found' } });
    expect(await rate(luis, first.ref, 6)).toMatchObject({ ok: false, error: { code: 'case.invalid_rating' } });
    p.ok(await rate(luis, first.ref, 2, 'Tardó. Mi clave es password: Hunter2!'));
    p.ok(await rate(luis, first.ref, 4, 'Bien al final')); // a second rating replaces the first
    p.ok(await rate(luis, second.ref, 5));

    const shown = p.ok(await showCase({ deps: p.deps, caller: first.caller, ref: first.ref }));
    const rated = shown.events.filter((event) => event.type === 'rated');
    expect(rated.map((event) => event.data.summary)).toEqual([
      '2/5: Tardó. Mi clave es password: [REDACTED:password]',
      '4/5: Bien al final',
    ]);

    const report = await reportSla(p.deps, { tenantId: 'arcoirisapp' });
    expect(report.ratings).toEqual([{ tenantId: 'arcoirisapp', count: 2, average: 4.5, byScore: { 4: 1, 5: 1 } }]);
    // The managers' dashboard shows the same figures, and draws them.
    const dashboard = await managerDashboard({ ...p.deps, ops: createOpsStore(p.t.db) }, 'arcoirisapp');
    expect(dashboard?.ratings).toEqual({ count: 2, average: 4.5, byScore: { 4: 1, 5: 1 } });
    const page = await (<DashboardPage data={dashboard!} />).toString();
    expect(page).toContain('Valoraciones de satisfacción: 2, media 4,5 de 5');
  });
});
