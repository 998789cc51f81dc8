import { fold } from '../chat/command-catalog.ts';

// A customer's answer by email to what their case waits for (oys: the estimate's approval, QA, PRD, the closure;
// itbx: the acceptance; arcoirisapp: billable work after the warranty). Only the first line counts, and only when it
// says yes or no and nothing else: "Apruebo", "Sí, apruebo", "RECHAZO.", "No apruebo". A first line that mixes them
// or says more ("Apruebo, pero cambien el informe") is `unclear`: the agent reads it, nothing is recorded.

export type ConfirmationAnswer = 'given' | 'rejected' | 'unclear';

const YES = new Set([
  'apruebo',
  'aprobado',
  'acepto',
  'confirmo',
  'si',
  'approve',
  'approved',
  'accept',
  'confirm',
  'yes',
]);
const NO = new Set(['rechazo', 'rechazado', 'no', 'reject', 'rejected']);
/** Phrases of several words that are one answer. */
const NO_PHRASES = new Set(['no apruebo', 'no acepto', 'no confirmo']);

/** The first line's answer, or undefined when it holds no yes/no word at all (an ordinary message). */
export function readConfirmationReply(text: string): ConfirmationAnswer | undefined {
  const line = text.split('\n').find((candidate) => candidate.trim()) ?? '';
  const words = fold(line)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  if (NO_PHRASES.has(words.join(' '))) return 'rejected';
  const yes = words.filter((word) => YES.has(word)).length;
  const no = words.filter((word) => NO.has(word)).length;
  if (yes + no === 0) return undefined;
  if (yes === words.length) return 'given';
  if (no === words.length) return 'rejected';
  return 'unclear';
}

/** The words a customer is told to answer with, in their language. */
export const ANSWER_WORDS = {
  es: { yes: 'APRUEBO', no: 'RECHAZO', accept: 'ACEPTO' },
  en: { yes: 'APPROVE', no: 'REJECT', accept: 'ACCEPT' },
} as const;
