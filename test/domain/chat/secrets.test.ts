import { describe, expect, it } from 'vitest';
import { findSecrets, isCardNumber, isIban, redactSecrets, secretKindsIn } from '../../../src/domain/chat/secrets.ts';
import { CARD_FORMS, IBAN_FORMS, NOT_SECRETS } from './secret-forms.ts';

const redact = (text: string) => redactSecrets(text).text;

describe('passwords', () => {
  it.each([
    ['contraseña: Verano2024', 'contraseña: [REDACTED:password]'],
    ['password=hunter2', 'password=[REDACTED:password]'],
    ['pwd: s3cr3t!', 'pwd: [REDACTED:password]'],
    [
      'usuario: jperez clave: Bogota.2023 , no puedo entrar',
      'usuario: jperez clave: [REDACTED:password] , no puedo entrar',
    ],
    ['mi clave es Mariposa77', 'mi clave es [REDACTED:password]'],
    ['my password is Summer2024! and it fails', 'my password is [REDACTED:password] and it fails'],
    [
      'la contraseña del wifi de invitados es Invitados#2024, gracias',
      'la contraseña del wifi de invitados es [REDACTED:password], gracias',
    ],
    ['the new password is "correct horse"', 'the new password is "[REDACTED:password]"'],
    ['password: "tr0ub4dor"', 'password: "[REDACTED:password]"'],
    ['la contraseña es: perro1234 por si acaso', 'la contraseña es: [REDACTED:password] por si acaso'],
    ['mi contraseña Primavera#22, no entra', 'mi contraseña [REDACTED:password], no entra'],
    ['postgres://admin:S3cr3tP@db.example.com/app', 'postgres://admin:[REDACTED:password]@db.example.com/app'],
    ['PIN: 4821', 'PIN: [REDACTED:password]'],
  ])('redacts %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    'I forgot my password',
    'olvidé mi contraseña',
    'mi contraseña es incorrecta',
    'my password is wrong',
    'my password is not working',
    'the password expired yesterday',
    'Error: invalid password: user locked',
    'password: ********',
    'necesito q me restablescan la clave del usuario contabilidad',
    'Palabra clave: facturación',
    'No me deja iniciar sesión, me dice usuario o contraseña incorrectos',
    'pass the test please',
  ])('leaves %j alone', (text) => {
    expect(findSecrets(text)).toEqual([]);
    expect(redact(text)).toBe(text);
  });
});

