import { describe, expect, it } from 'vitest';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { confirmByCustomer } from '../../../src/app/cases/customer-actions.ts';
import { confirmOnBehalf, estimateCase, logHours } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, moveCase, overrideMove } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { caseCard } from '../../../src/app/chat/case-card.ts';
import { caseDetail } from '../../../src/app/chat/case-detail.ts';
import { resultWords } from '../../../src/app/chat/command-results.i18n.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import type { ConfirmationKind } from '../../../src/domain/policy/policy.schema.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { eventRows } from './case-rows.ts';

// The customer's confirmations the lifecycle asks for (issue 19, points 2 and 3). The portal and the mailboxes will
// take the customer's own answers; until then an agent records them on the customer's behalf, with a reason.

describe('oys: the estimate and the customer’s approvals (seed 004)', () => {
  const p = usePortero();

  async function oysCase(...through: string[]) {
    const agent = await p.agent('oys', 'ana');
    await p.customer('oys', 'acme');
    const caller = p.asAgent('oys', agent);
    const opened = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', title: 'Nuevo reporte de ventas' }));
    const ref = { number: opened.number };
    const deps = p.deps;
    const confirm = (kind: ConfirmationKind, reason = 'Aprobado por correo del 23/11', rejected = false) =>
      confirmOnBehalf({ deps, caller, ref, kind, rejected, reason });
    for (const state of through) {
      if (state === 'desarrollo') {
        p.ok(await estimateCase({ deps, caller, ref, minutes: 480 }));
        p.ok(await confirm('approval'));
      }
      if (state === 'produccion') p.ok(await confirm('qa'));
      p.ok(await moveCase({ deps, caller, ref, state }));
    }
    return { agent, caller, opened, ref, deps, confirm };
  }

  it('"se entregará estimación de horas necesarias … y se solicitará al cliente la aprobación": no development before it', async () => {
    const { agent, caller, opened, ref, deps, confirm } = await oysCase('analisis', 'aprobacion');
    const refused = await moveCase({ deps, caller, ref, state: 'desarrollo' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'case.confirmation_required',
        params: {
          ref: opened.ref,
          from: 'aprobacion',
          to: 'desarrollo',
          missing: ['approval'],
          rejected: [],
          caseId: opened.id,
        },
      },
    });
    if (refused.ok) return;
    expect(describeCaseError(refused.error, 'es')).toContain('sin la aprobación de la estimación de horas');
    expect(describeCaseError(refused.error, 'en')).toContain('without the approval of the hours estimate');

    // Nothing to approve yet; then the estimate, the customer's rejection (still refused), a new estimate, the approval.
    expect(await confirm('approval')).toMatchObject({ ok: false, error: { code: 'case.estimate_required' } });
    p.ok(await estimateCase({ deps, caller, ref, minutes: 600, note: 'Dos informes y su exportación' }));
    p.ok(await confirm('approval', 'Rechazada por teléfono: demasiadas horas', true));
    const rejected = await moveCase({ deps, caller, ref, state: 'desarrollo' });
    expect(rejected).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_required', params: { missing: ['approval'], rejected: ['approval'] } },
    });
    if (!rejected.ok) expect(describeCaseError(rejected.error, 'es')).toContain('el cliente la rechazó');
    p.ok(await estimateCase({ deps, caller, ref, minutes: 480, note: 'Un informe' }));
    const approved = p.ok(await confirm('approval', 'Aprobado por correo del 23/11'));
    expect(approved.confirmations.approval).toMatchObject({
      decision: 'given',
      via: 'on_behalf',
      channel: 'console',
      agentId: agent.id,
      reason: 'Aprobado por correo del 23/11',
      estimateMinutes: 480,
    });
    // Only a named agent records on the customer's behalf (the customer's own answers: the portal and mail, later).
    const system = { tenantId: 'oys', actor: { kind: 'system' as const }, channel: 'cli' as const };
    expect(
      await confirmOnBehalf({ deps, caller: system, ref, kind: 'approval', rejected: false, reason: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'case.forbidden' } });
    expect(p.ok(await moveCase({ deps, caller, ref, state: 'desarrollo' })).state).toBe('desarrollo');

    const events = (await eventRows(p.t.db, 'oys')).filter((e) => e.type === 'customer_confirmation');
    expect(events.map((e) => [e.data.kind, e.data.decision, e.data.via, e.actorKind, e.channel])).toEqual([
      ['approval', 'rejected', 'on_behalf', 'agent', 'console'],
      ['approval', 'given', 'on_behalf', 'agent', 'console'],
    ]);
  });

  it('a new estimate withdraws the approval of the previous one', async () => {
    const { caller, ref, deps, confirm } = await oysCase('analisis', 'aprobacion');
    p.ok(await estimateCase({ deps, caller, ref, minutes: 480 }));
    p.ok(await confirm('approval'));
    const reestimated = p.ok(await estimateCase({ deps, caller, ref, minutes: 900 }));
    expect(reestimated.confirmations.approval).toBeUndefined();
    expect(await moveCase({ deps, caller, ref, state: 'desarrollo' })).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_required' },
    });
  });

  it('only a new estimate after an approval says it withdraws one; case show tells hours and confirmations in the reader’s words', async () => {
    const { caller, ref, deps } = await oysCase('analisis', 'aprobacion');
    const luis = await p.contact('oys', 'acme', 'luis');
    const first = p.ok(await estimateCase({ deps, caller, ref, minutes: 390, note: 'Dos informes' }));
    expect(first.withdrawnApproval).toBe(false);
    expect(resultWords('es').estimated(first.ref, first.withdrawnApproval)).toBe(
      `Estimación de ${first.ref} registrada.`,
    );
    p.ok(await confirmByCustomer({ deps, caller: p.asContact('oys', luis), ref, kind: 'approval', rejected: false }));
    const second = p.ok(await estimateCase({ deps, caller, ref, minutes: 480 }));
    expect(second.withdrawnApproval).toBe(true);
    expect(resultWords('es').estimated(second.ref, second.withdrawnApproval)).toBe(
      `Estimación de ${second.ref} registrada; la aprobación de la estimación anterior deja de valer.`,
    );
    p.ok(await logHours({ deps, caller, ref, minutes: 90 }));

    const view = p.ok(await showCase({ deps, caller, ref }));
    const history = (locale: 'es' | 'en') =>
      caseDetail(view, { locale, zone: 'UTC', pageCommand: String }).text.split('\n');
    const es = history('es');
    expect(es).toContainEqual(expect.stringMatching(/ · estimación · [^:]+: 6,5 h: Dos informes$/));
    expect(es).toContainEqual(
      expect.stringMatching(
        / · confirmación del cliente · .*: la aprobación de la estimación de horas: dada \(portal\)$/,
      ),
    );
    expect(es).toContainEqual(expect.stringMatching(/ · horas · [^:]+: \+1,5 h \(1,5 h\)$/));
    expect(es.join('\n')).not.toContain('approval given');
    const en = history('en');
    expect(en).toContainEqual(expect.stringMatching(/ · estimate · [^:]+: 6\.5 h: Dos informes$/));
    expect(en).toContainEqual(
      expect.stringMatching(/ · customer confirmation · .*: the approval of the hours estimate: given \(portal\)$/),
    );
  });

  it('"Posterior a la validación de las pruebas por parte del cliente, se procede a pasar la solución a PRD"; back in QA it is asked anew', async () => {
    const { caller, ref, deps, confirm } = await oysCase('analisis', 'aprobacion', 'desarrollo', 'qa');
    expect(await moveCase({ deps, caller, ref, state: 'produccion' })).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_required', params: { missing: ['qa'] } },
    });
    // Only what the state asks can be confirmed.
    expect(await confirm('closure')).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_not_asked', params: { kind: 'closure', state: 'qa', asked: ['qa'] } },
    });
    p.ok(await confirm('qa', 'Validado en reunión con el cliente'));
    p.ok(await moveCase({ deps, caller, ref, state: 'desarrollo' }));
    const again = p.ok(await moveCase({ deps, caller, ref, state: 'qa' }));
    expect(again.confirmations.qa).toBeUndefined();
    expect(await moveCase({ deps, caller, ref, state: 'produccion' })).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_required', params: { missing: ['qa'] } },
    });
  });

  it('"Cuando cliente confirma cierre del ticket, se procede al cierre del mismo": PRD validation and closure first', async () => {
    const { caller, opened, ref, deps, confirm } = await oysCase(
      'analisis',
      'aprobacion',
      'desarrollo',
      'qa',
      'produccion',
    );
    const refused = await closeCase({ deps, caller, ref, resolution: 'Informe publicado' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'case.confirmation_required',
        params: { from: 'produccion', to: 'cerrado', missing: ['prd', 'closure'] },
      },
    });
    p.ok(await confirm('prd', 'Validado en PRD por correo'));
    expect(await closeCase({ deps, caller, ref, resolution: 'Informe publicado' })).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_required', params: { missing: ['closure'] } },
    });
    p.ok(await confirm('closure', 'El cliente pidió cerrar por correo'));
    const closed = p.ok(await closeCase({ deps, caller, ref, resolution: 'Informe publicado' }));
    expect(closed).toMatchObject({ state: 'cerrado', isOpen: false });
    expect(closed.confirmations).toMatchObject({ prd: { decision: 'given' }, closure: { decision: 'given' } });
    // Reopened, the case asks the closure confirmation again: the one given before does not close it twice.
    const reopened = p.ok(await reopenCase({ deps, caller, ref, reason: 'El informe falla con fechas de 2027' }));
    expect(reopened).toMatchObject({ kind: 'reopened', case: { state: 'analisis', confirmations: {} } });
    expect(await closeCase({ deps, caller, ref, resolution: 'No viable' })).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_required', params: { missing: ['closure'] } },
    });
    const refusedEvents = (await eventRows(p.t.db, 'oys')).filter(
      (e) => e.type === 'refused' && e.data.code === 'case.confirmation_required',
    );
    expect(refusedEvents.every((e) => e.caseId === opened.id)).toBe(true);
  });

  it('closing after the analysis ("De no ser viable, se solicita cierre") needs the closure confirmation; an override names its reason', async () => {
    const { caller, ref, deps } = await oysCase('analisis');
    expect(await closeCase({ deps, caller, ref, resolution: 'No viable' })).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_required', params: { from: 'analisis', missing: ['closure'] } },
    });
    expect(await overrideMove({ deps, caller, ref, state: 'aprobacion', reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'case.override_not_needed' },
    });
    expect(await overrideMove({ deps, caller, ref, state: 'cerrado', reason: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'case.empty_text' },
    });
    const closed = p.ok(
      await overrideMove({
        deps,
        caller,
        ref,
        state: 'cerrado',
        reason: 'No viable; el cliente no contesta desde hace un mes',
      }),
    );
    expect(closed).toMatchObject({
      state: 'cerrado',
      isOpen: false,
      resolution: 'No viable; el cliente no contesta desde hace un mes',
    });
    // "solo se imputan hh utilizadas por análisis": hours are still recorded on the closed case.
    expect(
      p.ok(await logHours({ deps, caller, ref, minutes: 120, note: 'Análisis de factibilidad' })).minutesSpent,
    ).toBe(120);
    const [event] = (await eventRows(p.t.db, 'oys')).filter((e) => e.type === 'overridden');
    expect(event).toMatchObject({
      actorKind: 'agent',
      data: {
        from: 'analisis',
        to: 'cerrado',
        override: { missing: ['closure'], reason: 'No viable; el cliente no contesta desde hace un mes' },
      },
    });
  });

  it('hours spent add up and are compared with the estimate on the case', async () => {
    const { caller, ref, deps, confirm } = await oysCase('analisis', 'aprobacion');
    p.ok(await estimateCase({ deps, caller, ref, minutes: 480, note: 'Un informe' }));
    p.ok(await confirm('approval'));
    p.ok(await logHours({ deps, caller, ref, minutes: 90, note: 'Análisis' }));
    const logged = p.ok(await logHours({ deps, caller, ref, minutes: 150 }));
    expect(logged.minutesSpent).toBe(240);
    const { snapshot } = p.ok(await showCase({ deps, caller, ref }));
    const card = caseCard(snapshot, { locale: 'es', zone: 'America/Santiago' });
    expect(card.text).toContain('Estimación: 8 h · Un informe');
    expect(card.text).toContain('Horas dedicadas: 4 h de 8 h (50 %)');
    expect(card.text).toContain('Aprobación de la estimación: dada, registrada por un agente a su nombre');
    const en = caseCard(snapshot, { locale: 'en', zone: 'America/Santiago' });
    expect(en.text).toContain('Hours spent: 4 h of 8 h (50 %)');
    const events = (await eventRows(p.t.db, 'oys')).filter((e) => e.type === 'hours_logged');
    expect(events.map((e) => [e.data.minutes, e.data.total])).toEqual([
      [90, 90],
      [150, 240],
    ]);
  });

  it('a case in QA shows the validation it awaits', async () => {
    const { caller, ref, deps } = await oysCase('analisis', 'aprobacion', 'desarrollo', 'qa');
    const { snapshot } = p.ok(await showCase({ deps, caller, ref }));
    expect(snapshot.pendingConfirmations).toEqual(['qa']);
    expect(caseCard(snapshot, { locale: 'en', zone: 'UTC' }).text).toContain(
      'Awaiting the customer: the validation of the tests in QA',
    );
  });
});

