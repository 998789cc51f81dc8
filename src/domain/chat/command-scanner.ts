// Reads a command line word by word, and hands over the rest of the line untouched when an argument is free text:
// a note keeps its line breaks and spacing exactly as the agent typed them.

export interface ScannedWord {
  /** The word without its quotes. */
  value: string;
  /** The word as typed (quotes, mention tags and all). */
  raw: string;
}

export interface CommandScanner {
  /** The next word, or undefined at the end of the line. */
  next(): ScannedWord | undefined;
  /** Everything left, trimmed at both ends only; '' at the end of the line. */
  rest(): string;
  atEnd(): boolean;
}

/** Pairs that make one word of text with spaces: `"Acme Corp"`, `«Acme Corp»`, a Teams mention `<at>Ana Pérez</at>`. */
const ENCLOSURES: readonly { open: string; close: string; keep: boolean }[] = [
  { open: '<at>', close: '</at>', keep: true },
  { open: '"', close: '"', keep: false },
  { open: '“', close: '”', keep: false },
  { open: '«', close: '»', keep: false },
];

const isSpace = (char: string | undefined) => char !== undefined && /\s/u.test(char);

export function scanCommand(input: string): CommandScanner {
  let pos = 0;
  const skipSpace = () => {
    while (isSpace(input[pos])) pos++;
  };
  const wordEnd = (from: number) => {
    let end = from;
    while (end < input.length && !isSpace(input[end])) end++;
    return end;
  };

  return {
    next() {
      skipSpace();
      if (pos >= input.length) return undefined;
      const start = pos;
      for (const { open, close, keep } of ENCLOSURES) {
        if (input.slice(start, start + open.length).toLowerCase() !== open) continue;
        const closeAt = input.toLowerCase().indexOf(close, start + open.length);
        // An enclosure ends the word only where whitespace or the end of the line follows it.
        if (closeAt < 0 || !(closeAt + close.length >= input.length || isSpace(input[closeAt + close.length]))) break;
        pos = closeAt + close.length;
        const raw = input.slice(start, pos);
        return { raw, value: keep ? raw : input.slice(start + open.length, closeAt) };
      }
      pos = wordEnd(start);
      const raw = input.slice(start, pos);
      return { raw, value: raw };
    },
    rest() {
      skipSpace();
      const rest = input.slice(pos).trimEnd();
      pos = input.length;
      return rest;
    },
    atEnd() {
      skipSpace();
      return pos >= input.length;
    },
  };
}
