import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailSpoolDeliverer } from '../../../adapters/email/email-spool.deliverer.ts';
import type { OutboxRow } from '../../../src/app/store.port.ts';

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

/** The header fields (unfolded, by lower-case name) and the body of an RFC 5322 message. */
function parse(message: string) {
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const headers = Object.fromEntries(
    head
      .split('\r\n')
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 2)]),
  );
  return { headers, body: message.slice(split + 4) };
}

/** RFC 2047 B-encoded words back to text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => `\u0000${b64}\u0000`)
    .split('\u0000')
    .map((part, i) => (i % 2 === 1 ? Buffer.from(part, 'base64') : Buffer.from(part, 'utf8')))
    .reduce((all, bytes) => Buffer.concat([all, bytes]), Buffer.alloc(0))
    .toString('utf8');
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
    const { headers, body } = parse(message);

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
    expect(body).toBe('Hello Ana,\r\nwe are on it.\r\n');
  });

  it('encodes a non-ASCII subject as RFC 2047 words short enough for the line limit, and it decodes back', async () => {
    const subject = '[ITBX-12] Facturación electrónica: el envío a la DIAN falla con año 2026 — urgente ñandú';
    await createEmailSpoolDeliverer(dir).deliver(reply({}, { subject }));
    const message = read(files()[0]!);
    const head = message.slice(0, message.indexOf('\r\n\r\n'));

    const raw = parse(message).headers.subject!;
    expect(raw).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeWords(raw)).toBe(subject);
    expect(raw.split(' ').every((word) => word.length <= 75)).toBe(true);
    expect(head.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(head).not.toMatch(/[^\x20-\x7e\r\n\t]/);
  });

  it('refuses permanently, writing nothing, a reply with no recipient or no body', async () => {
    const deliverer = createEmailSpoolDeliverer(dir);
    for (const payload of [{ to: undefined }, { to: '' }, { body: '' }]) {
      const result = await deliverer.deliver(reply({}, payload));
      expect(result).toEqual({ ok: false, permanent: true, error: expect.stringContaining('recipient') });
    }
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
  it('sends a body with a line over 998 octets base64-encoded in 76-character lines, and it decodes back', async () => {
    const body = `Log:\n${'x'.repeat(1_500)}\nend`;
    await createEmailSpoolDeliverer(dir).deliver(reply({}, { body }));
    const { headers, body: encoded } = parse(read(files()[0]!));

    expect(headers['content-transfer-encoding']).toBe('base64');
    expect(encoded.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(Buffer.from(encoded.replaceAll('\r\n', ''), 'base64').toString('utf8')).toBe(body.replaceAll('\n', '\r\n'));
  });
});
