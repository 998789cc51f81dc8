import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpDeliverer, type SmtpDeliverer } from '../../../adapters/email/smtp.deliverer.ts';
import type { EmailPayload } from '../../../src/app/mail/customer-mail.ts';
import type { SmtpSettings } from '../../../src/app/mail/smtp-settings.ts';
import type { OutboxRow } from '../../../src/app/store.port.ts';
import { type SmtpSink, startSmtpSink } from '../../helpers/smtp-sink.ts';

const FROM = 'soporte-a@jd-services.eu';

function emailRow(payload: Partial<EmailPayload> = {}, overrides: Partial<OutboxRow> = {}): OutboxRow {
  const email: EmailPayload = {
    from: FROM,
    to: ['ana@acme.example'],
    cc: ['luis@acme.example'],
    subject: '[JDS-7] La factura no carga',
    body: '--- Responda por encima de esta línea ---\n\nYa está resuelto.',
    messageId: 'portero.0123456789abcdef01234567.0123456789abcdef@jd-services.eu',
    inReplyTo: 'CAF=abc@mail.acme.example',
    references: ['CAF=abc@mail.acme.example'],
    automatic: false,
    ...payload,
  };
  return {
    id: 1,
    tenantId: 'jd-services',
    caseId: '00000000-0000-4000-8000-0000000000c1',
    target: 'email',
    destination: email.to.join(', '),
    kind: 'case.reply',
    payload: { ...email },
    dedupKey: 'case.reply:c1:1',
    status: 'pending',
    attempts: 1,
    nextAttemptAt: new Date('2026-11-23T15:00:00Z'),
    lastError: null,
    createdAt: new Date('2026-11-23T15:00:00Z'),
    deliveredAt: null,
    ...overrides,
  };
}

let sink: SmtpSink;
let deliverer: SmtpDeliverer;
const through = (settings: () => SmtpSettings | undefined) => createSmtpDeliverer(async () => settings());

beforeEach(async () => {
  sink = await startSmtpSink({
    accounts: { 'soporte-a@jd-services.eu': { password: 'pw-a', accessToken: 'token-1' } },
  });
});
afterEach(async () => {
  deliverer?.close();
  await sink.close();
});

