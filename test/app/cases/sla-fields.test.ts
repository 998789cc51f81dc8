import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/app/cases/case-context.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase, replyToCustomer, setPriority } from '../../../src/app/cases/case-updates.ts';
import { confirmOnBehalf } from '../../../src/app/cases/estimate-cases.ts';
import { closeCase, customerAnswered, moveCase, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import type { CaseRecord } from '../../../src/domain/case/case.types.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The SLA fields of a case, computed with the preset's calendar. itbx works Monday to Friday 08:00–17:00 and
// Saturday 09:00–12:00 in Bogotá (UTC−5, no DST); alta: first response 1 h, next update 4 h, resolution 18 h.
// The fixture's clock starts on Monday 23 November 2026, 10:00 in Bogotá.

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const dues = (record: CaseRecord) => Object.fromEntries(record.sla.map((clock) => [clock.target, iso(clock.dueAt)]));

describe('SLA dues on the case (itbx calendar)', () => {
  const p = usePortero();
  let caller: Caller;

  async function open(priority: string) {
    const agent = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    await p.contact('itbx', 'acme', 'luis');
    caller = p.asAgent('itbx', agent);
    const record = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', title: 'Portal caído', priority }));
    // itbx: a case leaves ABIERTO only with an engineer; assigning is not its first response.
    p.ok(await assignCase({ deps: p.deps, caller, ref: { number: record.number }, assignee: { kind: 'me' } }));
    return record;
  }

  it('alta from Monday 10:00: first response at 11:00, resolution 18 business hours later on Wednesday 10:00', async () => {
    const record = await open('alta');
    expect(dues(record)).toEqual({
      firstResponse: '2026-11-23T16:00:00.000Z', // Mon 11:00 Bogotá
      resolution: '2026-11-25T15:00:00.000Z', // Mon 7 h + Tue 9 h + Wed 08:00–10:00
    });
    expect(record.nextDueAt?.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    const snapshot = p.ok(await showCase({ deps: p.deps, caller, ref: { number: record.number } })).snapshot;
    expect(snapshot.sla).toEqual([
      { target: 'firstResponse', dueAt: '2026-11-23T16:00:00.000Z', status: 'running' },
      { target: 'resolution', dueAt: '2026-11-25T15:00:00.000Z', status: 'running' },
    ]);
  });

  it('a case opened on Friday 16:30 runs into Saturday morning hours', async () => {
    p.clock.set(new Date('2026-11-27T21:30:00Z')); // Fri 16:30 Bogotá
    const record = await open('alta');
    expect(dues(record).firstResponse).toBe('2026-11-28T14:30:00.000Z'); // Sat 09:30 Bogotá
  });

  it('waiting for the customer pauses the clocks; the answer shifts every due by the paused business time', async () => {
    const record = await open('alta');
    const ref = { number: record.number };
    p.clock.set(new Date('2026-11-23T15:30:00Z')); // Mon 10:30: 30 of the 60 first-response minutes have run
    const waiting = p.ok(await waitForCustomer({ deps: p.deps, caller, ref, text: '¿Qué usuario ve el error?' }));
    expect(waiting.pauses).toEqual([{ from: Date.parse('2026-11-23T15:30:00Z') }]);
    expect(waiting.contactAttempts).toBe(1);
    expect(waiting.nextDueAt).toBeNull();
    const paused = p.ok(await showCase({ deps: p.deps, caller, ref })).snapshot.sla;
    // Asking the customer is itbx's first response (sla.firstResponseEvents): that clock is met, the others stand still.
    expect(paused.filter((clock) => clock.target !== 'nextUpdate')).toEqual([
      { target: 'firstResponse', dueAt: null, status: 'met' },
      { target: 'resolution', dueAt: null, status: 'paused' },
    ]);

    // Asking again the same business day is sent, but it is not a second contact attempt (attempts count on
    // distinct business days); the case stays paused from the first ask.
    p.clock.set(new Date('2026-11-23T20:00:00Z'));
    const again = p.ok(await waitForCustomer({ deps: p.deps, caller, ref, text: '¿Lo tiene?' }));
    expect(again.contactAttempts).toBe(1);
    expect(again.pauses).toEqual(waiting.pauses);

    p.clock.set(new Date('2026-11-24T14:00:00Z')); // Tue 09:00: paused Mon 10:30–17:00 + Tue 08:00–09:00 = 7.5 h
    const answered = p.ok(await customerAnswered({ deps: p.deps, caller, ref }));
    expect(answered.contactAttempts).toBe(0);
    expect(answered.pauses).toEqual([
      { from: Date.parse('2026-11-23T15:30:00Z'), to: Date.parse('2026-11-24T14:00:00Z') },
    ]);
    expect(dues(answered)).toMatchObject({
      firstResponse: '2026-11-24T14:30:00.000Z', // the remaining 30 minutes: Tue 09:30
      resolution: '2026-11-26T13:30:00.000Z', // Wed 10:00 + 7.5 business hours = Thu 08:30
    });
  });

  it('a change of priority recomputes the dues on the new targets from the opening instant', async () => {
    const record = await open('media');
    expect(dues(record)).toEqual({
      firstResponse: '2026-11-23T19:00:00.000Z', // 4 h: Mon 14:00
      resolution: '2026-11-28T16:00:00.000Z', // 45 h: Mon 7 + Tue–Fri 36 = 43, then Saturday 09:00–11:00
    });
    p.clock.set(new Date('2026-11-23T15:30:00Z'));
    const raised = p.ok(await setPriority({ deps: p.deps, caller, ref: { number: record.number }, priority: 'Alta' }));
    expect(raised.priority).toBe('alta');
    expect(dues(raised)).toEqual({
      firstResponse: '2026-11-23T16:00:00.000Z',
      resolution: '2026-11-25T15:00:00.000Z',
    });
    expect(raised.nextDueAt?.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    const refused = await setPriority({
      deps: p.deps,
      caller,
      ref: { number: record.number },
      priority: 'urgentisima',
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'case.unknown_priority',
        params: { priority: 'urgentisima', priorities: ['alta', 'media', 'baja'], caseId: record.id },
      },
    });
  });

  it('a reply meets the first response and starts the next-update clock', async () => {
    const record = await open('alta');
    p.clock.set(new Date('2026-11-23T15:20:00Z')); // Mon 10:20
    const replied = p.ok(
      await replyToCustomer({ deps: p.deps, caller, ref: { number: record.number }, text: 'Estamos revisándolo.' }),
    );
    expect(replied.firstRespondedAt?.toISOString()).toBe('2026-11-23T15:20:00.000Z');
    const firstResponse = replied.sla.find((clock) => clock.target === 'firstResponse');
    expect(firstResponse).toMatchObject({ metAt: Date.parse('2026-11-23T15:20:00Z') });
    expect(dues(replied).nextUpdate).toBe('2026-11-23T19:20:00.000Z'); // 4 h after the reply
    expect(replied.nextDueAt?.toISOString()).toBe('2026-11-23T19:20:00.000Z');

    // Past the first-response due, the met clock stays met; the running ones are not breached yet.
    p.clock.set(new Date('2026-11-23T17:00:00Z'));
    const sla = p.ok(await showCase({ deps: p.deps, caller, ref: { number: record.number } })).snapshot.sla;
    expect(sla.map((clock) => [clock.target, clock.status])).toEqual([
      ['firstResponse', 'met'],
      ['nextUpdate', 'running'],
      ['resolution', 'running'],
    ]);
  });

  it('past a due the clock is breached; reopening restarts the resolution clock from the reopening', async () => {
    const record = await open('alta');
    const ref = { number: record.number };
    p.clock.set(new Date('2026-11-23T16:30:00Z')); // Mon 11:30, past the first response
    const late = p.ok(await showCase({ deps: p.deps, caller, ref })).snapshot.sla;
    expect(late.find((clock) => clock.target === 'firstResponse')?.status).toBe('breached');
    p.ok(await replyToCustomer({ deps: p.deps, caller, ref, text: 'Lo estamos revisando.' }));

    for (const state of ['analisis', 'solucion', 'pruebas']) p.ok(await moveCase({ deps: p.deps, caller, ref, state }));
    p.clock.set(new Date('2026-11-23T17:00:00Z')); // Mon 12:00
    // itbx closes "con el aval del cliente": the acceptance, recorded on the customer's behalf (approvals.test.ts).
    p.ok(
      await confirmOnBehalf({ deps: p.deps, caller, ref, kind: 'acceptance', rejected: false, reason: 'Por correo' }),
    );
    const closed = p.ok(await closeCase({ deps: p.deps, caller, ref, resolution: 'Reinicio del servicio' }));
    expect(closed.sla.find((clock) => clock.target === 'resolution')?.metAt).toBe(Date.parse('2026-11-23T17:00:00Z'));

    p.clock.set(new Date('2026-11-26T15:00:00Z')); // Thu 10:00
    const reopened = p.ok(await reopenCase({ deps: p.deps, caller, ref, reason: 'Volvió a fallar' }));
    expect(reopened.kind).toBe('reopened');
    const again = reopened.case;
    expect(again).toMatchObject({ state: 'analisis', isOpen: true, reopenCount: 1, resolvedAt: null, closedAt: null });
    const resolution = again.sla.find((clock) => clock.target === 'resolution');
    expect(resolution).toEqual({
      target: 'resolution',
      minutes: 18 * 60,
      startedAt: Date.parse('2026-11-26T15:00:00Z'),
      dueAt: Date.parse('2026-11-28T16:00:00Z'), // Thu 7 h + Fri 9 h + Sat 09:00–11:00
    });
    // The update clock restarts too (4 h from Thu 10:00): the earliest due of the reopened case.
    expect(again.sla.find((clock) => clock.target === 'nextUpdate')?.dueAt).toBe(Date.parse('2026-11-26T19:00:00Z'));
    expect(again.nextDueAt?.toISOString()).toBe('2026-11-26T19:00:00.000Z');
  });
});
