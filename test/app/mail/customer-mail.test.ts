import { describe, expect, it } from 'vitest';
import { outbox } from '../../../db/schema/index.ts';
import { queueCustomerEmail } from '../../../src/app/mail/customer-mail.ts';
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
      return queueCustomerEmail(repos, TEST_SIGNING_KEY, {
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
});
