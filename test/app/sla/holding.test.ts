import { describe, expect, it } from 'vitest';
import { useSla } from './sla-fixture.ts';

// jd-services holds non-critical alerts to a person until that person's working hours (its business week, read in
// the person's own zone); critical (A) alerts go at once, and channels never wait. A runs on the 24x7 calendar
// (first response 1 h); B on Monday–Friday 09:00–18:00 Madrid (first response 4 h).
// Monday 23 November 2026, 09:00 in Madrid is 08:00Z; 09:00 in Bogotá is 14:00Z.

describe('holding non-critical alerts until the recipient works', () => {
  const s = useSla('2026-11-23T08:00:00Z');

  async function desk() {
    const ana = await s.person('jd-services', 'ana', { timezone: 'America/Bogota', slack: 'U-ANA' });
    await s.person('jd-services', 'marta', { role: 'manager', timezone: 'America/Bogota', slack: 'U-MARTA' });
    await s.bind('jd-services', 'manager', 'soporte-gerencia', 'C-MGR');
    return ana;
  }

  it('a B breach reaches the manager channel at once and the manager in Bogotá at 09:00 her time', async () => {
    const ana = await desk();
    await s.open('jd-services', ana, { priority: 'B' });
    const fired = await s.sweepAt('2026-11-23T12:00:00Z'); // 13:00 Madrid, 07:00 Bogotá
    const breach = fired.find((timer) => timer.rule === 'sla.breach')!;
    expect(breach.deliveries).toEqual([
      { target: 'slack', destination: 'U-MARTA', kind: 'message', notBefore: '2026-11-23T14:00:00.000Z' },
      { target: 'slack', destination: 'C-MGR', kind: 'message' },
    ]);
    const audit = await s.events(breach.caseId, 'sla.breach');
    expect(audit[0]!.data.held).toEqual(['slack:U-MARTA (marta) until 2026-11-23T14:00:00.000Z']);
  });

  it("a B warning to its engineer waits for the engineer's morning", async () => {
    const ana = await desk();
    const record = await s.open('jd-services', ana, { priority: 'B' });
    await s.take('jd-services', ana, record.number);
    const fired = await s.sweepAt('2026-11-23T11:00:00Z'); // 75 % of 4 h; 06:00 in Bogotá
    expect(fired.find((timer) => timer.rule === 'sla.warning')!.deliveries).toEqual([
      { target: 'slack', destination: 'U-ANA', kind: 'message', notBefore: '2026-11-23T14:00:00.000Z' },
    ]);
  });

  it('an A case on Saturday night: warning and breach reach people at once, on the 24x7 calendar', async () => {
    const ana = await desk();
    s.p.clock.set(new Date('2026-11-28T02:00:00Z')); // Saturday 03:00 Madrid
    const record = await s.open('jd-services', ana, { priority: 'A' });
    await s.take('jd-services', ana, record.number);
    const warned = await s.sweepAt('2026-11-28T02:45:00Z');
    expect(warned.find((timer) => timer.rule === 'sla.warning')!.deliveries).toEqual([
      { target: 'slack', destination: 'U-ANA', kind: 'message' },
    ]);
    const breached = await s.sweepAt('2026-11-28T03:00:00Z');
    expect(breached.find((timer) => timer.rule === 'sla.breach')!.deliveries).toEqual([
      { target: 'slack', destination: 'U-MARTA', kind: 'message' },
      { target: 'slack', destination: 'C-MGR', kind: 'message' },
    ]);
  });

  it('managers named only in the policy are alerted by email; with no one else, the case channel hears the breach', async () => {
    // arcoirisapp names "Gerencia iDinámica <gerencia@idinamica.co>" and no manager is registered as an agent.
    const ana = await s.person('arcoirisapp', 'ana');
    await s.bind('arcoirisapp', 'agent', 'soporte-critico', 'C-ARCO');
    s.p.clock.set(new Date('2026-11-23T13:00:00Z')); // Monday 08:00 Bogotá
    await s.open('arcoirisapp', ana, { priority: 'critica' });
    const breached = await s.sweepAt('2026-11-23T17:00:00Z'); // first response 4 h (08–12)
    expect(breached.find((timer) => timer.rule === 'sla.breach')!.deliveries).toEqual([
      { target: 'email', destination: 'gerencia@idinamica.co', kind: 'message' },
    ]);
    const mail = (await s.messages()).find((m) => m.target === 'email')!;
    expect(mail.payload).toMatchObject({
      to: 'gerencia@idinamica.co',
      subject: expect.stringMatching(/^\[ARCO-1\] 🚨/),
    });

    const itbxAgent = await s.person('itbx', 'eva');
    await s.bind('itbx', 'agent', 'soporte', 'C-ITBX');
    s.p.clock.set(new Date('2026-11-23T15:00:00Z'));
    await s.open('itbx', itbxAgent, { priority: 'media' });
    const itbxBreach = await s.sweepAt('2026-11-23T19:00:00Z'); // media: 4 h
    expect(itbxBreach.find((timer) => timer.rule === 'sla.breach' && timer.tenantId === 'itbx')!.deliveries).toEqual([
      { target: 'slack', destination: 'C-ITBX', kind: 'message' },
    ]);
  });
});
