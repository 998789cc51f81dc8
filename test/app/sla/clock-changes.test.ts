import { describe, expect, it } from 'vitest';
import { assignCase, replyToCustomer, setPriority } from '../../../src/app/cases/case-updates.ts';
import { confirmOnBehalf } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, customerAnswered, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { useSla } from './sla-fixture.ts';

// What a case change does to the monitor's timers (itbx: Monday–Friday 08:00–17:00, Saturday 09:00–12:00, Bogotá).
// alta: first response 1 h, resolution 18 h; baja: first response 9 h. Start: Monday 23 November 2026, 10:00 Bogotá.

describe('SLA timers follow the case', () => {
  const s = useSla();

  const pending = (tenantId: string, caseId: string) =>
    s.p.deps.store.transaction((repos) => repos.sla.pending(tenantId, caseId));

  it('waiting for the customer stops every SLA timer; the answer brings them back later by the paused time', async () => {
    const ana = await s.person('itbx', 'ana');
    const record = await s.open('itbx', ana, { priority: 'alta' });
    const ref = { number: record.number };
    s.p.ok(await assignCase({ deps: s.p.deps, caller: s.caller('itbx', ana), ref, assignee: { kind: 'me' } }));
    s.p.clock.set(new Date('2026-11-23T15:30:00Z')); // 30 of the 60 first-response minutes have run
    // A move to the waiting state, not `/case wait`: that contact attempt would be itbx's first response.
    s.p.ok(await moveCase({ deps: s.p.deps, caller: s.caller('itbx', ana), ref, state: 'esperando-cliente' }));
    expect((await pending('itbx', record.id)).filter((timer) => timer.rule.startsWith('sla.'))).toEqual([]);

    const whileWaiting = await s.sweepAt('2026-11-23T21:00:00Z');
    expect(s.rules(whileWaiting).filter((rule) => rule.startsWith('sla.'))).toEqual([]);

    s.p.clock.set(new Date('2026-11-24T14:00:00Z')); // Tuesday 09:00: the customer answers
    s.p.ok(await customerAnswered({ deps: s.p.deps, caller: s.caller('itbx', ana), ref }));
    expect(s.rules(await s.sweepAt('2026-11-24T14:14:59Z'))).toEqual([]);
    expect(s.rules(await s.sweepAt('2026-11-24T14:15:00Z'))).toEqual(['sla.warning:firstResponse@0.75']);
    expect(s.rules(await s.sweepAt('2026-11-24T14:30:00Z'))).toEqual(['sla.breach:firstResponse@1']);
  });

  it('client testing pauses the clocks too', async () => {
    const ana = await s.person('itbx', 'ana');
    const record = await s.open('itbx', ana, { priority: 'alta' });
    const ref = { number: record.number };
    const caller = s.caller('itbx', ana);
    s.p.ok(await assignCase({ deps: s.p.deps, caller, ref, assignee: { kind: 'me' } }));
    s.p.ok(await replyToCustomer({ deps: s.p.deps, caller, ref, text: 'Revisamos el caso.' }));
    for (const state of ['analisis', 'solucion', 'pruebas'])
      s.p.ok(await moveCase({ deps: s.p.deps, caller, ref, state }));
    const timers = await pending('itbx', record.id);
    expect(timers.filter((timer) => timer.rule.startsWith('sla.'))).toEqual([]);
  });

  it('a priority change moves the pending instants to the new targets and forgets the old ones', async () => {
    const ana = await s.person('itbx', 'ana');
    const record = await s.open('itbx', ana, { priority: 'baja' });
    const breachOf = async () =>
      (await pending('itbx', record.id)).find((t) => t.rule === 'sla.breach' && t.target === 'firstResponse')?.fireAt;
    expect(new Date((await breachOf())!).toISOString()).toBe('2026-11-24T15:00:00.000Z'); // Tuesday 10:00

    s.p.clock.set(new Date('2026-11-23T15:10:00Z'));
    s.p.ok(
      await setPriority({
        deps: s.p.deps,
        caller: s.caller('itbx', ana),
        ref: { number: record.number },
        priority: 'alta',
      }),
    );
    expect(new Date((await breachOf())!).toISOString()).toBe('2026-11-23T16:00:00.000Z'); // Monday 11:00
    expect(s.rules(await s.sweepAt('2026-11-23T15:45:00Z'))).toContain('sla.warning:firstResponse@0.75');
    expect(s.rules(await s.sweepAt('2026-11-23T16:00:00Z'))).toContain('sla.breach:firstResponse@1');
    expect(s.rules(await s.sweepAt('2026-11-24T15:00:00Z'))).not.toContain('sla.breach:firstResponse@1');
  });

  it('a reopened case restarts its resolution clock: a second breach of the new cycle', async () => {
    const ana = await s.person('itbx', 'ana');
    const record = await s.open('itbx', ana, { priority: 'alta' });
    const ref = { number: record.number };
    const caller = s.caller('itbx', ana);
    s.p.clock.set(new Date('2026-11-23T15:05:00Z'));
    s.p.ok(await assignCase({ deps: s.p.deps, caller, ref, assignee: { kind: 'me' } }));
    s.p.ok(await replyToCustomer({ deps: s.p.deps, caller, ref, text: 'Revisamos el caso.' }));
    s.p.ok(await moveCase({ deps: s.p.deps, caller, ref, state: 'analisis' }));
    const first = await s.sweepAt('2026-11-25T15:00:00Z'); // Wednesday 10:00: 18 business hours
    expect(s.rules(first)).toContain('sla.breach:resolution@1');

    s.p.clock.set(new Date('2026-11-25T16:00:00Z'));
    for (const state of ['solucion', 'pruebas']) s.p.ok(await moveCase({ deps: s.p.deps, caller, ref, state }));
    // itbx closes "con el aval del cliente": the acceptance first (approvals.test.ts).
    const acceptance = { kind: 'acceptance' as const, rejected: false, reason: 'Aceptado por correo' };
    s.p.ok(await confirmOnBehalf({ deps: s.p.deps, caller, ref, ...acceptance }));
    s.p.ok(await closeCase({ deps: s.p.deps, caller, ref, resolution: 'Se reinició el servicio.' }));
    expect(await pending('itbx', record.id)).toEqual([]);
    s.p.clock.set(new Date('2026-11-26T15:00:00Z')); // Thursday 10:00
    s.p.ok(await reopenCase({ deps: s.p.deps, caller, ref, reason: 'Volvió a fallar' }));
    // Thursday 7 h + Friday 9 h + Saturday 09:00–11:00: 18 business hours.
    expect(s.rules(await s.sweepAt('2026-11-28T15:59:00Z'))).not.toContain('sla.breach:resolution@1');
    expect(s.rules(await s.sweepAt('2026-11-28T16:00:00Z'))).toContain('sla.breach:resolution@1');
    const breaches = (await s.events(record.id, 'sla.breach')).map((event) => event.data.target);
    expect(breaches.filter((target) => target === 'resolution')).toHaveLength(2);
  });
});
