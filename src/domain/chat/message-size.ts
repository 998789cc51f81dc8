// Slack and Teams refuse messages past their size limits (Slack: 3,000 characters a text block; Teams: about 28 KB a
// whole activity). A long text is cut with "…" and, for a case, a pointer to the command that shows it whole.

/** `text`, at most `max` characters: cut with "…" and, when the message is about a case, `(case show REF)`. */
export function cutForChat(text: string, max: number, caseRef?: string): string {
  if (text.length <= max) return text;
  const pointer = caseRef ? ` (case show ${caseRef})` : '';
  return `${text.slice(0, Math.max(0, max - pointer.length - 1))}…${pointer}`;
}

/**
 * The notes of a message within `budget` characters in all, each cut to `each`: the first notes (a card's flags,
 * the latest events) are kept, and a last note says that the rest is in `case show`.
 */
export function notesWithin(notes: string[], each: number, budget: number, caseRef?: string): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const note of notes) {
    const cut = cutForChat(note, each, caseRef);
    if (used + cut.length > budget) {
      kept.push(cutForChat(`…${caseRef ? ` (case show ${caseRef})` : ''}`, each));
      break;
    }
    kept.push(cut);
    used += cut.length;
  }
  return kept;
}