describe('tokens and keys', () => {
  it.each([
    ['slack xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', 'xoxb-1234567890'],
    ['Authorization: Bearer abcdef0123456789ABCDEF.xyz', 'abcdef0123456789'],
    ['AWS key AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7'],
    ['ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R', '1a2B3c4D5e6F'],
    [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'dozjgNryP4J3',
    ],
    ['api_key=3f9a8b7c6d5e4f3a2b1c', '3f9a8b7c'],
    ['client secret: Zx8Qp2Lm9Vt4Rk7Wn3Bc', 'Zx8Qp2Lm'],
    ['token es sk_live_51HxQ2eK9vTq8ZpLmN3bR7cW', 'sk_live_51'],
    ['AccountKey=aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW==', 'aB3dE5fG'],
  ])('redacts the token in %j', (text, secretPart) => {
    const { text: redacted, redactions } = redactSecrets(text);
    expect(redactions).toEqual([{ kind: 'token', count: 1 }]);
    expect(redacted).toContain('[REDACTED:token]');
    expect(redacted).not.toContain(secretPart);
  });

  it.each([
    'the token is invalid',
    'token expired, please renew',
    'the API key field is empty',
    'key: value',
    'se venció el token de acceso',
  ])('leaves %j alone', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

describe('card numbers', () => {
  it.each([
    ['mi tarjeta es 4111 1111 1111 1111, cámbienla', 'mi tarjeta es [REDACTED:card], cámbienla'],
    ['Card 5500-0000-0000-0004 was charged twice', 'Card [REDACTED:card] was charged twice'],
    ['amex 378282246310005', 'amex [REDACTED:card]'],
    ['4012 8888 8888 1881 cvv 123', '[REDACTED:card] cvv [REDACTED:card]'],
    ['4111 1111 1111 1111 12/27', '[REDACTED:card] 12/27'],
  ])('redacts %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    'pedido 4111111111111112',
    'order id 1234567890123',
    'llámenme al +57 350 318 99 22',
    'teléfono fijo +57 601 3557622',
    'caso 1234, ticket ITBX-12, error 0x80070005',
    'fecha 2024-01-15 10:30',
    'factura 0000000000000000',
  ])('leaves %j alone (not a Luhn-valid card)', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('checks Luhn and the issuer digit', () => {
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('4111111111111112')).toBe(false);
    expect(isCardNumber('7111111111111114')).toBe(false);
    expect(isCardNumber('411111111111')).toBe(false);
  });
});

describe('card numbers whatever the separators', () => {
  it.each(CARD_FORMS)('redacts %j whole', (form) => {
    expect(redact(`mi tarjeta es ${form}, gracias`)).toBe('mi tarjeta es [REDACTED:card], gracias');
  });

  it('ends a dotted card before the full stop that ends the sentence', () => {
    expect(redact('Pagué con 4111.1111.1111.1111.')).toBe('Pagué con [REDACTED:card].');
  });
});

describe('IBANs', () => {
  it.each(IBAN_FORMS)('redacts %j whole', (form) => {
    expect(redact(`transfieran a ${form} por favor`)).toBe('transfieran a [REDACTED:iban] por favor');
  });

  it('ends a printed IBAN at its country length, leaving the digits after it', () => {
    expect(redact('cuenta ES91 2100 0418 4502 0005 1332 1234 hoy')).toBe('cuenta [REDACTED:iban] 1234 hoy');
  });

  it('checks the country, its length and mod 97', () => {
    expect(isIban('ES9121000418450200051332')).toBe(true);
    expect(isIban('ES9121000418450200051333')).toBe(false); // one digit off
    expect(isIban('ES912100041845020005133')).toBe(false); // one short for Spain
    expect(isIban('XX9121000418450200051332')).toBe(false); // no such country
    expect(isIban('GB29NWBK60161331926819')).toBe(true);
  });
});

describe('numbers that are not secrets', () => {
  it.each(NOT_SECRETS)('leaves %j alone', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

describe('private keys', () => {
  it('redacts the whole block, and a block cut off before its end line', () => {
    const key =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7v1x2f9Lk3Q\nb8Zt0Yp4Rw==\n-----END RSA PRIVATE KEY-----';
    expect(redact(`this key:\n${key}\nfails`)).toBe('this key:\n[REDACTED:private-key]\nfails');
    expect(redact('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA')).toBe('[REDACTED:private-key]');
  });

  it('does not touch a public key or certificate', () => {
    expect(findSecrets('-----BEGIN PUBLIC KEY-----\nMFkwEwYH\n-----END PUBLIC KEY-----')).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('counts each kind and keeps the rest of the text as it was', () => {
    const text = 'password: Abc12345! card 4111 1111 1111 1111 and token=AbCdEf0123456789XyZ, pwd=Zz9!zz9!';
    const result = redactSecrets(text);
    expect(result.redactions).toEqual([
      { kind: 'password', count: 2 },
      { kind: 'token', count: 1 },
      { kind: 'card', count: 1 },
    ]);
    expect(result.text).toBe(
      'password: [REDACTED:password] card [REDACTED:card] and token=[REDACTED:token], pwd=[REDACTED:password]',
    );
  });

  it('returns text without secrets unchanged, with no redactions', () => {
    expect(redactSecrets('hola, no carga el portal')).toEqual({ text: 'hola, no carga el portal', redactions: [] });
  });

  it('lists the kinds present once each', () => {
    expect(secretKindsIn('pwd=Xx12345! pwd=Yy12345! 4111111111111111')).toEqual(['password', 'card']);
  });
});
