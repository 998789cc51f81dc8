import { describe, expect, it } from 'vitest';
import { fitToTextLimit, fullTextFile } from '../../../src/domain/mail/long-text.ts';

describe('a text fitted to the free-text limit', () => {
  it('keeps a text that fits as it is', () => {
    expect(fitToTextLimit('hola', 'es', 10)).toEqual({ text: 'hola', cut: false });
  });

  it('cuts a longer one at a word end, within the limit, saying the full text is attached (es, en)', () => {
    const text = 'palabra '.repeat(100);
    const es = fitToTextLimit(text, 'es', 100);
    expect(es.cut).toBe(true);
    expect(es.text.length).toBeLessThanOrEqual(100);
    expect(es.text).toMatch(/^(palabra )*palabra\n… \(texto completo adjunto\)$/);
    expect(fitToTextLimit(text, 'en', 100).text).toMatch(/\n… \(full text attached\)$/);
  });

  it('never leaves half of a surrogate pair', () => {
    const fitted = fitToTextLimit('😀'.repeat(100), 'es', 60);
    expect(fitted.text.length).toBeLessThanOrEqual(60);
    expect(fitted.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('keeps the whole text in a UTF-8 file, up to the attachment cap', () => {
    expect(fullTextFile('ñandú', 'es', 100)).toMatchObject({
      name: 'texto-completo.txt',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(Buffer.from(fullTextFile('ñandú', 'en', 100).content).toString('utf8')).toBe('ñandú');
    expect(fullTextFile('abcdef', 'en', 3).content.byteLength).toBe(3);
  });
});
