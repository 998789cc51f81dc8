import { describe, expect, it } from 'vitest';
import { customerAnswered, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { useSla } from './sla-fixture.ts';

// jd-services: "without your prompt collaboration we will take it that the matter can wait and de-prioritise the
// case" (after 18 business hours of its Monday–Friday 09:00–18:00 Madrid calendar, an assumption of the preset);
// critical (A) cases run on the 24x7 calendar.
// crosspoint365: bugs of projects in implementation are urgent; requirements go to the next sprint.

describe('jd-services: missing information lowers the priority; A runs around the clock', () => {
  const s = useSla('2026-11-23T08:00:00Z'); // Monday 09:00 Madrid

  it('a B case waiting 18 business hours for information drops to C, once, with an audit event and a notice', async () => {
    const ana = await s.person('jd-services', 'ana');
    await s.bind('jd-services', 'agent', 'soporte', 'C-SOP');
    const record = await s.open('jd-services', ana, { priority: 'B' });
    const ref = { number: record.number };
    s.p.clock.set(new Date('2026-11-23T09:00:00Z'));
    s.p.ok(
      await waitForCustomer({
        deps: s.p.deps,
        caller: s.caller('jd-services', ana),
        ref,
        text: 'Necesitamos el mensaje de error literal.',
      }),
    );

    expect(s.rules(await s.sweepAt('2026-11-25T08:59:00Z'))).not.toContain('deprioritize:');
    expect(s.rules(await s.sweepAt('2026-11-25T09:00:00Z'))).toEqual(['deprioritize:']); // Wednesday 10:00
    const lowered = await s.p.deps.store.transaction((repos) => repos.cases.byNumber('jd-services', record.number));
    expect(lowered).toMatchObject({ priority: 'C', state: 'esperando-cliente' });
    const audit = await s.events(record.id, 'automation.deprioritized');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({
      from: 'B',
      to: 'C',
      summary: `↓ ${record.ref}: sin la información solicitada, prioridad B (Media) → C (Baja)`,
    });
    expect(await s.messages(['case.notice', 'case.update'])).toEqual([
      expect.objectContaining({ kind: 'case.update', destination: 'C-SOP' }), // opened
      expect.objectContaining({ kind: 'case.update', destination: 'C-SOP' }), // waiting
      expect.objectContaining({ kind: 'case.notice', destination: 'luis@example.test' }),
      expect.objectContaining({
        kind: 'case.update',
        destination: 'C-SOP',
        payload: expect.objectContaining({ event: expect.objectContaining({ type: 'automation.deprioritized' }) }),
      }),
    ]);

    // At the lowest priority a new wait lowers nothing.
    s.p.clock.set(new Date('2026-11-25T10:00:00Z'));
    s.p.ok(await customerAnswered({ deps: s.p.deps, caller: s.caller('jd-services', ana), ref }));
    s.p.ok(
      await waitForCustomer({ deps: s.p.deps, caller: s.caller('jd-services', ana), ref, text: '¿Y la captura?' }),
    );
    expect(s.rules(await s.sweepAt('2026-12-20T10:00:00Z'))).not.toContain('deprioritize:');
  });

  it('an A case opened on Saturday night is due an hour later; a B case opened with it, on Monday', async () => {
    const ana = await s.person('jd-services', 'ana');
    s.p.clock.set(new Date('2026-11-28T02:00:00Z')); // Saturday 03:00 Madrid
    const a = await s.open('jd-services', ana, { priority: 'A' });
    const b = await s.open('jd-services', ana, { priority: 'B', title: 'Consulta de facturación' });
    const breachAt = async (caseId: string) => {
      const timers = await s.p.deps.store.transaction((repos) => repos.sla.pending('jd-services', caseId));
      const fireAt = timers.find((t) => t.rule === 'sla.breach' && t.target === 'firstResponse')?.fireAt;
      return fireAt === undefined ? undefined : new Date(fireAt).toISOString();
    };
    expect(await breachAt(a.id)).toBe('2026-11-28T03:00:00.000Z');
    expect(await breachAt(b.id)).toBe('2026-11-30T12:00:00.000Z'); // Monday 13:00 Madrid
    expect(s.rules(await s.sweepAt('2026-11-28T03:00:00Z'))).toContain('sla.breach:firstResponse@1');
  });
});

describe('crosspoint365: urgent bugs and next-sprint requirements', () => {
  const s = useSla('2026-11-23T09:00:00Z'); // Monday 10:00 Madrid

  async function implementationCustomer() {
    const ana = await s.person('crosspoint365', 'ana');
    await s.p.customer('crosspoint365', 'acme', { projectPhase: 'implementation' });
    await s.p.contact('crosspoint365', 'acme', 'luis');
    await s.bind('crosspoint365', 'agent', 'soporte-critico', 'C-CRIT');
    await s.bind('crosspoint365', 'agent', 'soporte-implantacion', 'C-IMPL');
    return ana;
  }

  it('a bug of a project in implementation runs on the urgent targets and alerts the critical channel', async () => {
    const ana = await implementationCustomer();
    const bug = await s.open('crosspoint365', ana, { priority: 'normal', type: 'bug', title: 'Falla el login' });
    expect(bug.priority).toBe('urgente');
    const warned = await s.sweepAt('2026-11-23T09:45:00Z'); // 75 % of the urgent 1 h
    expect(warned.find((t) => t.rule === 'sla.warning')!.deliveries).toEqual([
      { target: 'slack', destination: 'C-CRIT', kind: 'message' },
    ]);
  });

  it('a requirement is scheduled for the next sprint: its alerts carry the card that says so', async () => {
    const ana = await implementationCustomer();
    const requirement = await s.open('crosspoint365', ana, {
      priority: 'normal',
      type: 'requirement',
      title: 'Nuevo informe',
    });
    expect(requirement.priority).toBe('normal');
    const warned = await s.sweepAt('2026-11-23T12:00:00Z'); // 75 % of 4 h
    expect(warned.find((t) => t.rule === 'sla.warning')!.deliveries).toEqual([
      { target: 'slack', destination: 'C-IMPL', kind: 'message' },
    ]);
    const card = (await s.messages()).at(-1)!.message!;
    expect(card.notes).toContain('⚑ siguiente sprint');
  });
});
