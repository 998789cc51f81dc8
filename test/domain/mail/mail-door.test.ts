import { describe, expect, it } from 'vitest';
import { loadPolicyBook } from '../../../src/app/policy/policy-book.ts';
import {
  automaticReason,
  isDeliveryReport,
  isEncrypted,
  isOutOfOffice,
} from '../../../src/domain/mail/automatic-mail.ts';
import {
  isMereThanks,
  isRoleAddress,
  phaseHasOtherChannels,
  policyEmailAddresses,
  priorityForAddresses,
  takesEmail,
} from '../../../src/domain/mail/mail-door.ts';
import { trimQuotedHistory } from '../../../src/domain/mail/quoted-history.ts';
import { caseNumberInSubject, looksLikeReply, titleFromSubject } from '../../../src/domain/mail/subject-tag.ts';

// The email door's rules that need no database: addresses and priorities, subjects, quoted history, robots.

const { book } = await loadPolicyBook();
const jds = book.policy('jd-services')!;
const cp365 = book.policy('crosspoint365')!;
const arco = book.policy('arcoirisapp')!;

describe('the policy’s email addresses', () => {
  it('lists the intake addresses, the email channels and the contact address', () => {
    expect(policyEmailAddresses(jds)).toEqual([
      'soporte-a@jd-services.eu',
      'soporte-b@jd-services.eu',
      'soporte-c@jd-services.eu',
    ]);
    expect(policyEmailAddresses(cp365)).toEqual(['soporte@crosspoint365.com']);
    expect(policyEmailAddresses(arco)).toEqual(['soporte@arcoirisapp.co']);
  });

  it('gives the most severe priority among the addresses a message reached', () => {
    expect(priorityForAddresses(jds, ['SOPORTE-C@jd-services.eu', 'soporte-b@jd-services.eu'])).toBe('B');
    expect(priorityForAddresses(jds, ['soporte-c@jd-services.eu', 'soporte-a@jd-services.eu'])).toBe('A');
    expect(priorityForAddresses(jds, ['otro@jd-services.eu'])).toBeUndefined();
    expect(priorityForAddresses(cp365, ['soporte@crosspoint365.com'])).toBeUndefined();
  });

  it('says who may open cases by email', () => {
    expect(takesEmail(jds, 'production')).toBe(true);
    expect(takesEmail(arco, 'production')).toBe(false);
    expect(takesEmail(cp365, 'production')).toBe(true);
    expect(takesEmail(cp365, 'implementation')).toBe(false);
    expect(phaseHasOtherChannels(cp365, 'implementation')).toBe(true);
    expect(phaseHasOtherChannels(arco, 'production')).toBe(false);
  });

  it('knows role addresses and a mere thank-you', () => {
    for (const address of ['info@acme.example', 'Admin@acme.example', 'soporte@acme.example', 'contabilidad@a.es'])
      expect(isRoleAddress(address)).toBe(true);
    expect(isRoleAddress('ana.garcia@acme.example')).toBe(false);
    expect(isMereThanks('¡Muchas gracias!\nAna')).toBe(true);
    expect(isMereThanks('Thanks a lot, regards, Ana Pérez')).toBe(true);
    expect(isMereThanks('Gracias, pero sigue fallando el informe de ventas del mes pasado')).toBe(false);
    expect(isMereThanks('Sigue fallando')).toBe(false);
  });
});

describe('subjects', () => {
  it('strips reply and forward prefixes, finds the tenant’s tag', () => {
    expect(titleFromSubject('RE: RV: AW: RE[2]: Fwd: [JDS-1042] La factura')).toBe('La factura');
    expect(caseNumberInSubject('RE[2]: [jds-1042] La factura', 'JDS')).toBe(1042);
    expect(caseNumberInSubject('[ITBX-7] Otro', 'JDS')).toBeUndefined();
    expect(looksLikeReply('RV: algo')).toBe(true);
    expect(looksLikeReply('Reunión del lunes')).toBe(false);
  });
});

describe('quoted history', () => {
  it('keeps only what was written above the attribution, the marker or the signature', () => {
    expect(trimQuotedHistory('Hola\n\nOn Mon, 23 Nov 2026 at 10:00, Soporte wrote:\n> antes')).toBe('Hola');
    expect(trimQuotedHistory('Hola\n-- \nAna\n')).toBe('Hola');
    expect(trimQuotedHistory('Hola\n\n-----Original Message-----\nFrom: x')).toBe('Hola');
    expect(trimQuotedHistory('Hola\n\nFrom: Soporte\nSent: Monday\nTo: Ana\n')).toBe('Hola');
    expect(trimQuotedHistory('Sin historia.\n')).toBe('Sin historia.');
  });
});

describe('robots', () => {
  it('says why a message must get no automatic reply', () => {
    expect(automaticReason({ 'auto-submitted': 'no' }, 'ana@acme.example')).toBeUndefined();
    expect(automaticReason({ 'auto-submitted': 'auto-replied' }, 'ana@acme.example')).toBe('auto-submitted');
    expect(automaticReason({ precedence: 'auto_reply' }, 'ana@acme.example')).toBe('precedence');
    expect(automaticReason({}, 'Do-Not-Reply@acme.example')).toBe('robot-sender');
    expect(automaticReason({ 'return-path': '<ana@acme.example>' }, 'ana@acme.example')).toBeUndefined();
  });

  it('tells bounces, out-of-office replies and encrypted mail', () => {
    expect(isDeliveryReport('multipart/report; report-type="delivery-status"; boundary=x')).toBe(true);
    expect(isDeliveryReport('multipart/report; report-type=disposition-notification')).toBe(false);
    expect(isOutOfOffice({}, 'Automatic reply: [JDS-1] x')).toBe(true);
    expect(isOutOfOffice({}, 'La factura')).toBe(false);
    expect(isEncrypted('application/pkcs7-mime; smime-type=enveloped-data')).toBe(true);
    expect(isEncrypted('application/pkcs7-mime; smime-type=signed-data')).toBe(false);
    expect(isEncrypted('multipart/signed; protocol="application/pgp-signature"')).toBe(false);
  });
});
