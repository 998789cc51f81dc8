import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailSpoolDeliverer } from '../../../adapters/email/email-spool.deliverer.ts';
import { createQueue } from '../../../db/repositories/store.ts';
import { moveCase, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import type { Deliverer, OutboxQueue } from '../../../src/app/outbox/outbox.port.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import { scriptedDeliverer } from '../outbox/outbox-fakes.ts';
import { useSla } from './sla-fixture.ts';

// Issue 19, point 1. Seed 003 (arcoirisapp): "el personal del soporte hace dos (2) intentos de comunicarse, ya sea por
// correo electrónico, tiquete de soporte ó WhatsApp, para contactar al usuario en días hábiles, en el caso de no
// recibir respuesta el tiquete será cerrado automáticamente." A `/case wait` message goes out through the customer's
// channel; an attempt counts only once it went out, one per business day; the auto-close notice says how many and when.
// arcoirisapp's calendar: Monday–Friday 08:00–12:00 and 14:00–17:00 in Bogotá (UTC−5).

describe('contact attempts: messages that went out, on distinct business days', () => {
  const s = useSla('2026-11-27T14:00:00Z'); // Friday 27 November 2026, 09:00 Bogotá
  let spool: string | undefined;
  afterEach(async () => {
    if (spool) await rm(spool, { recursive: true, force: true });
    spool = undefined;
  });

  async function working(tenant: string) {
    const ana = await s.person(tenant, 'ana', { slack: 'U-ANA' });
    await s.bind(tenant, 'agent', 'soporte', 'C-SOP');
    const record = await s.open(tenant, ana, { priority: tenant === 'arcoirisapp' ? 'normal' : undefined });
    const ref = { number: record.number };
    const caller = s.caller(tenant, ana);
    const active = s.p.policies.policy(tenant)!.lifecycle.states.find((state) => state.kind === 'active')!;
    s.p.ok(await moveCase({ deps: s.p.deps, caller, ref, state: active.id }));
    return { record, ref, caller };
  }
  const wait = (caller: Parameters<typeof waitForCustomer>[0]['caller'], ref: { number: number }, text?: string) =>
    waitForCustomer({ deps: s.p.deps, caller, ref, text });
  const stored = (tenant: string, number: number) =>
    s.p.deps.store.transaction((repos) => repos.cases.byNumber(tenant, number));

  it('arcoirisapp: "dos (2) intentos … en días hábiles": two messages the same business day are one attempt, and the auto-close waits for a second business day', async () => {
    const { record, ref, caller } = await working('arcoirisapp');
    s.p.clock.set(new Date('2026-11-27T15:00:00Z')); // Fri 10:00
    const first = s.p.ok(await wait(caller, ref, '¿Nos envía una captura del error?'));
    // The form is arcoirisapp's only channel: the message is recorded on the case, where the customer reads it.
    expect(first.contact).toMatchObject({
      message: 'recorded',
      via: 'form',
      counted: true,
      attempts: 1,
      attempt: { day: '2026-11-27', via: 'form' },
    });
    s.p.clock.set(new Date('2026-11-27T19:30:00Z')); // Fri 14:30: the same business day
    const second = s.p.ok(await wait(caller, ref, '¿Pudo revisar la captura?'));
    expect(second.contact).toMatchObject({ message: 'recorded', counted: false, attempts: 1 });
    expect(second.contactAttempts).toBe(1);
    expect((await s.events(record.id, 'waiting')).at(-1)?.data).toMatchObject({
      text: '¿Pudo revisar la captura?',
      via: 'form',
      customerVisible: true,
      contactAttempt: { day: '2026-11-27', counted: false, attempts: 1 },
    });

    // Never two attempts on one day, so no auto-close that day, nor on Monday: the agent is reminded instead.
    expect(s.rules(await s.sweepAt('2026-11-27T21:59:00Z'))).toEqual([]);
    expect(s.rules(await s.sweepAt('2026-11-30T15:00:00Z'))).toEqual(['contact.reminder:@2']);

    s.p.clock.set(new Date('2026-11-30T16:00:00Z')); // Mon 11:00: the second business day
    expect(s.p.ok(await wait(caller, ref, 'Segundo intento: ¿sigue el error?')).contactAttempts).toBe(2);
    expect(s.rules(await s.sweepAt('2026-12-01T15:59:00Z'))).toEqual([]);
    expect(s.rules(await s.sweepAt('2026-12-01T16:00:00Z'))).toEqual(['auto-close:@2']);

    const closed = await stored('arcoirisapp', record.number);
    expect(closed).toMatchObject({ state: 'cerrado', isOpen: false });
    const notice = (await s.messages(['case.notice'])).at(-1)!;
    expect(notice.payload).toMatchObject({
      to: ['luis@example.test'],
      subject: `[${record.ref}] Caso cerrado por falta de respuesta`,
    });
    // How many attempts and when: the two that counted, not the one sent the same day.
    expect(String((notice.payload as { body: string }).body)).toContain(
      'tras 2 intentos de contacto en días hábiles: vie 27 nov 10:00 y lun 30 nov 11:00.',
    );
    expect((await s.events(record.id, 'automation.auto_closed'))[0]?.data).toMatchObject({
      contactAttempts: 2,
      contactLog: [
        { at: '2026-11-27T15:00:00.000Z', day: '2026-11-27', via: 'form' },
        { at: '2026-11-30T16:00:00.000Z', day: '2026-11-30', via: 'form' },
      ],
    });
  });

  it('arcoirisapp: a message after hours counts on the next business day; a wait without a message counts nothing', async () => {
    const { record, ref, caller } = await working('arcoirisapp');
    s.p.clock.set(new Date('2026-11-27T15:00:00Z'));
    const silent = s.p.ok(await wait(caller, ref));
    expect(silent.contact).toEqual({ message: 'none' });
    expect(silent.contactAttempts).toBe(0);
    // Nothing went out: no reminder, no auto-close, however long the case waits.
    expect(s.rules(await s.sweepAt('2026-12-10T15:00:00Z'))).toEqual([]);

    s.p.clock.set(new Date('2026-12-11T23:00:00Z')); // Fri 11 Dec, 18:00: the office has closed
    const late = s.p.ok(await wait(caller, ref, '¿Nos confirma el usuario afectado?'));
    expect(late.contact).toMatchObject({ counted: true, attempt: { day: '2026-12-14' } }); // Monday
    s.p.clock.set(new Date('2026-12-14T14:00:00Z')); // Mon 09:00: the business day that attempt counts on
    expect(s.p.ok(await wait(caller, ref, '¿Lo tiene?')).contact).toMatchObject({ counted: false });
    expect((await stored('arcoirisapp', record.number))?.contactAttempts).toBe(1);
  });

  it('crosspoint365 (email): the message is an email to the reporter, and the attempt counts when the relay delivers it', async () => {
    // crosspoint365 works from Madrid (UTC+1), Monday–Thursday 9–17, Friday 9–15: Thursday 26 November, 10:00.
    s.p.clock.set(new Date('2026-11-26T09:00:00Z'));
    const { record, ref, caller } = await working('crosspoint365');
    spool = await mkdtemp(join(tmpdir(), 'portero-attempts-'));
    const email = createEmailSpoolDeliverer(spool);
    const relay = (deliverer: Deliverer, queue: OutboxQueue = s.p.queue) =>
      relayOnce({ queue, deliverers: { email: deliverer }, clock: s.p.clock, random: () => 0.5 });
    // The acknowledgement with the case number and the update notices crosspoint365 promises go first: one case's
    // emails to one address keep their order, one a pass.
    let drained: Awaited<ReturnType<typeof relay>>;
    do drained = await relay(email);
    while (drained.delivered > 0);

    const queued = s.p.ok(await wait(caller, ref, '¿Nos envía el registro de errores?'));
    expect(queued.contact).toEqual({ message: 'queued', to: 'luis@example.test' });
    expect(queued.contactAttempts).toBe(0); // not yet: nothing went out
    const [row] = await s.messages(['case.contact_attempt']);
    expect(row).toMatchObject({
      target: 'email',
      destination: 'luis@example.test',
      payload: {
        from: 'soporte@crosspoint365.com',
        to: ['luis@example.test'],
        subject: `[${record.ref}] ${record.title}`,
        body: expect.stringMatching(/\n\n¿Nos envía el registro de errores\?$/),
        caseNumber: record.number,
      },
    });

    // A failed delivery is no attempt.
    expect(await relay(scriptedDeliverer({ ok: false, error: 'SMTP 451' }))).toMatchObject({ retried: 1 });
    expect((await stored('crosspoint365', record.number))?.contactAttempts).toBe(0);

    // Delivered: counted in the transaction that settles the row.
    s.p.clock.set(new Date('2026-11-26T09:10:00Z'));
    expect(await relay(email)).toMatchObject({ delivered: 1 });
    expect(await stored('crosspoint365', record.number)).toMatchObject({
      contactAttempts: 1,
      contactLog: [{ at: '2026-11-26T09:10:00.000Z', day: '2026-11-26', via: 'email' }],
    });
    expect((await s.events(record.id, 'contact_attempt')).map((event) => event.data)).toEqual([
      expect.objectContaining({ counted: true, day: '2026-11-26', attempts: 1, to: 'luis@example.test' }),
    ]);

    // A second email the same day is delivered, but it is not a second attempt.
    s.p.ok(await wait(caller, ref, '¿Lo pudo ver?'));
    s.p.clock.set(new Date('2026-11-26T15:00:00Z'));
    expect(await relay(email)).toMatchObject({ delivered: 1 });
    expect((await stored('crosspoint365', record.number))?.contactAttempts).toBe(1);
    expect((await s.events(record.id, 'contact_attempt')).at(-1)?.data).toMatchObject({
      counted: false,
      reason: 'same_business_day',
    });
  });

  it('the attempt is written with the settlement: when counting it fails, the row is not marked delivered either', async () => {
    const { record, ref, caller } = await working('crosspoint365');
    s.p.ok(await wait(caller, ref, '¿Nos envía el registro de errores?'));
    const broken = createQueue(s.p.t.db, {
      delivered: async () => {
        throw new Error('injected: the attempt could not be written');
      },
    });
    const delivered = scriptedDeliverer({ ok: true });
    await expect(
      relayOnce({ queue: broken, deliverers: { email: delivered }, clock: s.p.clock, random: () => 0.5 }),
    ).rejects.toThrow('injected');
    const rows = await s.p.queue.list({ limit: 10 });
    expect(rows.find((row) => row.kind === 'case.contact_attempt')).toMatchObject({ status: 'pending' });
    expect((await stored('crosspoint365', record.number))?.contactAttempts).toBe(0);
  });
});
