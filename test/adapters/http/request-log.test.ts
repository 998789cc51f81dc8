import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../adapters/http/http-server.ts';
import { errorFields } from '../../../src/app/error-fields.ts';
import { createLogger, withLogFields } from '../../../src/logger.ts';

// Every log line is one JSON object; each line logged while a request is handled names its request id (the caller's
// X-Request-Id, or one made up and sent back); message text, email addresses and secrets are censored.

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('request logs', () => {
  it('a line logged during a request, an awaited one and a failure each carry that request id', async () => {
    const { lines, logger } = capture();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = createHttpApp({
      ready: async () => ({ ok: true, detail: 'test' }),
      wrap: (fields, work) => withLogFields(fields, work),
      onError: (error, path) => logger.error({ ...errorFields(error), path }, 'request failed'),
      routes: {
        '/slow': async (c) => {
          await gate;
          logger.info({ tenant: 'itbx', case: 'ITBX-7' }, 'case moved');
          return c.json({ ok: true });
        },
        '/fast': (c) => {
          logger.info({ tenant: 'jd-services' }, 'fast');
          return c.json({ ok: true });
        },
        '/boom': () => {
          throw new Error('broken');
        },
      },
    });
    // The slow request's line is logged after the fast one has come and gone: each keeps its own id.
    const slow = app.request('/slow', { headers: { 'x-request-id': 'caller-chosen-id-1' } });
    const fast = await app.request('/fast');
    release();
    const slowAnswer = await slow;
    const boom = await app.request('/boom');

    expect(slowAnswer.headers.get('x-request-id')).toBe('caller-chosen-id-1');
    const fastId = fast.headers.get('x-request-id');
    const boomId = boom.headers.get('x-request-id');
    expect(fastId).toMatch(/^[0-9a-f-]{36}$/);
    expect(boomId).not.toBe(fastId);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, app: 'portero', requestId: fastId, tenant: 'jd-services', msg: 'fast' }),
      expect.objectContaining({ requestId: 'caller-chosen-id-1', tenant: 'itbx', case: 'ITBX-7', msg: 'case moved' }),
      expect.objectContaining({ level: 50, requestId: boomId, path: '/boom', msg: 'request failed' }),
    ]);
    // Outside a request, no id.
    logger.info('idle');
    expect(lines.at(-1)).not.toHaveProperty('requestId');
  });

  it('message text, email addresses, payloads and secrets never reach a line, however they are passed', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        tenant: 'itbx',
        text: 'el portal no carga, mi clave es Hunter2!',
        email: 'carlos@acme.example',
        payload: { text: 'Hunter2!' },
        contact: { email: 'carlos@acme.example', text: 'hola' },
        headers: { authorization: 'Bearer xoxb-1234' },
        token: 'xoxb-1234',
      },
      'customer redirected',
    );
    const line = JSON.stringify(lines);
    for (const secret of ['Hunter2', 'carlos@acme.example', 'xoxb-1234', 'hola']) expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({ tenant: 'itbx', email: '[redacted]', msg: 'customer redirected' });
  });
});
