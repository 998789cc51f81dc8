import { cutAtReplyMarker } from './reply-marker.ts';

// What a customer wrote, without the history their mail client quoted below it: Portero's own marker first (it is
// exact), then the attribution lines of the usual clients, a quoted block, and a signature after "-- ".

const ATTRIBUTIONS = [
  // Gmail, Thunderbird, Apple Mail in Spanish and English (the line may wrap before "escribió:" / "wrote:").
  /^\s*El .{1,200}?escribió:\s*$/ms,
  /^\s*On .{1,200}?wrote:\s*$/ms,
  /^\s*-{2,}\s*(Mensaje original|Original Message|Mensaje reenviado|Forwarded message)\s*-{2,}\s*$/im,
  // Outlook's header block: "De: … / Enviado: …" (or From/Sent, or with Fecha/Date).
  /^\s*\*?(De|From):\*? .*\n\s*\*?(Enviado|Sent|Fecha|Date):\*? /im,
  /^_{20,}\s*$/m,
  // Phones sign every message; what follows it is the quoted history.
  /^\s*(Enviado desde mi|Sent from my|Obtener Outlook para|Get Outlook for) .{1,40}$/im,
];

/** The new text of a reply: the quoted history and the signature cut off, trailing blank lines gone. */
export function trimQuotedHistory(text: string): string {
  let body = cutAtReplyMarker(text.replace(/\r\n/g, '\n'));
  for (const pattern of ATTRIBUTIONS) {
    const at = body.search(pattern);
    if (at > 0) body = body.slice(0, at);
  }
  // A block of "> " lines at the end is quoted history without an attribution.
  body = body.replace(/(\n>[^\n]*)+\s*$/, '');
  const signature = body.search(/^-- ?$/m);
  if (signature > 0) body = body.slice(0, signature);
  return body.replace(/[ \t]+$/gm, '').trim();
}
