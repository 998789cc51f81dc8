// The line above which a customer writes their reply: what is below it is the quoted history, cut on intake.

const MARKERS = {
  es: '##- Responda por encima de esta línea -##',
  en: '##- Reply above this line -##',
} as const;

export function replyMarker(language: 'es' | 'en'): string {
  return MARKERS[language];
}

/** The text above Portero's marker (in either language, however a mail client re-quoted it), or all of it. */
export function cutAtReplyMarker(text: string): string {
  const at = text.search(/^[>\s]*##- (Responda por encima de esta línea|Reply above this line) -##/m);
  return at === -1 ? text : text.slice(0, at);
}
