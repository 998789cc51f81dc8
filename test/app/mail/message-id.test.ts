import { describe, expect, it } from 'vitest';
import { domainOf, isOwnMessageId, mintMessageId } from '../../../src/app/mail/message-id.ts';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

describe('Portero Message-IDs', () => {
  it('gives a retried delivery the same id, and another row another id', () => {
    const id = mintMessageId(SECRET, 'case.reply:abc:3', 'jd-services.eu');
    expect(id).toBe(mintMessageId(SECRET, 'case.reply:abc:3', 'JD-Services.eu'));
    expect(id).not.toBe(mintMessageId(SECRET, 'case.reply:abc:4', 'jd-services.eu'));
    expect(id).toMatch(/^portero\.[0-9a-f]{24}\.[0-9a-f]{16}@jd-services\.eu$/);
  });

  it('recognizes its own ids, with or without brackets, and no forged or foreign one', () => {
    const id = mintMessageId(SECRET, 'case.ack:1', 'oys.com.co');
    expect(isOwnMessageId(SECRET, id)).toBe(true);
    expect(isOwnMessageId(SECRET, `<${id}>`)).toBe(true);
    expect(isOwnMessageId(Buffer.from('another secret of 32 characters!'), id)).toBe(false);
    const forged = id.replace(/\.([0-9a-f]{16})@/, '.0000000000000000@');
    expect(isOwnMessageId(SECRET, forged)).toBe(false);
    expect(isOwnMessageId(SECRET, 'CAF=abc@mail.gmail.com')).toBe(false);
  });

  it('takes the domain of a sender address', () => {
    expect(domainOf('Soporte-A@JD-Services.eu')).toBe('jd-services.eu');
    expect(domainOf('nobody@')).toBe('portero.invalid');
  });
});
