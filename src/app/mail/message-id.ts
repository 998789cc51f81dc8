import { createHmac, timingSafeEqual } from 'node:crypto';

// Portero's own Message-IDs: derived from the outbox row's dedup key, so a retried delivery sends the same id (the
// receiver drops the duplicate), and signed with the deployment's secret, so that Portero recognizes its own mail
// when it comes back (a loop) and no one can forge an id that passes for one of Portero's.

const SIGNATURE_LENGTH = 16;

/** The Message-ID, without angle brackets, of the email that the outbox row `dedupKey` sends from `domain`. */
export function mintMessageId(secret: Uint8Array, dedupKey: string, domain: string): string {
  const local = `portero.${digest(secret, `id:${dedupKey}`).slice(0, 24)}`;
  return `${local}.${sign(secret, local)}@${domain.toLowerCase()}`;
}

/** Whether a Message-ID (with or without angle brackets) was minted by this deployment. */
export function isOwnMessageId(secret: Uint8Array, messageId: string): boolean {
  const match = /^<?(portero\.[0-9a-f]{24})\.([0-9a-f]+)@[^>\s]+>?$/i.exec(messageId.trim());
  if (!match) return false;
  const expected = Buffer.from(sign(secret, match[1]!.toLowerCase()));
  const given = Buffer.from(match[2]!.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The domain of an address, for the right-hand side of the ids it sends. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase() || 'portero.invalid';
}

const sign = (secret: Uint8Array, local: string) => digest(secret, `sig:${local}`).slice(0, SIGNATURE_LENGTH);
const digest = (secret: Uint8Array, text: string) => createHmac('sha256', secret).update(text).digest('hex');
