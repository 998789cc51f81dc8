import { fold, SUBCOMMAND_WORDS } from './command-catalog.ts';

// "Did you mean…" for a mistyped subcommand. Typos in chat are mostly one slip of the finger (a swapped pair, a missing
// or doubled letter), so two edits is the limit; beyond that a guess is noise. A word that starts, or is started by, a
// subcommand (`esc`, `showing`) is a clear intent too, when it points at one subcommand only.

const MAX_DISTANCE = 2;
const MIN_PREFIX = 2;

/** Damerau–Levenshtein distance (optimal string alignment: each substring is edited at most once). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The subcommand word (canonical or alias, as the agent would type it) nearest to `typed`, if any is close. */
export function suggestSubcommand(typed: string): string | undefined {
  const word = fold(typed.trim());
  if (word === '') return undefined;

  let best: { word: string; distance: number } | undefined;
  for (const entry of SUBCOMMAND_WORDS) {
    const distance = editDistance(word, entry.word);
    // Canonical names come first in SUBCOMMAND_WORDS, so on a tie they stay.
    // A guess must keep at least one letter of what was typed: `re` is not a typo of `new`.
    const close = distance <= MAX_DISTANCE && distance < word.length;
    if (close && (best === undefined || distance < best.distance)) {
      best = { word: entry.word, distance };
    }
  }
  if (best) return best.word;

  const prefixed = SUBCOMMAND_WORDS.filter(
    (entry) =>
      (word.length >= MIN_PREFIX && entry.word.startsWith(word)) ||
      (entry.word.length >= 3 && word.startsWith(entry.word)),
  );
  const names = new Set(prefixed.map((entry) => entry.name));
  return names.size === 1 ? prefixed[0]?.word : undefined;
}