describe('SMTP deliverer', () => {
  it('sends the payload with its Message-ID, threaded to the customer, to the reporter and the followers', async () => {
    deliverer = through(() => sink.settings({ user: FROM, password: 'pw-a' }));
    expect(await deliverer.deliver(emailRow())).toMatchObject({ ok: true, refused: [] });

    const [sent] = sink.messages;
    expect(sent!.envelope).toEqual({ from: FROM, to: ['ana@acme.example', 'luis@acme.example'] });
    expect(sent!.auth).toEqual({ user: FROM, method: 'PLAIN' });
    expect(sent!.mail.messageId).toBe('<portero.0123456789abcdef01234567.0123456789abcdef@jd-services.eu>');
    expect(sent!.mail.inReplyTo).toBe('<CAF=abc@mail.acme.example>');
    expect(sent!.mail.references).toBe('<CAF=abc@mail.acme.example>');
    expect(sent!.mail.subject).toBe('[JDS-7] La factura no carga');
    expect(sent!.mail.text).toContain('Ya está resuelto.');
    expect(sent!.mail.headers.has('auto-submitted')).toBe(false);
  });

  it('marks an automatic message so that no robot answers it', async () => {
    deliverer = through(() => sink.settings({ user: FROM, password: 'pw-a' }));
    await deliverer.deliver(emailRow({ automatic: true }));
    const { headers } = sink.messages[0]!.mail;
    expect(headers.get('auto-submitted')).toBe('auto-replied');
    expect(headers.get('x-auto-response-suppress')).toBe('All');
    expect(headers.get('precedence')).toBe('auto_reply');
  });

  it('logs in with an OAuth2 access token (XOAUTH2), and takes a refreshed token on the next delivery', async () => {
    let token = 'token-1';
    deliverer = through(() => sink.settings({ user: FROM, accessToken: token }));
    expect(await deliverer.deliver(emailRow())).toMatchObject({ ok: true, refused: [] });
    expect(sink.messages[0]!.auth).toEqual({ user: FROM, method: 'XOAUTH2' });

    token = 'token-2'; // the operator's tooling refreshed it; the old pool is closed
    expect(await deliverer.deliver(emailRow())).toMatchObject({ ok: false, permanent: true });
  });

  it('retries a 4xx answer, and the retried delivery carries the same Message-ID', async () => {
    deliverer = through(() => sink.settings());
    sink.failNext(451);
    const first = await deliverer.deliver(emailRow());
    expect(first).toEqual({ ok: false, error: expect.stringContaining('451') });
    expect(first).not.toHaveProperty('permanent');

    expect(await deliverer.deliver(emailRow({}, { attempts: 2 }))).toMatchObject({ ok: true, refused: [] });
    expect(sink.messages.map((m) => m.mail.messageId)).toEqual([
      '<portero.0123456789abcdef01234567.0123456789abcdef@jd-services.eu>',
    ]);
  });

  it('gives up at once on a 5xx answer and on refused credentials', async () => {
    deliverer = through(() => sink.settings());
    sink.failNext(550);
    expect(await deliverer.deliver(emailRow())).toEqual({
      ok: false,
      permanent: true,
      error: expect.stringContaining('550'),
    });
    deliverer.close();
    deliverer = through(() => sink.settings({ user: FROM, password: 'wrong' }));
    const refused = await deliverer.deliver(emailRow());
    expect(refused).toEqual({ ok: false, permanent: true, error: expect.stringContaining('535') });
    expect(JSON.stringify(refused)).not.toContain('wrong');
    expect(sink.messages).toEqual([]);
  });

  it('retries when the server cannot be reached', async () => {
    const port = sink.port;
    await sink.close();
    deliverer = through(() => ({ host: '127.0.0.1', port, secure: false }));
    const result = await deliverer.deliver(emailRow());
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNECTION|ECONNREFUSED/) });
    expect(result).not.toHaveProperty('permanent');
    sink = await startSmtpSink(); // for afterEach
  });

  it('dead-letters a sender with no mailbox, saying how to add one', async () => {
    deliverer = through(() => undefined);
    expect(await deliverer.deliver(emailRow())).toEqual({
      ok: false,
      permanent: true,
      error: `no mailbox sends from ${FROM}: portero mailbox add ${FROM} --tenant jd-services --imap imaps://… --smtp smtps://…`,
    });
  });

  it('lets no line break in a subject or an address add a header or a recipient', async () => {
    deliverer = through(() => sink.settings());
    const subject = '[JDS-7] Hola\r\nBcc: everyone@evil.example\r\nX-Injected: yes';
    expect(await deliverer.deliver(emailRow({ subject }))).toMatchObject({ ok: true, refused: [] });
    const [sent] = sink.messages;
    expect(sent!.envelope.to).toEqual(['ana@acme.example', 'luis@acme.example']);
    expect(sent!.mail.headers.has('x-injected')).toBe(false);
    expect(sent!.mail.bcc).toBeUndefined();
    expect(sent!.raw.split('\r\n\r\n')[0]).not.toMatch(/^(Bcc|X-Injected):/im);

    for (const payload of [
      { to: ['ana@acme.example\r\nBcc: everyone@evil.example'] },
      { cc: ['luis@acme.example, everyone@evil.example'] },
      { from: 'Soporte <soporte-a@jd-services.eu>' },
      { inReplyTo: 'abc@x>\r\nBcc: everyone@evil.example' },
    ]) {
      expect(await deliverer.deliver(emailRow(payload))).toMatchObject({ ok: false, permanent: true });
    }
    expect(sink.messages).toHaveLength(1);
  });
});
