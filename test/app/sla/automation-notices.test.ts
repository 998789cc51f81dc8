import { describe, expect, it } from 'vitest';
import { waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { AUTOMATIC_MAILS_PER_HOUR } from '../../../src/app/mail/customer-mail.ts';
import { useSla } from './sla-fixture.ts';

// An automation's notice to the customer is a customer email like any other: the followers in Cc, threaded, with the
// auto-reply headers, and under the hourly cap of automatic mail.

describe('automation notices to the customer', () => {
  const s = useSla('2026-11-23T08:00:00Z'); // Monday 09:00 Madrid

  /** jd-services: a B case waiting 18 business hours drops to C and the customer is told (automation-jd-crosspoint). */
  async function deprioritized(beforeSweep?: () => Promise<void>) {
    const ana = await s.person('jd-services', 'ana');
    await s.p.customer('jd-services', 'acme');
    await s.p.contact('jd-services', 'acme', 'luis');
    const marta = await s.p.contact('jd-services', 'acme', 'marta');
    const record = await s.open('jd-services', ana, { priority: 'B', reporter: 'luis', followers: [marta.id] });
    s.p.clock.set(new Date('2026-11-23T09:00:00Z'));
    const caller = s.caller('jd-services', ana);
    s.p.ok(await waitForCustomer({ deps: s.p.deps, caller, ref: { number: record.number }, text: '¿El error?' }));
    await beforeSweep?.();
    expect(s.rules(await s.sweepAt('2026-11-25T09:00:00Z'))).toEqual(['deprioritize:']);
    return record;
  }

  it('goes to the reporter with the followers in Cc, automatic, threaded, tagged', async () => {
    const record = await deprioritized();
    const [notice] = await s.messages(['case.notice']);
    expect(notice?.payload).toMatchObject({
      from: 'soporte-b@jd-services.eu',
      to: ['luis@example.test'],
      cc: ['marta@example.test'],
      automatic: true,
      subject: expect.stringMatching(new RegExp(`^\\[${record.ref}\\] `)),
      messageId: expect.stringMatching(/^portero\./),
    });
    const audit = await s.events(record.id, 'automation.deprioritized');
    expect(audit[0]!.data).toMatchObject({ customer: ['luis@example.test', 'marta@example.test'] });
  });

  it('leaves out a recipient who had their automatic emails for the hour (a follower stands in)', async () => {
    const record = await deprioritized(() =>
      s.p.deps.store.transaction(async (repos) => {
        for (let i = 0; i < AUTOMATIC_MAILS_PER_HOUR; i += 1)
          await repos.automaticMails.record(
            'jd-services',
            ['luis@example.test'],
            new Date('2026-11-25T08:30:00Z'),
            `flood:${i}`,
          );
      }),
    );
    const [notice] = await s.messages(['case.notice']);
    expect(notice?.payload).toMatchObject({ to: ['marta@example.test'], cc: [] });
    const audit = await s.events(record.id, 'automation.deprioritized');
    expect(audit[0]!.data).toMatchObject({ customer: ['marta@example.test'] });
  });
});
