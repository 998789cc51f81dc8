import { describe, expect, it } from 'vitest';
import { insertOpenCases } from './bulk-cases.ts';
import { useSla } from './sla-fixture.ts';

// The bulk seeding of the replica test and the alert bench must write what openCase writes, or they prove nothing.

describe('bulk-opened cases', () => {
  const s = useSla();

  it('have the clocks and the timers openCase gives the same case at the same instant', async () => {
    const ana = await s.person('jd-services', 'ana');
    const opened = await s.open('jd-services', ana, { priority: 'A' });
    const [bulk] = await insertOpenCases(s.p.t.db, s.p.policies, {
      tenantId: 'jd-services',
      customerId: opened.customerId,
      reporterId: opened.reporterId,
      priority: 'A',
      count: 1,
      openedAt: () => opened.openedAt,
      now: s.p.clock.now(),
    });
    expect(bulk).toMatchObject({ ref: 'JDS-2', isOpen: true, state: opened.state, priority: 'A', sla: opened.sla });
    expect(bulk!.nextDueAt).toEqual(opened.nextDueAt);
    const timers = (caseId: string) =>
      s.p.deps.store
        .transaction((repos) => repos.sla.pending('jd-services', caseId))
        .then((list) =>
          list.map(({ rule, target, threshold, cycle, fireAt, changesCase }) => ({
            rule,
            target,
            threshold,
            cycle,
            fireAt,
            changesCase,
          })),
        );
    const expected = await timers(opened.id);
    expect(expected.length).toBeGreaterThan(3);
    expect(await timers(bulk!.id)).toEqual(expected);
  });
});
