// Card numbers and IBANs in the forms people type them, Luhn- or mod-97-valid, and numbers that are neither.
// The domain table tests and the end-to-end redaction test (nothing of these stored) share them.

export const CARD_FORMS = [
  '4111111111111111',
  '4111 1111 1111 1111',
  '4111.1111.1111.1111',
  '4111-1111-1111-1111',
  '4111  1111  1111  1111',
  '4111   1111 1111    1111',
  '4111 - 1111 - 1111 - 1111',
  '4111--1111--1111--1111',
  '4111. 1111. 1111. 1111',
  '5500.0000.0000.0004',
  '5555 5555  5555 4444',
  '3782.822463.10005',
  '3782  822463  10005',
  '6011-1111 1111.1117',
] as const;

export const IBAN_FORMS = [
  'ES9121000418450200051332',
  'ES91 2100 0418 4502 0005 1332',
  'ES91  2100  0418  4502  0005  1332',
  'ES91-2100-0418-4502-0005-1332',
  'ES91.2100.0418.4502.0005.1332',
  'es91 2100 0418 4502 0005 1332',
  'DE89370400440532013000',
  'DE89 3704 0044 0532 0130 00',
  'GB29NWBK60161331926819',
  'GB29 NWBK 6016 1331 9268 19',
  'FR14 2004 1010 0505 0001 3M02 606',
  'NL91ABNA0417164300',
  'BR18 0036 0305 0000 1000 9795 493C 1',
  'CR05 0152 0200 1026 2840 66',
] as const;

export const NOT_SECRETS = [
  'caso ITBX-1234, ticket 4111',
  'el pedido 4111111111111112 no llegó',
  'fecha 2024-01-15 10:30, otra 15.01.2024',
  'llámenme al +57 350 318 99 22 o al 300 123 4567',
  'teléfono +34 912 345 678',
  'monto 1.234.567,89 COP, o 4.111.111.111 pesos',
  'factura 0000 0000 0000 0000',
  'ES91 no es una cuenta',
  'cuenta ES91 2100 0418 4502 0005 1333', // mod 97 fails
  'DE12 3456 7890 1234 5678 90',
  'version 4.11.1 build 2024.11.23.1111',
  'NIT 900.123.456-7',
] as const;
