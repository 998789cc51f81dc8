// How chat text is read by triage and language detection: case and accents do not matter ("Caído", "caido"),
// customers type without them, and emoji are kept apart from words.

/** Lower case, accents removed (ñ → n), curly quotes straightened, spaces collapsed. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’´`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a normalized text: letters and digits, apostrophes inside words kept ("can't", "don't"). */
export function wordsOf(normalized: string): string[] {
  return normalized.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

/** True when the text has no letters or digits at all: emoji, punctuation, emoticons like ":)". */
export function hasNoWords(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}

const phrasePatterns = new Map<string, RegExp>();

/** A regex matching `phrase` as whole words; compiled once per phrase (the word lists are fixed). */
export function phrasePattern(phrase: string, flags = 'u'): RegExp {
  const key = `${flags}:${phrase}`;
  let pattern = phrasePatterns.get(key);
  if (!pattern) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, flags);
    phrasePatterns.set(key, pattern);
  }
  return pattern;
}

/** Whether `phrase` (normalized, words separated by single spaces) occurs as whole words in `normalized` text. */
export function containsPhrase(normalized: string, phrase: string): boolean {
  return phrasePattern(phrase).test(normalized);
}

/** "hola, buenos dias,\n  que tal" → ["hola", "buenos dias", "que tal"]: word lists written as comma-separated text. */
export function phraseList(text: string): readonly string[] {
  return text
    .split(',')
    .map((phrase) => phrase.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}
