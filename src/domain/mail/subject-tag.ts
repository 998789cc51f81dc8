// A reply's subject: the prefixes mail clients add (RE:, RV:, AW:, Fwd:, RE[2]:, in any case and repeated), and
// the case tag Portero puts in what it sends (`[JDS-1042]`).

const REPLY_PREFIX = /^\s*((re|rv|aw|sv|fw|fwd|tr|wg|r)(\[\d+\]|\(\d+\))?\s*:\s*)+/i;

/** The subject without reply/forward prefixes. */
export function stripReplyPrefixes(subject: string): string {
  return subject.replace(REPLY_PREFIX, '').trim();
}

/** Whether the subject says it answers or forwards something (RE:, RV:, Fwd: …). */
export function looksLikeReply(subject: string): boolean {
  return REPLY_PREFIX.test(subject);
}

/** The case number of a `[PREFIX-123]` tag of this tenant in the subject, if any. */
export function caseNumberInSubject(subject: string, casePrefix: string): number | undefined {
  const escaped = casePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\[${escaped}-(\\d{1,9})\\]`, 'i').exec(subject);
  return match ? Number(match[1]) : undefined;
}

/** The subject as a case title: no prefixes, no case tag. */
export function titleFromSubject(subject: string): string {
  return stripReplyPrefixes(subject.replace(/\[[A-Z][A-Z0-9]{0,9}-\d{1,9}\]/gi, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}
