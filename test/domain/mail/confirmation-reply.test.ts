import { describe, expect, it } from 'vitest';
import { readConfirmationReply } from '../../../src/domain/mail/confirmation-reply.ts';

// Issue 19: a customer's confirmation by email is the first line of their reply, and only an unambiguous yes or no.

const CASES: [string, ReturnType<typeof readConfirmationReply>][] = [
  // Yes, in Spanish and English, however it is written.
  ['APRUEBO', 'given'],
  ['Aprobado.', 'given'],
  ['acepto', 'given'],
  ['Confirmo!', 'given'],
  ['Sí', 'given'],
  ['si', 'given'],
  ['Sí, apruebo', 'given'],
  ['  \n\nApprove\nThanks, Ana', 'given'],
  ['approved', 'given'],
  ['Accept', 'given'],
  ['confirm', 'given'],
  ['YES', 'given'],
  // No.
  ['RECHAZO', 'rejected'],
  ['No apruebo', 'rejected'],
  ['no.', 'rejected'],
  ['Reject', 'rejected'],
  ['No', 'rejected'],
  ['No, rechazo', 'rejected'],
  // Ambiguous: mixed, or more than the answer on the first line.
  ['Sí y no', 'unclear'],
  ['Apruebo, pero cambien el informe', 'unclear'],
  ['No entiendo la estimación', 'unclear'],
  ['Yes but not the export', 'unclear'],
  // Not an answer at all: an ordinary message.
  ['Adjunto la captura del error', undefined],
  ['Hola, ¿cuándo estará listo?', undefined],
  ['', undefined],
  ['\n  \n', undefined],
];

describe('readConfirmationReply', () => {
  it.each(CASES)('%j → %s', (text, expected) => {
    expect(readConfirmationReply(text)).toBe(expected);
  });

  it('reads only the first line: a "no" further down does not count', () => {
    expect(readConfirmationReply('Apruebo\nNo olviden avisar al equipo')).toBe('given');
  });
});
