import { INPUT_LIMITS } from '../input/input-rules.ts';
import type { Locale } from '../policy/localized-text.ts';

// An email longer than the free-text limit is not refused: the case gets the text cut at the limit, saying so, and
// the whole text travels with it as a plain-text file, so nothing the customer wrote is lost.

const WORDS: Record<Locale, { cut: string; file: string }> = {
  es: { cut: '… (texto completo adjunto)', file: 'texto-completo.txt' },
  en: { cut: '… (full text attached)', file: 'full-text.txt' },
};

/** The text as it is when it fits `limit`; else cut to fit, ending with a line that says the full text is attached. */
export function fitToTextLimit(
  text: string,
  locale: Locale,
  limit: number = INPUT_LIMITS.text,
): { text: string; cut: boolean } {
  if (text.length <= limit) return { text, cut: false };
  const { cut } = WORDS[locale];
  // Cut on a whole character (never half of a surrogate pair), at a line or word end when one is near.
  let end = Math.max(0, limit - cut.length - 1);
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  const room = text.slice(0, end);
  const soft = Math.max(room.lastIndexOf('\n'), room.lastIndexOf(' '));
  const head = (soft > 0 && soft > room.length - 200 ? room.slice(0, soft) : room).trimEnd();
  return { text: `${head}\n${cut}`, cut: true };
}

/** The whole text as a plain-text file for the case, at most `maxBytes` (the cap of any one attachment). */
export function fullTextFile(text: string, locale: Locale, maxBytes: number) {
  const content = new TextEncoder().encode(text);
  return {
    name: WORDS[locale].file,
    contentType: 'text/plain; charset=utf-8',
    content: content.byteLength <= maxBytes ? content : content.subarray(0, maxBytes),
  };
}
