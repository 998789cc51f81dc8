import { describe, expect, it } from 'vitest';
import { closeCase, customerAnswered, moveCase, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { useSla } from './sla-fixture.ts';

// arcoirisapp: "two contact attempts on business days; without an answer the ticket is closed automatically".
// Its calendar: Monday–Friday 08:00–12:00 and 14:00–17:00 in Bogotá (7 business hours a day). A business day after
// an attempt is the same hour on the next business day. Friday 27 November 2026, 10:00 Bogotá is 15:00Z.

describe('arcoirisapp: unanswered contact attempts close the case', () => {
  const s = useSla('2026-11-27T14:00:00Z');

  async function waiting() {
    const ana = await s.person('arcoirisapp', 'ana', { slack: 'U-ANA' });
    await s.bind('arcoirisapp', 'agent', 'soporte', 'C-SOP');
    const record = await s.open('arcoirisapp', ana, { priority: 'normal' });
    const ref = { number: record.number };
    const caller = s.caller('arcoirisapp', ana);
    s.p.ok(await moveCase({ deps: s.p.deps, caller, ref, state: 'en-progreso' }));
    s.p.clock.set(new Date('2026-11-27T15:00:00Z'));
    s.p.ok(await waitForCustomer({ deps: s.p.deps, caller, ref, text: '¿Nos envía una captura del error?' }));
    return { record, ref, caller };
  }

  it('reminds the agent channel to make attempt 2 the next business day, and closes a business day after it', async () => {
    const { record, ref, caller } = await waiting();
    expect(s.rules(await s.sweepAt('2026-11-30T14:59:00Z'))).not.toContain('contact.reminder:@2');
    const reminded = await s.sweepAt('2026-11-30T15:00:00Z'); // Monday 10:00: the weekend does not count
    expect(s.rules(reminded)).toContain('contact.reminder:@2');
    expect((await s.messages()).at(-1)).toMatchObject({ destination: 'C-SOP', kind: 'message' });
    expect((await s.messages()).at(-1)!.message!.text.split('\n')[0]).toBe(
      `📞 ${record.ref}: el cliente no ha respondido. Haz el intento de contacto 2 de 2; si tampoco responde, el caso se cerrará automáticamente.`,
    );

    s.p.clock.set(new Date('2026-11-30T16:00:00Z'));
    s.p.ok(await waitForCustomer({ deps: s.p.deps, caller, ref, text: 'Segundo intento: ¿sigue el error?' }));
    expect(s.rules(await s.sweepAt('2026-12-01T15:59:00Z'))).not.toContain('auto-close:@2');
    expect(s.rules(await s.sweepAt('2026-12-01T16:00:00Z'))).toEqual(['auto-close:@2']);

    const closed = await s.p.deps.store.transaction((repos) => repos.cases.byNumber('arcoirisapp', record.number));
    expect(closed).toMatchObject({
      state: 'cerrado',
      isOpen: false,
      // The notice says how many attempts went out and when.
      resolution:
        'Cerrado automáticamente: sin respuesta del cliente tras 2 intentos de contacto en días hábiles (vie 27 nov 10:00 y lun 30 nov 11:00).',
    });
    const sent = await s.messages(['case.notice', 'case.update']);
    expect(sent.find((m) => m.kind === 'case.notice')).toMatchObject({
      target: 'email',
      destination: 'luis@example.test',
      payload: { subject: `[${record.ref}] Caso cerrado por falta de respuesta` },
    });
    expect(sent.at(-1)).toMatchObject({
      kind: 'case.update',
      destination: 'C-SOP',
      payload: { event: { type: 'automation.auto_closed' } },
    });
    expect((await s.events(record.id, 'automation.')).map((event) => event.type)).toEqual([
      'automation.contact_reminder',
      'automation.auto_closed',
    ]);
  });

  it('an answer from the customer stops the countdown', async () => {
    const { record, ref, caller } = await waiting();
    s.p.clock.set(new Date('2026-11-30T13:00:00Z'));
    s.p.ok(await customerAnswered({ deps: s.p.deps, caller, ref }));
    const later = await s.sweepAt('2026-12-10T15:00:00Z');
    expect(s.rules(later).filter((rule) => rule.startsWith('contact') || rule.startsWith('auto'))).toEqual([]);
    const open = await s.p.deps.store.transaction((repos) => repos.cases.byNumber('arcoirisapp', record.number));
    expect(open?.isOpen).toBe(true);
  });

  it('within the warranty a reopen is the same case again, with clocks and timers running anew', async () => {
    const { record, ref, caller } = await waiting();
    s.p.ok(await closeCase({ deps: s.p.deps, caller, ref, resolution: 'Se corrigió la importación.' }));
    const timers = () => s.p.deps.store.transaction((repos) => repos.sla.pending('arcoirisapp', record.id));
    expect(await timers()).toEqual([]);
    s.p.clock.set(new Date('2026-12-03T15:00:00Z')); // 6 days later: inside the 8-day warranty
    const reopened = s.p.ok(await reopenCase({ deps: s.p.deps, caller, ref, reason: 'No quedó resuelto' }));
    expect(reopened.kind).toBe('reopened');
    expect((await timers()).map((timer) => timer.rule)).toContain('sla.breach');
  });
});
