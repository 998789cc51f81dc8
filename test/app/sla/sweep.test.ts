import { count, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, outbox, slaTimers } from '../../../db/schema/index.ts';
import type { FiredTimer } from '../../../src/app/sla/fire-timer.ts';
import { startSlaMonitor } from '../../../src/app/sla/sla-monitor.ts';
import { sweepSla } from '../../../src/app/sla/sla-sweep.ts';
import type { TimerRule } from '../../../src/domain/sla/sla-timer.types.ts';
import { useSla } from './sla-fixture.ts';

// The sweep itself: a dry run changes nothing, concurrent sweeps share the work without firing anything twice, a
// broken timer does not hold the others back, and the monitor loop fires what comes due.

describe('sweeping due timers', () => {
  const s = useSla(); // Monday 23 November 2026, 10:00 Bogotá

  async function cases(n: number) {
    const ana = await s.person('itbx', 'ana', { slack: 'U-ANA' });
    await s.bind('itbx', 'agent', 'soporte-critico', 'C-CRIT');
    for (let i = 0; i < n; i++) await s.open('itbx', ana, { priority: 'alta', title: `Caso ${i}` });
  }
  const table = async (t: typeof outbox | typeof caseEvents) => (await s.p.t.db.select({ n: count() }).from(t))[0]!.n;

  it('a dry run shows what is due and what it would send, and leaves everything as it was', async () => {
    await cases(2);
    const before = { outbox: await table(outbox), events: await table(caseEvents) };
    const shown = await s.sweepAt('2026-11-23T15:45:00Z', { dryRun: true });
    expect(s.rules(shown).sort()).toEqual([
      'assign.nudge:',
      'assign.nudge:',
      'sla.warning:firstResponse@0.75',
      'sla.warning:firstResponse@0.75',
    ]);
    expect(shown.find((t) => t.rule === 'sla.warning')!.deliveries).toEqual([
      { target: 'slack', destination: 'C-CRIT', kind: 'message' },
    ]);
    expect({ outbox: await table(outbox), events: await table(caseEvents) }).toEqual(before);
    // The real pass fires the same timers.
    expect(s.rules(await s.sweepAt('2026-11-23T15:45:00Z')).sort()).toEqual(s.rules(shown).sort());
  });

  it('three sweeps at once fire every due timer exactly once', async () => {
    await cases(12);
    s.p.clock.set(new Date('2026-11-23T16:00:00Z'));
    const passes = await Promise.all([1, 2, 3].map(() => sweepSla(s.p.deps, { batchSize: 5 })));
    const fired = passes.flat().filter((timer) => timer.outcome === 'fired');
    // Per case: the assignment nudge, the warning and the breach of the first response.
    expect(fired).toHaveLength(36);
    expect(new Set(fired.map((timer) => timer.timerId)).size).toBe(36);
    const messages = await s.p.t.db.select({ key: outbox.dedupKey }).from(outbox).where(eq(outbox.kind, 'message'));
    expect(messages).toHaveLength(36);
    expect(s.fired(await sweepSla(s.p.deps))).toEqual([]);
  });

  it('a timer that cannot fire is marked failed and logged with its case number; the others in its batch still fire', async () => {
    await cases(1);
    const [record] = await s.p.t.db.select().from(slaTimers).limit(1);
    await s.p.deps.store.transaction((repos) =>
      repos.sla.add('itbx', record!.caseId, [
        {
          rule: 'no-such-rule' as TimerRule,
          target: '',
          threshold: '',
          cycle: 'x',
          fireAt: Date.parse('2026-11-23T15:01:00Z'),
          changesCase: false,
        },
      ]),
    );
    const logged: { event: string; fields: Record<string, unknown> }[] = [];
    s.p.clock.set(new Date('2026-11-23T15:45:00Z'));
    const fired = await sweepSla({ ...s.p.deps, log: (event, fields) => logged.push({ event, fields }) });
    expect(s.rules(fired).sort()).toEqual(['assign.nudge:', 'sla.warning:firstResponse@0.75']);
    const [broken] = await s.p.t.db.select().from(slaTimers).where(eq(slaTimers.rule, 'no-such-rule'));
    expect(broken!.outcome).toMatch(/^failed: /);
    expect(broken!.firedAt).not.toBeNull();
    // Once in its batch, once alone: each line names the tenant, the case's number and the timer, never a message.
    expect(logged.map((line) => line.event)).toEqual(['sla.fire_failed', 'sla.fire_failed']);
    for (const { fields } of logged) {
      expect(fields).toMatchObject({ tenant: 'itbx', case: 'ITBX-1', timer: broken!.id, rule: 'no-such-rule' });
      expect(fields.error).toMatch(/^[A-Za-z]*Error$/);
      expect(JSON.stringify(fields)).not.toContain('Caso 0');
    }
  });

  it('the monitor fires what is due and tells the relay', async () => {
    await cases(1);
    s.p.clock.set(new Date('2026-11-23T15:45:00Z'));
    let monitor: ReturnType<typeof startSlaMonitor> | undefined;
    const fired = await new Promise<FiredTimer[]>((resolve) => {
      monitor = startSlaMonitor(s.p.deps, { maxSleepMs: 50, onFired: resolve });
    });
    await monitor!.stop();
    expect(s.rules(fired).sort()).toEqual(['assign.nudge:', 'sla.warning:firstResponse@0.75']);
    const pending = await s.p.t.db.select({ n: count() }).from(slaTimers).where(isNull(slaTimers.firedAt));
    expect(pending[0]!.n).toBeGreaterThan(0); // the breach and the resolution timers are still ahead
  });
});
