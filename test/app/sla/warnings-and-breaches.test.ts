import { describe, expect, it } from 'vitest';
import { assignCase, replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { acknowledgeBreach } from '../../../src/app/sla/acknowledge-breach.ts';
import { useSla } from './sla-fixture.ts';

// itbx, priority alta: first response 1 h, resolution 18 business hours; warnings at 75 %; an unacknowledged breach
// goes to the manager channel after 1 h. The clock starts on Monday 23 November 2026, 10:00 in Bogotá (15:00Z).

describe('SLA warnings and breaches (itbx alta)', () => {
  const s = useSla();

  async function desk() {
    const ana = await s.person('itbx', 'ana', { timezone: 'America/Bogota', slack: 'U-ANA' });
    await s.person('itbx', 'marta', { role: 'manager', timezone: 'America/Bogota', slack: 'U-MARTA' });
    await s.bind('itbx', 'agent', 'soporte-critico', 'C-CRIT');
    await s.bind('itbx', 'manager', 'soporte-gerencia', 'C-MGR');
    return ana;
  }

  it('an unassigned case: its agent channel at 75 %, the managers and the manager channel at 100 %, each once', async () => {
    const ana = await desk();
    const record = await s.open('itbx', ana, { priority: 'alta' });

    expect(s.rules(await s.sweepAt('2026-11-23T15:44:59Z'))).not.toContain('sla.warning:firstResponse@0.75');
    expect(s.rules(await s.sweepAt('2026-11-23T15:45:00Z'))).toEqual(['sla.warning:firstResponse@0.75']);
    const warning = (await s.messages()).at(-1)!;
    expect(warning).toMatchObject({ target: 'slack', destination: 'C-CRIT', kind: 'message' });
    expect(warning.payload).toMatchObject({ caseRef: record.ref, threadUnderCase: true });
    expect(warning.message?.text.split('\n')[0]).toBe(
      `⏳ ${record.ref}: Primera respuesta vence lun 23 nov 11:00 (75 % del plazo consumido)`,
    );

    expect(s.fired(await s.sweepAt('2026-11-23T15:59:00Z'))).toEqual([]);
    expect(s.rules(await s.sweepAt('2026-11-23T16:00:00Z'))).toEqual(['sla.breach:firstResponse@1']);
    const breach = (await s.messages()).slice(-2);
    expect(breach.map((m) => m.destination).sort()).toEqual(['C-MGR', 'U-MARTA']);
    for (const alert of breach) {
      expect(alert.message?.actions?.[0]).toEqual({
        kind: 'command',
        label: 'Me encargo',
        command: `ack ${record.ref}`,
        style: 'primary',
      });
    }
    expect(s.fired(await s.sweepAt('2026-11-23T16:00:30Z'))).toEqual([]);
    const audit = (await s.events(record.id, 'sla.')).map((event) => event.type);
    expect(audit).toEqual(['sla.warning', 'sla.breach']);
  });

  it("an assigned case warns its engineer by DM; the engineer's reply meets the first response: no breach", async () => {
    const ana = await desk();
    const record = await s.open('itbx', ana, { priority: 'alta' });
    const caller = s.caller('itbx', ana);
    s.p.ok(await assignCase({ deps: s.p.deps, caller, ref: { number: record.number }, assignee: { kind: 'me' } }));

    const warned = await s.sweepAt('2026-11-23T15:45:00Z');
    expect(s.rules(warned)).toContain('sla.warning:firstResponse@0.75');
    const dm = warned.find((timer) => timer.rule === 'sla.warning')!;
    expect(dm.deliveries).toEqual([{ target: 'slack', destination: 'U-ANA', kind: 'message' }]);

    s.p.clock.set(new Date('2026-11-23T15:50:00Z'));
    s.p.ok(
      await replyToCustomer({
        deps: s.p.deps,
        caller,
        ref: { number: record.number },
        text: 'Estamos revisando el portal.',
      }),
    );
    const later = await s.sweepAt('2026-11-23T16:30:00Z');
    expect(s.rules(later).filter((rule) => rule.includes('firstResponse'))).toEqual([]);
    expect((await s.events(record.id, 'sla.breach')).length).toBe(0);
  });

  it('an unacknowledged breach goes to the manager channel after the policy delay (1 h), once', async () => {
    const ana = await desk();
    const record = await s.open('itbx', ana, { priority: 'alta' });
    await s.sweepAt('2026-11-23T16:00:00Z');
    expect(s.rules(await s.sweepAt('2026-11-23T16:59:59Z'))).toEqual([]);
    const escalated = await s.sweepAt('2026-11-23T17:00:00Z');
    expect(s.rules(escalated)).toEqual(['sla.escalation:firstResponse@1']);
    expect(escalated[0]!.deliveries.map((d) => d.destination)).toEqual(['C-MGR']);
    const text = (await s.messages()).at(-1)!.message!.text.split('\n')[0];
    expect(text).toBe(
      `🚨 ${record.ref}: nadie ha atendido el incumplimiento de primera respuesta desde lun 23 nov 11:00 (escalado, nivel 1)`,
    );
    expect(s.fired(await s.sweepAt('2026-11-23T18:30:00Z'))).toEqual([]);
  });

  it('"I\'m on it" takes the breach: no escalation, and the manager channel hears who took it', async () => {
    const ana = await desk();
    const record = await s.open('itbx', ana, { priority: 'alta' });
    await s.sweepAt('2026-11-23T16:00:00Z');
    s.p.clock.set(new Date('2026-11-23T16:10:00Z'));
    const taken = s.p.ok(
      await acknowledgeBreach({ deps: s.p.deps, caller: s.caller('itbx', ana), ref: { number: record.number } }),
    );
    expect(taken).toEqual({ ref: record.ref, acknowledged: 1, agent: 'ana' });
    expect((await s.messages()).at(-1)).toMatchObject({ destination: 'C-MGR', kind: 'message' });
    expect((await s.messages()).at(-1)!.message!.text).toBe(`🙋 ana se encarga de ${record.ref}`);

    const later = await s.sweepAt('2026-11-23T17:00:00Z');
    expect(later.find((timer) => timer.rule === 'sla.escalation')?.outcome).toBe('skipped: acknowledged');
    const again = s.p.ok(
      await acknowledgeBreach({ deps: s.p.deps, caller: s.caller('itbx', ana), ref: { number: record.number } }),
    );
    expect(again.acknowledged).toBe(0);
    expect((await s.events(record.id, 'sla.acknowledged')).length).toBe(1);
  });
});
