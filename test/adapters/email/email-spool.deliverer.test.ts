import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailSpoolDeliverer } from '../../../adapters/email/email-spool.deliverer.ts';
import type { OutboxRow } from '../../../src/app/store.port.ts';
import { parseMail } from '../../helpers/parse-mail.ts';

function reply(overrides: Partial<OutboxRow> = {}, payload: Record<string, unknown> = {}): OutboxRow {
  return {
    id: 1,
    tenantId: 'itbx',
    caseId: '00000000-0000-4000-8000-00000000000a',
    target: 'email',
    destination: 'ana@cliente.example',
    kind: 'case.reply',
    payload: {
      from: 'soporte@itbx.example',
      to: 'ana@cliente.example',
      subject: '[ITBX-1] Portal down',
      body: 'Hello Ana,\nwe are on it.',
      ...payload,
    },
    dedupKey: 'case.reply:abc:2',
    status: 'pending',
    attempts: 1,
    nextAttemptAt: new Date('2026-11-23T15:00:00Z'),
    lastError: null,
    createdAt: new Date('2026-11-23T15:00:00Z'),
    deliveredAt: null,
    ...overrides,
  };
}

let dir: string;
const files = () => readdirSync(dir).filter((name) => !name.startsWith('.'));
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'portero-mail-')), 'spool');
});
afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('email spool deliverer', () => {
  it('publishes nothing once the relay has aborted the delivery (its timeout ran out: the row will be retried)', async () => {
    const deliverer = createEmailSpoolDeliverer(dir);
    const abort = new AbortController();
    abort.abort(new Error('no answer within 10000 ms (delivery timeout)'));

    await expect(deliverer.deliver(reply(), abort.signal)).rejects.toThrow();
    expect(files()).toEqual([]);
    expect(await deliverer.deliver(reply(), new AbortController().signal)).toEqual({ ok: true });
    expect(files()).toHaveLength(1);
  });

  it('writes one RFC 5322 message per dedup key: a retried delivery is the same file, another key another file', async () => {
    const deliverer = createEmailSpoolDeliverer(dir);
    expect(await deliverer.deliver(reply())).toEqual({ ok: true });
    expect(await deliverer.deliver(reply({ attempts: 2 }))).toEqual({ ok: true });
    expect(files()).toHaveLength(1);

    await deliverer.deliver(reply({ dedupKey: 'case.reply:abc:3' }, { body: 'Fixed.' }));
    expect(files()).toHaveLength(2);
    expect(files().every((name) => name.endsWith('.eml'))).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('has the required fields, CRLF lines throughout, and the body as written', async () => {
    await createEmailSpoolDeliverer(dir).deliver(reply());
    const [name] = files();
    const message = read(name!);
    const { headers, text } = parseMail(message);

    expect(headers).toMatchObject({
      from: 'soporte@itbx.example',
      to: 'ana@cliente.example',
      subject: '[ITBX-1] Portal down',
      date: 'Mon, 23 Nov 2026 15:00:00 +0000',
      'mime-version': '1.0',
      'content-type': 'text/plain; charset=utf-8',
    });
    expect(headers['message-id']).toMatch(/^<[0-9a-f]+@portero>$/);
    expect(message.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(text).toBe('Hello Ana,\r\nwe are on it.\r\n');
  });

  it('encodes a non-ASCII subject and body so that every header line is ASCII within 78 characters, and they decode back', async () => {
    const subject = '[ITBX-12] Facturación electrónica: el envío a la DIAN falla con año 2026 — urgente ñandú';
    const body = 'Hola Ana:\nya añadimos el año fiscal — gracias.';
    await createEmailSpoolDeliverer(dir).deliver(reply({}, { subject, body }));
    const message = read(files()[0]!);
    const mail = parseMail(message);

    expect(mail.raw.subject).toMatch(/^=\?UTF-8\?[BQ]\?/i);
    expect(mail.headers.subject).toBe(subject);
    expect(mail.raw.subject!.split(' ').every((word) => word.length <= 75)).toBe(true);
    expect(mail.head.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(message).not.toMatch(/[^\x20-\x7e\r\n\t]/);
    expect(mail.text).toBe(`${body.replace('\n', '\r\n')}\r\n`);
  });

  it('refuses permanently, writing nothing, a reply with no recipient or no body', async () => {
    const deliverer = createEmailSpoolDeliverer(dir);
    for (const payload of [{ to: undefined }, { to: [] }]) {
      const result = await deliverer.deliver(reply({}, payload));
      expect(result).toEqual({ ok: false, permanent: true, error: expect.stringContaining('recipient') });
    }
    const result = await deliverer.deliver(reply({}, { body: '' }));
    expect(result).toEqual({ ok: false, permanent: true, error: expect.stringContaining('body') });
    expect(() => readdirSync(dir)).toThrow();
  });

  it('refuses permanently an address that would smuggle in another header line', async () => {
    const deliverer = createEmailSpoolDeliverer(dir);
    const result = await deliverer.deliver(reply({}, { to: 'ana@cliente.example\r\nBcc: everyone@example.test' }));
    expect(result).toEqual({ ok: false, permanent: true, error: expect.stringContaining('address') });
    expect(await deliverer.deliver(reply({}, { from: 'x@y\nBcc: z@w' }))).toMatchObject({ ok: false, permanent: true });
  });
});

describe('email spool deliverer, long lines', () => {
  it('sends a body with a line over 998 octets in a transfer encoding of short lines, and it decodes back', async () => {
    const body = `Log:\n${'x'.repeat(1_500)}\nend`;
    await createEmailSpoolDeliverer(dir).deliver(reply({}, { body }));
    const mail = parseMail(read(files()[0]!));

    expect(['quoted-printable', 'base64']).toContain(mail.headers['content-transfer-encoding']);
    expect(mail.encoded.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(mail.text).toBe(`${body.replaceAll('\n', '\r\n')}\r\n`);
  });
});
