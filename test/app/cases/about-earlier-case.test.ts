import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { caseCard } from '../../../src/app/chat/case-card.ts';
import { caseDetail } from '../../../src/app/chat/case-detail.ts';
import type { ContactRecord } from '../../../src/app/store.port.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { eventRows, nextCaseNumber } from './case-rows.ts';

// Issue 19, point 4: "a reopen (or a new request about the same case)". Seed 003 (arcoirisapp): "El usuario tendrá 8
// días de garantía para revisar y validar si la solicitud fue procesado correctamente, pasados los 8 días serán
// descontadas de las horas de consultoría o facturables." A new case naming an earlier one is judged by the reopen rule.

const DAY = 86_400_000;

describe('a new request about an earlier case', () => {
  const p = usePortero();
  let agent: Caller;
  let luis: ContactRecord;

  async function closedCase(tenant: string, path: string[]) {
    agent = p.asAgent(tenant, await p.agent(tenant, 'ana'));
    await p.customer(tenant, 'tienda');
    luis = await p.contact(tenant, 'tienda', 'luis');
    const caller = p.asContact(tenant, luis);
    const opened = p.ok(
      await openCase({ deps: p.deps, caller, customer: 'tienda', title: 'No llegan las notificaciones' }),
    );
    const ref = { number: opened.number };
    for (const state of path) p.ok(await moveCase({ deps: p.deps, caller: agent, ref, state }));
    return p.ok(await closeCase({ deps: p.deps, caller: agent, ref, resolution: 'Se corrigió el envío' }));
  }

  it('arcoirisapp: after the warranty it is billable, outside the quota, linked, and only once the customer accepts', async () => {
    p.clock.set(new Date('2026-11-03T15:00:00Z'));
    const closed = await closedCase('arcoirisapp', ['en-progreso', 'solucionado']);
    const caller = p.asContact('arcoirisapp', luis);
    for (let n = 2; n <= 5; n++)
      p.ok(await openCase({ deps: p.deps, caller, customer: 'tienda', title: `Consulta ${n}` }));
    p.clock.advance(9 * DAY);

    const request = { deps: p.deps, caller, customer: 'tienda', title: 'Otra vez sin notificaciones', about: 'ARCO-1' };
    const notice = await openCase(request);
    expect(notice).toEqual({
      ok: false,
      error: {
        code: 'case.billable_confirmation_required',
        params: { ref: 'ARCO-1', days: 8, until: '2026-11-11', confirm: 'new', caseId: closed.id },
      },
    });
    if (!notice.ok) expect(describeCaseError(notice.error, 'en')).toContain('--about ARCO-1 --billable');
    expect(await nextCaseNumber(p.t.db, 'arcoirisapp')).toBe(6);

    const opened = p.ok(await openCase({ ...request, billable: true }));
    expect(opened).toMatchObject({ ref: 'ARCO-6', billable: true, aboutRef: 'ARCO-1', state: 'nuevo' });
    const events = await eventRows(p.t.db, 'arcoirisapp');
    expect(events.filter((e) => e.type === 'opened').at(-1)?.data).toMatchObject({
      quota: null,
      about: 'ARCO-1',
      billable: { from: 'ARCO-1' },
    });
    // Outside the quota: 5 of 5 still, so a plain sixth request is refused.
    expect(await openCase({ deps: p.deps, caller, customer: 'tienda', title: 'Consulta 7' })).toMatchObject({
      ok: false,
      error: { code: 'policy.quota_exceeded' },
    });
    // The link is on the case's card.
    const view = p.ok(await showCase({ deps: p.deps, caller: agent, ref: { number: opened.number } }));
    const about = { label: 'Sobre el caso', value: 'ARCO-1 · facturable (consultoría, fuera del cupo)' };
    expect(caseCard(view.snapshot, { locale: 'es', zone: 'America/Bogota' }).fields).toContainEqual(about);
    expect(
      caseDetail(view, {
        locale: 'es',
        zone: 'America/Bogota',
        pageCommand: (page) => `/case show ARCO-2 page ${page}`,
      }).fields,
    ).toContainEqual(about);
  });

  it('arcoirisapp: within the warranty it is pointed to the reopen of the earlier case', async () => {
    const closed = await closedCase('arcoirisapp', ['en-progreso', 'solucionado']);
    p.clock.advance(2 * DAY);
    const refused = await openCase({
      deps: p.deps,
      caller: p.asContact('arcoirisapp', luis),
      customer: 'tienda',
      title: 'Sigue igual',
      about: '1',
      billable: true,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'case.about_within_warranty', params: { ref: 'ARCO-1', days: 8, caseId: closed.id } },
    });
    if (!refused.ok) expect(describeCaseError(refused.error, 'es')).toContain('/case reopen ARCO-1');
    expect(await nextCaseNumber(p.t.db, 'arcoirisapp')).toBe(2);
  });

  it('another customer’s case is not found, and elsewhere (itbx) the new case is only linked', async () => {
    // itbx reopens at any time: a request about one of its cases, open or closed, is linked to it and nothing more.
    agent = p.asAgent('itbx', await p.agent('itbx', 'ana'));
    await p.customer('itbx', 'tienda');
    luis = await p.contact('itbx', 'tienda', 'luis');
    p.ok(await openCase({ deps: p.deps, caller: p.asContact('itbx', luis), customer: 'tienda', title: 'Primero' }));
    await p.customer('itbx', 'otra');
    const ana = await p.contact('itbx', 'otra', 'ana-otra');
    expect(
      await openCase({ deps: p.deps, caller: p.asContact('itbx', ana), customer: 'otra', title: 'x', about: 'ITBX-1' }),
    ).toMatchObject({ ok: false, error: { code: 'case.not_found', params: { ref: 'ITBX-1', field: 'about' } } });
    const linked = p.ok(
      await openCase({
        deps: p.deps,
        caller: p.asContact('itbx', luis),
        customer: 'tienda',
        title: 'y',
        about: 'ITBX-1',
      }),
    );
    expect(linked).toMatchObject({ aboutRef: 'ITBX-1', billable: false });
  });
});
