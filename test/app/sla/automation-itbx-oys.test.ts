import { describe, expect, it } from 'vitest';
import { assignCase, replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { confirmOnBehalf, estimateCase } from '../../../src/app/cases/estimate-cases.ts';
import { moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { useSla } from './sla-fixture.ts';

// itbx: silence in PRUEBAS (client testing) for the policy's window (45 business hours) closes the case as accepted;
// a case in ABIERTO needs an engineer, who is reminded to contact the client.
// oys: closing needs the customer's confirmation: the agent and the customer are reminded, the case never closes.

describe('itbx: PRUEBAS and ABIERTO', () => {
  const s = useSla(); // Monday 23 November 2026, 10:00 Bogotá

  async function inTesting() {
    const ana = await s.person('itbx', 'ana', { slack: 'U-ANA' });
    await s.bind('itbx', 'agent', 'soporte', 'C-SOP');
    const record = await s.open('itbx', ana, { priority: 'media' });
    const ref = { number: record.number };
    const caller = s.caller('itbx', ana);
    s.p.ok(await assignCase({ deps: s.p.deps, caller, ref, assignee: { kind: 'me' } }));
    s.p.ok(
      await replyToCustomer({ deps: s.p.deps, caller, ref, text: 'Aplicamos una corrección; por favor, pruébela.' }),
    );
    for (const state of ['analisis', 'solucion', 'pruebas'])
      s.p.ok(await moveCase({ deps: s.p.deps, caller, ref, state }));
    return { record, ref, caller };
  }

  it('no answer within 45 business hours of PRUEBAS closes the case as accepted ("se dará por entendido que la información fue correcta"), recorded as the acceptance, telling the customer', async () => {
    const { record } = await inTesting();
    // Monday 7 h + Tuesday–Friday 36 h + Saturday 09:00–11:00.
    expect(s.rules(await s.sweepAt('2026-11-28T15:59:00Z'))).not.toContain('acceptance:');
    expect(s.rules(await s.sweepAt('2026-11-28T16:00:00Z'))).toEqual(['acceptance:']);
    const closed = await s.p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', record.number));
    expect(closed).toMatchObject({
      state: 'cerrada',
      isOpen: false,
      resolution: 'Aceptado: el cliente no respondió en el plazo de Pruebas.',
    });
    // "con el aval del cliente": the silence is recorded on the case as the customer's acceptance, given by the rule.
    expect(closed?.confirmations.acceptance).toMatchObject({ decision: 'given', via: 'silence', channel: 'system' });
    expect((await s.messages(['case.notice'])).map((m) => m.payload)).toEqual([
      expect.objectContaining({ to: ['luis@example.test'], subject: `[${record.ref}] Solución aceptada` }),
    ]);
    const audit = await s.events(record.id, 'automation.accepted');
    expect(audit[0]).toMatchObject({
      actorKind: 'system',
      channel: 'system',
      data: { from: 'pruebas', to: 'cerrada', confirmation: { kind: 'acceptance', via: 'silence' } },
    });
  });

  it('a case taken back out of PRUEBAS is not closed', async () => {
    const { record, ref, caller } = await inTesting();
    s.p.clock.set(new Date('2026-11-24T15:00:00Z'));
    s.p.ok(await moveCase({ deps: s.p.deps, caller, ref, state: 'solucion' }));
    expect(s.rules(await s.sweepAt('2026-12-15T15:00:00Z'))).not.toContain('acceptance:');
    const open = await s.p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', record.number));
    expect(open).toMatchObject({ state: 'solucion', isOpen: true });
  });

  it('ABIERTO without an engineer is pointed out to its channel; the engineer assigned is told to contact the client', async () => {
    const ana = await s.person('itbx', 'ana', { slack: 'U-ANA' });
    await s.bind('itbx', 'agent', 'soporte-critico', 'C-CRIT');
    const record = await s.open('itbx', ana, { priority: 'alta' });
    expect(s.rules(await s.sweepAt('2026-11-23T15:14:00Z'))).toEqual([]);
    const nudged = await s.sweepAt('2026-11-23T15:15:00Z'); // a quarter of the 1 h first response
    expect(s.rules(nudged)).toEqual(['assign.nudge:']);
    expect((await s.messages()).at(-1)!.message!.text.split('\n')[0]).toBe(
      `👤 ${record.ref} sigue sin asignar: necesita un ingeniero que contacte al cliente`,
    );

    s.p.clock.set(new Date('2026-11-23T15:20:00Z'));
    await s.take('itbx', ana, record.number);
    const told = await s.sweepAt('2026-11-23T15:20:01Z');
    expect(s.rules(told)).toEqual(['assign.contact:']);
    expect(told[0]!.deliveries).toEqual([{ target: 'slack', destination: 'U-ANA', kind: 'message' }]);
    expect((await s.messages()).at(-1)!.message!.text.split('\n')[0]).toBe(
      `📞 ${record.ref} es tuyo: contacta al cliente (primera respuesta antes de lun 23 nov 11:00)`,
    );
    expect(s.rules(await s.sweepAt('2026-11-23T15:30:00Z'))).toEqual([]);
  });
});

describe('oys: closure only on the customer’s confirmation', () => {
  const s = useSla('2026-11-23T13:00:00Z'); // Monday 10:00 in Santiago (summer time, UTC−3)

  it('reminds the agent and the customer each business day, three times, and never closes the case', async () => {
    const ana = await s.person('oys', 'ana', { slack: 'U-ANA' });
    const record = await s.open('oys', ana, { priority: 'media' });
    const ref = { number: record.number };
    const caller = s.caller('oys', ana);
    s.p.ok(await assignCase({ deps: s.p.deps, caller, ref, assignee: { kind: 'me' } }));
    s.p.ok(await replyToCustomer({ deps: s.p.deps, caller, ref, text: 'Analizamos el requerimiento.' }));
    const deps = s.p.deps;
    for (const state of ['analisis', 'aprobacion', 'desarrollo', 'qa', 'produccion']) {
      // The customer's approval of the estimate and validation of QA, recorded on their behalf (approvals.test.ts).
      if (state === 'desarrollo') {
        s.p.ok(await estimateCase({ deps, caller, ref, minutes: 480 }));
        s.p.ok(await confirmOnBehalf({ deps, caller, ref, kind: 'approval', rejected: false, reason: 'Por correo' }));
      }
      if (state === 'produccion')
        s.p.ok(await confirmOnBehalf({ deps, caller, ref, kind: 'qa', rejected: false, reason: 'Por correo' }));
      s.p.ok(await moveCase({ deps, caller, ref, state }));
    }
    expect(s.rules(await s.sweepAt('2026-11-24T12:59:00Z'))).not.toContain('closure.reminder:@1');
    expect(s.rules(await s.sweepAt('2026-11-24T13:00:00Z'))).toContain('closure.reminder:@1');
    const later = await s.sweepAt('2027-01-15T13:00:00Z');
    expect(s.rules(later).filter((rule) => rule.startsWith('closure'))).toEqual([
      'closure.reminder:@2',
      'closure.reminder:@3',
    ]);
    const still = await s.p.deps.store.transaction((repos) => repos.cases.byNumber('oys', record.number));
    expect(still).toMatchObject({ state: 'produccion', isOpen: true });
    const notices = await s.messages(['case.notice']);
    expect(notices).toHaveLength(3);
    expect(notices[0]!.payload).toMatchObject({ subject: `[${record.ref}] ¿Podemos cerrar su caso?` });
    const toAgent = (await s.messages(['message'])).filter((m) => m.message!.text.startsWith('✅'));
    expect(toAgent.map((m) => m.destination)).toEqual(['U-ANA', 'U-ANA', 'U-ANA']);
    const audit = (await s.events(record.id)).map((event) => event.type);
    expect(audit.filter((type) => type.startsWith('automation.'))).not.toContain('automation.accepted');
    expect(audit.filter((type) => type === 'automation.closure_reminder')).toHaveLength(3);
  });
});
