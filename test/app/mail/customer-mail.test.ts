import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../../db/schema/index.ts';
import {
  AUTOMATIC_MAILS_PER_HOUR,
  type CustomerEmail,
  queueCustomerEmail,
} from '../../../src/app/mail/customer-mail.ts';
import { isOwnMessageId } from '../../../src/app/mail/message-id.ts';
import { cutAtReplyMarker } from '../../../src/domain/mail/reply-marker.ts';
import { TEST_SIGNING_KEY, usePortero } from '../../helpers/portero-fixture.ts';

const CASE = '00000000-0000-4000-8000-0000000000c1';
const AT = new Date('2026-11-23T15:00:00Z');

describe('an email queued to a customer', () => {
  const p = usePortero();

  it('answers the customer’s last message, tags the subject, signs its id and remembers it on the case', async () => {
    const messageId = await p.deps.store.transaction(async (repos) => {
      await repos.mailMessages.record({
        tenantId: 'jd-services',
        caseId: CASE,
        messageId: 'first@acme.test',
        direction: 'in',
        at: AT,
      });
      await repos.mailMessages.record({
        tenantId: 'jd-services',
        caseId: CASE,
        messageId: 'second@acme.test',
        direction: 'in',
        at: new Date(AT.getTime() + 60_000),
      });
      const queued = await queueCustomerEmail(repos, TEST_SIGNING_KEY, {
        tenantId: 'jd-services',
        caseId: CASE,
        caseRef: 'JDS-7',
        kind: 'case.reply',
        dedupKey: 'case.reply:test:1',
        from: 'soporte-a@jd-services.eu',
        to: ['ana@acme.test'],
        subject: 'La factura no carga',
        body: 'Ya está resuelto.',
        language: 'es',
        at: new Date(AT.getTime() + 120_000),
      });
      return queued.queued ? queued.messageId : '';
    });
    expect(isOwnMessageId(TEST_SIGNING_KEY, messageId)).toBe(true);
    expect(messageId).toMatch(/@jd-services\.eu$/);
    const [row] = await p.t.db.select().from(outbox);
    expect(row).toMatchObject({ target: 'email', destination: 'ana@acme.test', kind: 'case.reply' });
    expect(row!.payload).toMatchObject({
      subject: '[JDS-7] La factura no carga',
      messageId,
      inReplyTo: 'second@acme.test',
      references: ['second@acme.test'],
      automatic: false,
    });
    // The customer's reply is cut at the marker: what they wrote above it stays.
    const quoted = `Gracias!\n\n> ${(row!.payload as { body: string }).body.replace(/\n/g, '\n> ')}`;
    expect(cutAtReplyMarker(quoted).trim()).toBe('Gracias!');
    const found = await p.deps.store.transaction((repos) => repos.mailMessages.caseOf('jd-services', [messageId]));
    expect(found).toBe(CASE);
  });

  it('does not tag a subject twice, and threads nothing for a message about no case', async () => {
    await p.deps.store.transaction((repos) =>
      queueCustomerEmail(repos, TEST_SIGNING_KEY, {
        tenantId: 'jd-services',
        caseId: null,
        kind: 'mail.refused',
        dedupKey: 'mail.refused:test:1',
        from: 'soporte-a@jd-services.eu',
        to: ['info@acme.test'],
        subject: 'RE: [JDS-7] algo',
        body: 'Escriba desde su dirección personal.',
        language: 'es',
        automatic: true,
        at: AT,
      }),
    );
    const [row] = await p.t.db.select().from(outbox);
    expect(row!.payload).toMatchObject({
      subject: 'RE: [JDS-7] algo',
      inReplyTo: null,
      references: [],
      automatic: true,
    });
  });

  describe('the hourly cap on automatic emails (issue 16: "at most a few automatic replies per sender per hour whatever happens")', () => {
    const automatic = (n: number, at: Date, extra: Partial<CustomerEmail> = {}) =>
      p.deps.store.transaction((repos) =>
        queueCustomerEmail(repos, TEST_SIGNING_KEY, {
          tenantId: 'jd-services',
          caseId: null,
          kind: 'mail.refused',
          dedupKey: `mail.refused:cap:${n}`,
          from: 'soporte-a@jd-services.eu',
          to: ['Loop@Robot.test'],
          subject: 'No podemos abrir un caso',
          body: 'Escriba desde su dirección personal.',
          language: 'es',
          automatic: true,
          at,
          ...extra,
        }),
      );
    const destinations = async () =>
      (await p.t.db.select().from(outbox).orderBy(asc(outbox.id))).map((row) => row.destination);

    it('queues no more than the cap to one recipient in an hour, tells the caller who was left out, and sends again an hour later', async () => {
      for (let n = 0; n < AUTOMATIC_MAILS_PER_HOUR; n++) {
        expect(await automatic(n, new Date(AT.getTime() + n * 60_000))).toMatchObject({ queued: true, capped: [] });
      }
      const over = await automatic(99, new Date(AT.getTime() + 30 * 60_000), { to: ['loop@robot.test'] });
      expect(over).toEqual({ queued: false, capped: ['loop@robot.test'] });
      expect(await destinations()).toHaveLength(AUTOMATIC_MAILS_PER_HOUR);

      // A person's own reply is no automatic email: never capped.
      const reply = await automatic(100, new Date(AT.getTime() + 31 * 60_000), {
        automatic: false,
        kind: 'case.reply',
      });
      expect(reply).toMatchObject({ queued: true });
      // An hour after the first one, one is free again.
      expect(await automatic(101, new Date(AT.getTime() + 60 * 60_000))).toMatchObject({ queued: true });
    });

    it('leaves out only the capped recipients; a follower in Cc still gets it', async () => {
      for (let n = 0; n < AUTOMATIC_MAILS_PER_HOUR; n++) await automatic(n, AT);
      const outcome = await automatic(50, AT, { cc: ['luis@acme.test'] });
      expect(outcome).toMatchObject({ queued: true, capped: ['Loop@Robot.test'] });
      const [last] = await p.t.db.select().from(outbox).orderBy(asc(outbox.id)).offset(AUTOMATIC_MAILS_PER_HOUR);
      expect(last).toMatchObject({ destination: 'luis@acme.test', payload: { to: ['luis@acme.test'], cc: [] } });
    });
  });
});
