import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { confirmOnBehalf, logHours } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { reportSla } from '../../../src/app/sla/report-sla.ts';
import type { ContactRecord } from '../../../src/app/store.port.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import { askedIn } from '../../../src/domain/case/confirmations.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { eventRows, nextCaseNumber } from './case-rows.ts';

// Reopening follows each policy's rule: always (itbx), an 8-day warranty after which the request is new billable
// consulting work outside the quota, once the customer accepts it (arcoirisapp), or never: open a new case (jd-services).

const DAY = 86_400_000;

describe('reopening a closed case', () => {
  const p = usePortero();
  let agent: Caller;
  let contact: ContactRecord;

  async function closedCase(tenant: string, path: string[], title = 'No llegan las notificaciones') {
    agent = p.asAgent(tenant, await p.agent(tenant, 'ana'));
    await p.customer(tenant, 'tienda');
    contact = await p.contact(tenant, 'tienda', 'luis');
    const opened = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact(tenant, contact), customer: 'tienda', title }),
    );
    // itbx's ABIERTO is left only with an engineer assigned.
    p.ok(await assignCase({ deps: p.deps, caller: agent, ref: { number: opened.number }, assignee: { kind: 'me' } }));
    for (const state of path)
      p.ok(await moveCase({ deps: p.deps, caller: agent, ref: { number: opened.number }, state }));
    // itbx closes "con el aval del cliente": the confirmations the state asks, recorded on the customer's behalf.
    for (const kind of askedIn(p.policies.policy(tenant)!, path.at(-1) ?? ''))
      p.ok(
        await confirmOnBehalf({
          deps: p.deps,
          caller: agent,
          ref: { number: opened.number },
          kind,
          rejected: false,
          reason: 'Por correo',
        }),
      );
    return p.ok(
      await closeCase({
        deps: p.deps,
        caller: agent,
        ref: { number: opened.number },
        resolution: 'Se reconfiguró el servidor de correo',
      }),
    );
  }

  it('itbx reopens at any time, into the policy’s reopen state, and says where from', async () => {
    const closed = await closedCase('itbx', ['analisis', 'solucion', 'pruebas']);
    p.clock.advance(90 * DAY);
    const result = p.ok(
      await reopenCase({
        deps: p.deps,
        caller: agent,
        ref: { prefix: 'itbx', number: closed.number },
        reason: 'Volvió',
      }),
    );
    expect(result).toMatchObject({ kind: 'reopened', case: { ref: 'ITBX-1', state: 'analisis', reopenCount: 1 } });
    const last = (await eventRows(p.t.db, 'itbx')).at(-1);
    expect(last).toMatchObject({ type: 'reopened', data: { from: 'cerrada', to: 'analisis', reason: 'Volvió' } });
    expect(await reopenCase({ deps: p.deps, caller: agent, ref: { number: closed.number } })).toEqual({
      ok: false,
      error: { code: 'case.not_closed', params: { ref: 'ITBX-1', state: 'analisis', caseId: closed.id } },
    });
  });

  it('arcoirisapp: within the 8-day warranty the same case reopens at no cost', async () => {
    const closed = await closedCase('arcoirisapp', ['en-progreso', 'solucionado']);
    p.clock.advance(8 * DAY);
    const result = p.ok(
      await reopenCase({ deps: p.deps, caller: p.asContact('arcoirisapp', contact), ref: { number: closed.number } }),
    );
    expect(result).toMatchObject({ kind: 'reopened', case: { ref: 'ARCO-1', state: 'en-progreso', isOpen: true } });
    expect(await nextCaseNumber(p.t.db, 'arcoirisapp')).toBe(2);
  });

  // Issue 19, point 4. Seed 003: "El usuario tendrá 8 días de garantía para revisar y validar si la solicitud fue
  // procesado correctamente, pasados los 8 días serán descontadas de las horas de consultoría o facturables."
  it('arcoirisapp: after the warranty the customer is told the work is billable, and only once they accept is a billable case opened outside the quota', async () => {
    p.clock.set(new Date('2026-11-03T15:00:00Z')); // Tue 3 Nov, 10:00 Bogotá
    const closed = await closedCase('arcoirisapp', ['en-progreso', 'solucionado']);
    const caller = p.asContact('arcoirisapp', contact);
    // The month's quota of 5 is spent: a late reopen used to be refused by it.
    for (let n = 2; n <= 5; n++)
      p.ok(await openCase({ deps: p.deps, caller, customer: 'tienda', title: `Consulta ${n}` }));
    p.clock.advance(8 * DAY + 60_000);

    // First the notice: nothing is opened until the customer accepts billable work.
    const ref = { number: closed.number };
    const notice = await reopenCase({ deps: p.deps, caller, ref, reason: 'Otra vez sin correo' });
    expect(notice).toEqual({
      ok: false,
      error: {
        code: 'case.billable_confirmation_required',
        params: { ref: 'ARCO-1', days: 8, until: '2026-11-11', caseId: closed.id },
      },
    });
    if (notice.ok) throw new Error('expected the billable notice');
    expect(describeCaseError(notice.error, 'es')).toBe(
      'La garantía de 8 días del caso ARCO-1 terminó el 2026-11-11: una nueva solicitud sobre él se atiende como consultoría facturable (se descuenta de las horas de consultoría o se factura) y no cuenta en el cupo mensual del plan. Confirme que el cliente lo acepta: /case reopen ARCO-1 facturable [motivo].',
    );
    expect(await nextCaseNumber(p.t.db, 'arcoirisapp')).toBe(6);

    const result = p.ok(await reopenCase({ deps: p.deps, caller, ref, reason: 'Otra vez sin correo', billable: true }));
    if (result.kind !== 'new-request') throw new Error(`expected a new request, got ${result.kind}`);
    expect(result.from).toBe('ARCO-1');
    expect(result.case).toMatchObject({
      ref: 'ARCO-6',
      title: 'No llegan las notificaciones',
      description: 'ARCO-1\nOtra vez sin correo',
      reporterId: contact.id,
      state: 'nuevo',
      billable: true,
    });
    const events = await eventRows(p.t.db, 'arcoirisapp');
    expect(events.find((e) => e.type === 'reopen_as_new_request')).toMatchObject({
      caseId: closed.id,
      data: { newCase: 'ARCO-6', billable: true, reason: 'Otra vez sin correo' },
    });
    expect(events.filter((e) => e.type === 'opened').at(-1)?.data).toMatchObject({
      quota: null,
      billable: { from: 'ARCO-1' },
    });
    // The old case stays closed; the billable one did not use the quota: it is still 5 of 5, so a sixth is refused.
    const old = p.ok(await showCase({ deps: p.deps, caller: agent, ref })).record;
    expect(old).toMatchObject({ state: 'cerrado', isOpen: false, reopenCount: 0 });
    expect(await openCase({ deps: p.deps, caller, customer: 'tienda', title: 'Consulta 7' })).toMatchObject({
      ok: false,
      error: { code: 'policy.quota_exceeded', params: { used: 5, limit: 5 } },
    });
  });

  it('arcoirisapp: a billable case’s hours are reported as billable in the SLA report', async () => {
    const closed = await closedCase('arcoirisapp', ['en-progreso', 'solucionado']);
    p.clock.advance(9 * DAY);
    const caller = agent;
    const reopened = p.ok(await reopenCase({ deps: p.deps, caller, ref: { number: closed.number }, billable: true }));
    p.ok(await logHours({ deps: p.deps, caller, ref: { number: reopened.case.number }, minutes: 90 }));
    p.ok(await logHours({ deps: p.deps, caller, ref: { number: closed.number }, minutes: 30 }));
    const { hours } = await reportSla(p.deps, { tenantId: 'arcoirisapp' });
    expect(hours.map((row) => [row.ref, row.minutesSpent, row.billable])).toEqual([
      ['ARCO-1', 30, false],
      ['ARCO-2', 90, true],
    ]);
  });

  it('jd-services never reopens: agents are told to open a new case, customers’ replies on closed cases too', async () => {
    const closed = await closedCase('jd-services', ['en-curso', 'resuelto']);
    p.clock.advance(60_000);
    expect(await reopenCase({ deps: p.deps, caller: agent, ref: { number: closed.number } })).toEqual({
      ok: false,
      error: { code: 'case.reopen_not_allowed', params: { rule: 'new-case', ref: 'JDS-1', caseId: closed.id } },
    });
    expect(
      await reopenCase({ deps: p.deps, caller: p.asContact('jd-services', contact), ref: { number: closed.number } }),
    ).toEqual({
      ok: false,
      error: { code: 'case.reply_on_closed', params: { ref: 'JDS-1', caseId: closed.id } },
    });
    const refused = (await eventRows(p.t.db, 'jd-services')).filter((e) => e.type === 'refused');
    expect(refused.map((e) => [e.caseId, e.actorKind, e.data.useCase, e.data.code])).toEqual([
      [closed.id, 'agent', 'reopen', 'case.reopen_not_allowed'],
      [closed.id, 'contact', 'reopen', 'case.reply_on_closed'],
    ]);
  });
});
