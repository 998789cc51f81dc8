import { describe, expect, it } from 'vitest';
import { addNote, assignCase, replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { customerAnswered, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { useSla } from './sla-fixture.ts';

// The policy names the agent actions that are the first response (sla.firstResponseEvents): doing one meets the
// first-response target, and its warning and breach never fire; any other action leaves the clock running.

const firstResponseAlerts = (rules: string[]) => rules.filter((rule) => rule.includes(':firstResponse@'));

describe('itbx: the first contact is the first response (reply, wait), not the assignment', () => {
  const s = useSla(); // Monday 23 November 2026, 10:00 Bogotá; alta: first response within 1 business hour

  async function assigned() {
    const ana = await s.person('itbx', 'ana', { slack: 'U-ANA' });
    await s.bind('itbx', 'agent', 'soporte-critico', 'C-CRIT');
    const record = await s.open('itbx', ana, { priority: 'alta' });
    const ref = { number: record.number };
    const caller = s.caller('itbx', ana);
    s.p.clock.set(new Date('2026-11-23T15:10:00Z'));
    s.p.ok(await assignCase({ deps: s.p.deps, caller, ref, assignee: { kind: 'me' } }));
    return { record, ref, caller };
  }

  it('waiting for the customer (a contact attempt) meets the first response: no warning, breach or reminder', async () => {
    const { ref, caller } = await assigned();
    s.p.clock.set(new Date('2026-11-23T15:30:00Z'));
    const waiting = s.p.ok(
      await waitForCustomer({ deps: s.p.deps, caller, ref, text: 'Le llamamos: ¿desde qué equipo falla?' }),
    );
    expect(waiting.firstRespondedAt).toEqual(new Date('2026-11-23T15:30:00Z'));
    expect(waiting.sla.find((clock) => clock.target === 'firstResponse')?.metAt).toBe(
      Date.parse('2026-11-23T15:30:00Z'),
    );

    // The customer answers: the clocks run again, and the first response stays met.
    s.p.clock.set(new Date('2026-11-23T15:40:00Z'));
    s.p.ok(await customerAnswered({ deps: s.p.deps, caller, ref }));
    const later = [
      ...(await s.sweepAt('2026-11-23T15:55:00Z')),
      ...(await s.sweepAt('2026-11-23T16:10:00Z')),
      ...(await s.sweepAt('2026-11-23T18:00:00Z')),
    ];
    expect(firstResponseAlerts(s.rules(later))).toEqual([]);
    // The engineer had contacted the client before the monitor came round: no reminder to do it.
    expect(s.rules(later)).not.toContain('assign.contact:');
  });

  it('the assignment and a note are not a first response: the breach fires at the target', async () => {
    const { record, ref, caller } = await assigned();
    s.p.ok(await addNote({ deps: s.p.deps, caller, ref, text: 'Revisando los registros.' }));
    const stored = await s.p.deps.store.transaction((repos) => repos.cases.byNumber('itbx', record.number));
    expect(stored?.firstRespondedAt).toBeNull();
    expect(s.rules(await s.sweepAt('2026-11-23T15:10:01Z'))).toEqual(['assign.contact:']);
    expect(firstResponseAlerts(s.rules(await s.sweepAt('2026-11-23T16:00:00Z')))).toEqual([
      'sla.warning:firstResponse@0.75',
      'sla.breach:firstResponse@1',
    ]);
  });

  it('a reply after the breach does not move the first response back; a later wait keeps it', async () => {
    const { ref, caller } = await assigned();
    await s.sweepAt('2026-11-23T16:00:00Z');
    s.p.clock.set(new Date('2026-11-23T16:30:00Z'));
    s.p.ok(await replyToCustomer({ deps: s.p.deps, caller, ref, text: 'Ya estamos en ello.' }));
    s.p.clock.set(new Date('2026-11-23T17:00:00Z'));
    const waiting = s.p.ok(await waitForCustomer({ deps: s.p.deps, caller, ref }));
    expect(waiting.firstRespondedAt).toEqual(new Date('2026-11-23T16:30:00Z'));
  });
});

describe('crosspoint365: taking the case (its assignment) is the first response', () => {
  const s = useSla('2026-11-23T09:00:00Z'); // Monday 10:00 Madrid; urgente: first response within 1 business hour

  it('assigning meets the first response: no warning or breach afterwards', async () => {
    const ana = await s.person('crosspoint365', 'ana', { slack: 'U-ANA' });
    const record = await s.open('crosspoint365', ana, { priority: 'urgente' });
    s.p.clock.set(new Date('2026-11-23T09:20:00Z'));
    const taken = await s.take('crosspoint365', ana, record.number);
    expect(taken.firstRespondedAt).toEqual(new Date('2026-11-23T09:20:00Z'));
    const later = [...(await s.sweepAt('2026-11-23T09:45:00Z')), ...(await s.sweepAt('2026-11-23T12:00:00Z'))];
    expect(firstResponseAlerts(s.rules(later))).toEqual([]);
    expect(s.rules(later)).not.toContain('assign.contact:');
  });

  it('an unassigned case still breaches its first response', async () => {
    const ana = await s.person('crosspoint365', 'ana', { slack: 'U-ANA' });
    await s.open('crosspoint365', ana, { priority: 'urgente' });
    expect(firstResponseAlerts(s.rules(await s.sweepAt('2026-11-23T10:00:00Z')))).toContain(
      'sla.breach:firstResponse@1',
    );
  });
});
