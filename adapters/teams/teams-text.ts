import type { Activity } from 'botbuilder';

// Teams renders Adaptive Card TextBlocks and facts, and markdown messages, as markdown: a case title
// `[Reset](https://evil.example)` would show a link and `**x**` bold. People's text is escaped with CommonMark's
// backslash escapes, which show the character itself: anywhere for the characters that open inline markup
// (emphasis, code, links, autolinks and HTML), and at the start of a line for what would make it a heading, a list
// or a rule.

const INLINE = /[\\`*_~[\]<>]/g;
const LINE_START = /^([ \t]*)(?:([#=+-])|(\d+)([.)])(?=[ \t]|$))/gm;

/** `text` as markdown that shows exactly `text`. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (char) => `\\${char}`)
    .replace(LINE_START, (_, indent: string, marker?: string, number?: string, dot?: string) =>
      marker ? `${indent}\\${marker}` : `${indent}${number}\\${dot}`,
    );
}

/**
 * A text message that shows `text` as written. Declared markdown and escaped, rather than `plain`, so that it reads
 * the same on every Teams client; each line is a paragraph (markdown joins single line breaks).
 */
export function textMessage(text: string): Partial<Activity> {
  return { type: 'message', text: escapeMarkdown(text).split('\n').join('\n\n'), textFormat: 'markdown' };
}