describe('itbx: "Se da por resuelta la incidencia con el aval del cliente" (seed 002)', () => {
  const p = usePortero();

  it('PRUEBAS to CERRADA needs the customer’s acceptance, recorded on their behalf with a reason', async () => {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const caller = p.asAgent('itbx', agent);
    const deps = p.deps;
    const opened = p.ok(await openCase({ deps, caller, customer: 'acme', title: 'El portal no carga' }));
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps, caller, ref, assignee: { kind: 'me' } }));
    for (const state of ['analisis', 'solucion', 'pruebas']) p.ok(await moveCase({ deps, caller, ref, state }));
    const refused = await closeCase({ deps, caller, ref, resolution: 'Se corrigió la caché' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'case.confirmation_required',
        params: { from: 'pruebas', to: 'cerrada', missing: ['acceptance'] },
      },
    });
    if (!refused.ok) expect(describeCaseError(refused.error, 'es')).toContain('sin la aceptación (aval) del cliente');
    p.ok(
      await confirmOnBehalf({
        deps,
        caller,
        ref,
        kind: 'acceptance',
        rejected: false,
        reason: 'Luis lo aceptó por teléfono',
      }),
    );
    const closed = p.ok(await closeCase({ deps, caller, ref, resolution: 'Se corrigió la caché' }));
    expect(closed.confirmations.acceptance).toMatchObject({
      decision: 'given',
      via: 'on_behalf',
      reason: 'Luis lo aceptó por teléfono',
    });
  });
});
