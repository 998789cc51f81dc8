import { describe, expect, it } from 'vitest';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import type { CaseError } from '../../../src/domain/case/case-error.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { eventRows, nextCaseNumber } from './case-rows.ts';

// The policy's rules at intake: refusals with stable codes and their reasons, rule decisions recorded in the audit
// trail, never applied silently.

describe('intake rules', () => {
  const p = usePortero();

  it('arcoirisapp basic plan: five cases a month, the sixth refused and audited; the month is Bogotá’s', async () => {
    const agent = await p.agent('arcoirisapp', 'ana');
    await p.customer('arcoirisapp', 'tienda'); // plan defaults to the policy's first: basic
    await p.customer('arcoirisapp', 'otra');
    const caller = p.asAgent('arcoirisapp', agent);
    for (let n = 1; n <= 5; n++) {
      const opened = p.ok(await openCase({ deps: p.deps, caller, customer: 'tienda', title: `Consulta ${n}` }));
      expect(opened.ref).toBe(`ARCO-${n}`);
    }
    const opens = (await eventRows(p.t.db, 'arcoirisapp')).filter((e) => e.type === 'opened');
    expect(opens.map((e) => e.data.quota)).toEqual([1, 2, 3, 4, 5].map((used) => ({ used, limit: 5 })));

    const refused = await openCase({ deps: p.deps, caller, customer: 'tienda', title: 'Consulta 6' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'policy.quota_exceeded', params: { plan: 'basic', limit: 5, used: 5, customer: 'tienda' } },
    });
    if (refused.ok) return;
    expect(describeCaseError(refused.error, 'es')).toBe(
      'El cliente tienda ya ha abierto 5 de los 5 casos de su plan «basic» este mes.',
    );
    const audit = (await eventRows(p.t.db, 'arcoirisapp')).at(-1);
    expect(audit).toMatchObject({
      type: 'refused',
      caseId: null,
      actorKind: 'agent',
      data: { useCase: 'open', code: 'policy.quota_exceeded', params: refused.error.params },
    });
    // The refused open gave its number back; another customer's quota is its own.
    expect(await nextCaseNumber(p.t.db, 'arcoirisapp')).toBe(6);
    expect(p.ok(await openCase({ deps: p.deps, caller, customer: 'otra', title: 'Consulta' })).ref).toBe('ARCO-6');

    p.clock.set(new Date('2026-12-01T04:30:00Z')); // 30 Nov 23:30 in Bogotá: still November there
    expect(await openCase({ deps: p.deps, caller, customer: 'tienda', title: 'Consulta 6' })).toMatchObject({
      ok: false,
      error: { code: 'policy.quota_exceeded' },
    });
    p.clock.set(new Date('2026-12-01T05:00:00Z')); // 1 Dec 00:00 in Bogotá: a new month
    const december = p.ok(await openCase({ deps: p.deps, caller, customer: 'tienda', title: 'Consulta de diciembre' }));
    expect(december.ref).toBe('ARCO-7');
  });

  it('a plan the policy sets no quota for (arcoirisapp premium) is not counted', async () => {
    const agent = await p.agent('arcoirisapp', 'ana');
    await p.customer('arcoirisapp', 'grande', { plan: 'premium' });
    const caller = p.asAgent('arcoirisapp', agent);
    for (let n = 1; n <= 6; n++)
      p.ok(await openCase({ deps: p.deps, caller, customer: 'grande', title: `Consulta ${n}` }));
    const opens = (await eventRows(p.t.db, 'arcoirisapp')).filter((e) => e.type === 'opened');
    expect(opens.map((e) => e.data.quota)).toEqual([null, null, null, null, null, null]);
  });

  it('a contact who is not a reporter is refused at intake, whoever opens the case', async () => {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const pepe = await p.contact('itbx', 'acme', 'pepe', { reporter: false });
    const expected = {
      ok: false,
      error: { code: 'policy.not_a_reporter', params: { contact: 'pepe', customer: 'acme' } },
    };
    expect(
      await openCase({ deps: p.deps, caller: p.asContact('itbx', pepe), customer: 'acme', title: 'No puedo entrar' }),
    ).toEqual(expected);
    expect(
      await openCase({
        deps: p.deps,
        caller: p.asAgent('itbx', agent),
        customer: 'acme',
        reporter: 'pepe',
        title: 'No puedo entrar',
      }),
    ).toEqual(expected);
    const events = await eventRows(p.t.db, 'itbx');
    expect(events.map((e) => [e.type, e.actorKind, e.channel, e.data.code])).toEqual([
      ['refused', 'contact', 'portal', 'policy.not_a_reporter'],
      ['refused', 'agent', 'console', 'policy.not_a_reporter'],
    ]);
    expect(await nextCaseNumber(p.t.db, 'itbx')).toBe(1);
  });

  it('opens from an intake channel for the calling contact, and from an agent on behalf of a customer', async () => {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const luis = await p.contact('itbx', 'acme', 'luis');
    await p.contact('itbx', 'acme', 'marta');
    await p.customer('itbx', 'beta');
    await p.contact('itbx', 'beta', 'bruno');

    const own = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('itbx', luis), customer: 'acme', title: 'Error 500' }),
    );
    expect(own).toMatchObject({ ref: 'ITBX-1', reporterId: luis.id, openedVia: 'portal', priority: 'media' });
    expect(own.type).toBe('incident');

    // An agent may name the contact where the customer goes: both are known then.
    const named = p.ok(
      await openCase({ deps: p.deps, caller: p.asAgent('itbx', agent), customer: 'luis', title: 'Error 501' }),
    );
    expect(named).toMatchObject({ customerId: own.customerId, reporterId: luis.id, openedVia: 'console' });
    // Two reporters and none named: refused, naming the field and who could report it, rather than a guess or a case
    // nobody can be answered on.
    const unnamed = await openCase({
      deps: p.deps,
      caller: p.asAgent('itbx', agent),
      customer: 'acme',
      title: 'Error 502',
    });
    expect(unnamed).toEqual({
      ok: false,
      error: {
        code: 'case.reporter_required',
        params: { field: 'reporter', customer: 'acme', reporters: ['luis', 'marta'] },
      },
    });
    if (unnamed.ok) return;
    expect(describeCaseError(unnamed.error, 'es')).toBe(
      'El cliente acme tiene varios usuarios que reportan casos: indique en el campo «reporter» cuál de ellos reporta este (luis, marta), o en el chat abra el caso a nombre del contacto (/case new <prioridad> <contacto> …).',
    );
    expect(describeCaseError(unnamed.error, 'en')).toBe(
      `Customer acme has several reporting users: name the one reporting this case in the field "reporter" (luis, marta), or in chat open it in the contact's name (/case new <priority> <contact> …).`,
    );
    const marta = p.ok(
      await openCase({
        deps: p.deps,
        caller: p.asAgent('itbx', agent),
        customer: 'acme',
        reporter: 'marta',
        title: 'Error 502',
      }),
    );
    expect(marta.reporterId).not.toBeNull();
    expect(marta.reporterId).not.toBe(luis.id);
    // A company with a single reporter has no one else the case could be for.
    const bruno = p.ok(
      await openCase({ deps: p.deps, caller: p.asAgent('itbx', agent), customer: 'beta', title: 'Error 503' }),
    );
    expect(bruno.reporterId).not.toBeNull();
    // A company with no contacts at all may still get a case an agent logs on its behalf, with no reporter.
    await p.customer('itbx', 'gamma');
    const logged = p.ok(
      await openCase({ deps: p.deps, caller: p.asAgent('itbx', agent), customer: 'gamma', title: 'Llamada' }),
    );
    expect(logged.reporterId).toBeNull();

    const caller = p.asAgent('itbx', agent);
    expect(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'bruno', title: 'x' })).toEqual({
      ok: false,
      error: { code: 'case.contact_not_found', params: { contact: 'bruno', customer: 'acme' } },
    });
    expect(await openCase({ deps: p.deps, caller, customer: 'nadie', title: 'x' })).toEqual({
      ok: false,
      error: { code: 'case.customer_not_found', params: { customer: 'nadie' } },
    });
    expect(
      await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', type: 'queja', title: 'x' }),
    ).toEqual({
      ok: false,
      error: {
        code: 'case.unknown_type',
        params: { type: 'queja', types: ['incident', 'request', 'requirement', 'work-plan'] },
      },
    });
    expect(
      await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', priority: 'z', title: 'x' }),
    ).toEqual({
      ok: false,
      error: { code: 'case.unknown_priority', params: { priority: 'z', priorities: ['alta', 'media', 'baja'] } },
    });
    expect(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: '   ' })).toEqual({
      ok: false,
      error: { code: 'case.empty_text', params: { field: 'title' } },
    });
    const refused = (await eventRows(p.t.db, 'itbx')).filter((e) => e.type === 'refused').map((e) => e.data.code);
    expect(refused).toEqual([
      'case.reporter_required',
      'case.contact_not_found',
      'case.customer_not_found',
      'case.unknown_type',
      'case.unknown_priority',
      'case.empty_text',
    ]);
    expect(await nextCaseNumber(p.t.db, 'itbx')).toBe(6);
  });

  it('jd-services requires Spanish: an English case is flagged and audited, not refused', async () => {
    const agent = await p.agent('jd-services', 'ana');
    await p.customer('jd-services', 'acme');
    const caller = p.asAgent('jd-services', agent);
    const english = p.ok(
      await openCase({
        deps: p.deps,
        caller,
        customer: 'acme',
        title: 'The invoice page does not load',
        description: 'Since yesterday we cannot pay our suppliers and the page shows an error',
      }),
    );
    expect(english).toMatchObject({ ref: 'JDS-1', language: 'en', languageFlagged: true });
    const spanish = p.ok(
      await openCase({
        deps: p.deps,
        caller,
        customer: 'acme',
        title: 'La página de facturas no carga',
        description: 'Desde ayer no podemos pagar a los proveedores y la página muestra un error',
      }),
    );
    expect(spanish).toMatchObject({ language: 'es', languageFlagged: false });
    expect(p.ok(await showCase({ deps: p.deps, caller, ref: { number: 1 } })).snapshot.flags).toEqual(['language']);
    expect(p.ok(await showCase({ deps: p.deps, caller, ref: { number: 2 } })).snapshot.flags).toEqual([]);
    const opens = (await eventRows(p.t.db, 'jd-services')).filter((e) => e.type === 'opened');
    expect(opens[0]!.data.languageFlagged).toEqual({ detected: 'en', required: 'es' });
    expect(opens[1]!.data).not.toHaveProperty('languageFlagged');
  });

  it('a policy that requires no language flags nothing', async () => {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    const english = p.ok(
      await openCase({
        deps: p.deps,
        caller: p.asAgent('itbx', agent),
        customer: 'acme',
        title: 'The invoice page does not load',
        description: 'Since yesterday we cannot pay our suppliers and the page shows an error',
      }),
    );
    expect(english).toMatchObject({ language: 'en', languageFlagged: false });
  });

  it('crosspoint365: a bug of a project in implementation lands on the most severe priority, recorded why', async () => {
    const agent = await p.agent('crosspoint365', 'ana');
    await p.customer('crosspoint365', 'nuevo', { projectPhase: 'implementation' });
    await p.customer('crosspoint365', 'vivo', { projectPhase: 'production' });
    const caller = p.asAgent('crosspoint365', agent);
    const bug = p.ok(
      await openCase({
        deps: p.deps,
        caller,
        customer: 'nuevo',
        type: 'bug',
        priority: 'baja',
        title: 'El botón falla',
      }),
    );
    expect(bug).toMatchObject({ ref: 'CP365-1', type: 'bug', priority: 'urgente' });
    expect(bug.sla.find((clock) => clock.target === 'firstResponse')?.minutes).toBe(60);
    expect(p.ok(await showCase({ deps: p.deps, caller, ref: { number: 1 } })).snapshot.flags).toEqual(['urgent']);
    const opens = (await eventRows(p.t.db, 'crosspoint365')).filter((e) => e.type === 'opened');
    expect(opens.map((e) => e.data.urgentType)).toEqual([{ type: 'bug', requested: 'baja' }]);
  });

  // Seed 000, point 4: "Las consultas, incidencias o solicitudes de un proyecto en fase de producción, se han de
  // registrar como nuevo caso en el Portal de Cliente o mediante comunicación al correo de Soporte".
  it('crosspoint365: a production customer cannot open an implementation-only type (a bug, as CP365-3 was)', async () => {
    const agent = await p.agent('crosspoint365', 'ana');
    await p.customer('crosspoint365', 'vivo', { projectPhase: 'production' });
    const caller = p.asAgent('crosspoint365', agent);
    const refused = await openCase({ deps: p.deps, caller, customer: 'vivo', type: 'bug', title: 'El botón falla' });
    const error: CaseError = {
      code: 'case.type_not_for_phase',
      params: {
        type: 'bug',
        phase: 'production',
        phases: ['implementation'],
        types: ['question', 'incident', 'request'],
        customer: 'vivo',
      },
    };
    expect(refused).toEqual({ ok: false, error });
    expect(describeCaseError(error, 'es')).toBe(
      'El tipo de caso «bug» es solo para proyectos en implantación, y el de este cliente está en producción. Tipos válidos: question, incident, request.',
    );
    expect(
      p.ok(await openCase({ deps: p.deps, caller, customer: 'vivo', type: 'incident', title: 'El botón falla' })),
    ).toMatchObject({ ref: 'CP365-1', type: 'incident', priority: 'normal' });
  });

  it('crosspoint365: "cualquier solicitud relacionada con proyectos en fase de implantación se canalizará a través de Azure DevOps"', async () => {
    await p.customer('crosspoint365', 'nuevo', { projectPhase: 'implementation' });
    await p.customer('crosspoint365', 'vivo', { projectPhase: 'production' });
    const luis = await p.contact('crosspoint365', 'nuevo', 'luis');
    const marta = await p.contact('crosspoint365', 'vivo', 'marta');
    // Any type, not only bugs and requirements: a question in the portal is refused too, pointing to Azure DevOps.
    for (const type of ['question', 'bug', 'requirement']) {
      const refused = await openCase({
        deps: p.deps,
        caller: p.asContact('crosspoint365', luis),
        customer: 'nuevo',
        type,
        title: 'Necesito un informe',
      });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'case.wrong_channel_for_phase',
          params: {
            phase: 'implementation',
            via: 'portal',
            channels: ['azure-devops'],
            urls: [], // the preset's Azure DevOps URL is a placeholder: never shown to a customer
            urgentTypes: ['bug'],
            nextSprintTypes: ['requirement'],
            customer: 'nuevo',
          },
        },
      });
      if (!refused.ok) {
        expect(describeCaseError(refused.error, 'es')).toBe(
          'Las solicitudes de proyectos en fase de implantación se canalizan a través de Azure DevOps, no por el ' +
            'portal. Los casos de tipo bug se tratan como asuntos prioritarios y de urgencia. Los de tipo requirement ' +
            'se valoran y abordan en siguientes sprints.',
        );
        expect(describeCaseError(refused.error, 'en')).toContain('go through Azure DevOps');
      }
    }
    expect(await nextCaseNumber(p.t.db, 'crosspoint365')).toBe(1);
    // Production: the portal takes it.
    const live = p.ok(
      await openCase({ deps: p.deps, caller: p.asContact('crosspoint365', marta), customer: 'vivo', title: 'Duda' }),
    );
    expect(live).toMatchObject({ ref: 'CP365-1', openedVia: 'portal' });
  });
});
