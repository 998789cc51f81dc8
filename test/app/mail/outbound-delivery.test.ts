import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpDeliverer, type SmtpDeliverer } from '../../../adapters/email/smtp.deliverer.ts';
import { replyToCustomer } from '../../../src/app/cases/case-updates.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import type { EmailPayload } from '../../../src/app/mail/customer-mail.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import { testDriver } from '../../helpers/db.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { type SmtpSink, startSmtpSink } from '../../helpers/smtp-sink.ts';
import { outboxRows } from '../cases/case-rows.ts';

// End to end: a case opened by email → its acknowledgement and an agent's reply written to the outbox → the relay →
// the SMTP deliverer → a real SMTP server on 127.0.0.1, which can answer 4xx or 5xx. Only JD Services' B address has
// a mailbox here.

describe(`outbound email through the relay on ${testDriver()}`, () => {
  const p = usePortero();
  let sink: SmtpSink;
  let smtp: SmtpDeliverer;
  beforeEach(async () => {
    sink = await startSmtpSink();
    smtp = createSmtpDeliverer(async (from) => (from === 'soporte-b@jd-services.eu' ? sink.settings() : undefined));
  });
  afterEach(async () => {
    smtp.close();
    await sink.close();
  });
  const relay = () => relayOnce({ queue: p.queue, deliverers: { email: smtp }, clock: p.clock, random: () => 0.5 });

  async function openedByEmail(priority = 'B') {
    const agent = await p.agent('jd-services', 'ana');
    await p.customer('jd-services', 'acme');
    const luis = await p.contact('jd-services', 'acme', 'luis', { email: 'luis@acme.test' });
    const marta = await p.contact('jd-services', 'acme', 'marta', { email: 'marta@acme.test', reporter: false });
    const opened = p.ok(
      await openCase({
        deps: p.deps,
        caller: { ...p.asContact('jd-services', luis), channel: 'email' },
        customer: 'acme',
        title: 'La impresora no imprime',
        priority,
        followers: [marta.id],
        messageId: 'CAF-1@mail.acme.test',
      }),
    );
    return { caller: p.asAgent('jd-services', agent), opened };
  }
  const payloadOf = async (kind: string) =>
    (await outboxRows(p.t.db, 'jd-services')).find((row) => row.kind === kind)!.payload as unknown as EmailPayload;
  const contact = (email: string) =>
    p.deps.store.transaction((repos) => repos.mailIntake.contactByEmail('jd-services', email));
  const caseEvents = (caseId: string) =>
    p.deps.store.transaction((repos) => repos.events.forCase('jd-services', caseId));

  it('delivers the acknowledgement as an automatic reply threaded to the customer’s email', async () => {
    const { opened } = await openedByEmail();
    expect(await relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const [ack] = sink.messages;
    expect(ack!.envelope).toEqual({ from: 'soporte-b@jd-services.eu', to: ['luis@acme.test', 'marta@acme.test'] });
    expect(ack!.mail.subject).toBe(`[${opened.ref}] Caso recibido: La impresora no imprime`);
    expect(ack!.mail.messageId).toBe(`<${(await payloadOf('case.ack')).messageId}>`);
    expect(ack!.mail.inReplyTo).toBe('<CAF-1@mail.acme.test>');
    expect(ack!.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack!.mail.headers.get('x-auto-response-suppress')).toBe('All');
    expect(ack!.mail.headers.get('precedence')).toBe('auto_reply');
    expect(ack!.mail.text).toContain(`abierto el caso ${opened.ref}`);
  });

  it('retries a reply the server answers 451, and the retry carries the same Message-ID', async () => {
    const { caller, opened } = await openedByEmail();
    await relay();
    p.ok(await replyToCustomer({ deps: p.deps, caller, ref: { number: opened.number }, text: 'Reinicie la cola.' }));
    sink.failNext(451);
    expect(await relay()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    p.clock.advance(60_000);
    expect(await relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const replies = sink.messages.filter((m) => m.mail.text?.includes('Reinicie la cola.'));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.mail.messageId).toBe(`<${(await payloadOf('case.reply')).messageId}>`);
    expect(replies[0]!.mail.headers.has('auto-submitted')).toBe(false);
  });

  it('dead-letters a reply the server answers 550, and notes it on the case', async () => {
    const { caller, opened } = await openedByEmail();
    await relay();
    p.ok(await replyToCustomer({ deps: p.deps, caller, ref: { number: opened.number }, text: 'Reinicie la cola.' }));
    sink.failNext(550);
    expect(await relay()).toEqual({ delivered: 0, retried: 0, dead: 1 });
    const note = (await caseEvents(opened.id)).at(-1)!;
    expect(note).toMatchObject({
      type: 'delivery_failed',
      actor: { kind: 'system' },
      data: { kind: 'case.reply', destination: 'luis@acme.test', error: expect.stringContaining('550') },
    });
  });

  it('a partial delivery (one recipient refused) is noted on the case with who was refused, and marks that address bouncing', async () => {
    const { opened } = await openedByEmail();
    sink.refuseRecipient('marta@acme.test');
    expect(await relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(sink.messages[0]!.envelope.to).toEqual(['luis@acme.test']);
    const note = (await caseEvents(opened.id)).find((event) => event.type === 'delivery_partial');
    expect(note).toMatchObject({
      actor: { kind: 'system' },
      data: { kind: 'case.ack', refused: ['marta@acme.test'], accepted: ['luis@acme.test'] },
    });
    expect(String(note!.data.summary)).toContain('marta@acme.test');
    expect((await contact('marta@acme.test'))?.emailBouncingAt).toEqual(p.clock.now());
    expect((await contact('luis@acme.test'))?.emailBouncingAt).toBeNull();
  });

  it('a later delivery the server accepts clears a bouncing address', async () => {
    const { caller, opened } = await openedByEmail();
    await p.deps.store.transaction((repos) =>
      repos.mailIntake.markBouncing('jd-services', 'luis@acme.test', new Date('2026-11-01T00:00:00Z')),
    );
    await relay();
    expect((await contact('luis@acme.test'))?.emailBouncingAt).toBeNull();
    // Refused again on the next reply: marked again, with the time of that delivery.
    sink.refuseRecipient('luis@acme.test');
    p.clock.advance(60_000);
    p.ok(await replyToCustomer({ deps: p.deps, caller, ref: { number: opened.number }, text: 'Pruebe ahora.' }));
    expect(await relay()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect((await contact('luis@acme.test'))?.emailBouncingAt).toEqual(p.clock.now());
  });

  it('dead-letters mail from an address no mailbox sends from, saying how to add one, and notes it on the case', async () => {
    const { opened } = await openedByEmail('A');
    expect(await relay()).toEqual({ delivered: 0, retried: 0, dead: 1 });
    const [dead] = await p.queue.list({ status: 'dead', limit: 1 });
    expect(dead!.lastError).toBe(
      'no mailbox sends from soporte-a@jd-services.eu: portero mailbox add soporte-a@jd-services.eu --tenant jd-services --imap imaps://… --smtp smtps://…',
    );
    expect((await caseEvents(opened.id)).at(-1)).toMatchObject({ type: 'delivery_failed', data: { kind: 'case.ack' } });
    expect(sink.messages).toEqual([]);
  });
});
