// What a message's headers say about who wrote it: a robot (an auto-reply, a list, a bounce) never gets an
// automatic answer, whatever else happens, or two robots answer each other forever (RFC 3834).

/** Header fields by lower-case name, the first value of each, as text. */
export type MailHeaders = Readonly<Record<string, string>>;

export type AutomaticReason =
  | 'auto-submitted'
  | 'precedence'
  | 'x-autoreply'
  | 'x-loop'
  | 'list-id'
  | 'empty-return-path'
  | 'robot-sender'
  | 'own-message';

const ROBOT_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+.-][^@]*)?@/i;

/** Why no automatic reply may go to this message; undefined when a person wrote it. */
export function automaticReason(headers: MailHeaders, sender: string): AutomaticReason | undefined {
  const autoSubmitted = headers['auto-submitted']?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto-submitted';
  if (/^(bulk|list|junk|auto_reply)$/i.test(headers.precedence?.trim() ?? '')) return 'precedence';
  if (headers['x-autoreply'] !== undefined || headers['x-autorespond'] !== undefined) return 'x-autoreply';
  if (headers['x-loop'] !== undefined) return 'x-loop';
  if (headers['list-id'] !== undefined) return 'list-id';
  const returnPath = headers['return-path'];
  if (returnPath !== undefined && /^\s*<?\s*>?\s*$/.test(returnPath)) return 'empty-return-path';
  if (ROBOT_SENDER.test(sender)) return 'robot-sender';
  return undefined;
}

/** A delivery-status report (a bounce): multipart/report; report-type=delivery-status. */
export function isDeliveryReport(contentType: string): boolean {
  return /^\s*multipart\/report\b/i.test(contentType) && /report-type\s*=\s*"?delivery-status/i.test(contentType);
}

const OUT_OF_OFFICE_SUBJECT =
  /^\s*(respuesta autom[aá]tica|automatic reply|auto(matic)?[- ]?reply|out of (the )?office|fuera de (la )?oficina|ausente|ausencia|abwesenheit|r[eé]ponse automatique|absence)\b/i;

/** An out-of-office or vacation reply: said by its headers, or (clients that send none) by its subject. */
export function isOutOfOffice(headers: MailHeaders, subject: string): boolean {
  if (/auto-replied/i.test(headers['auto-submitted'] ?? '')) return true;
  if (headers['x-autoreply'] !== undefined || headers['x-autorespond'] !== undefined) return true;
  if (/^auto_reply$/i.test(headers.precedence?.trim() ?? '')) return true;
  if (/^(OOF|AutoReply)$/i.test(headers['x-ms-exchange-inbox-rules-loop'] ?? '')) return true;
  return OUT_OF_OFFICE_SUBJECT.test(subject);
}

/** An encrypted message: S/MIME (application/pkcs7-mime, not a mere signature) or PGP/MIME (multipart/encrypted). */
export function isEncrypted(contentType: string): boolean {
  if (/^\s*multipart\/encrypted\b/i.test(contentType)) return true;
  return (
    /^\s*application\/(x-)?pkcs7-mime\b/i.test(contentType) && !/smime-type\s*=\s*"?signed-data/i.test(contentType)
  );
}
