import { describe, expect, it } from 'vitest';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import {
  checkEmail,
  checkHandle,
  checkName,
  checkText,
  checkTitle,
  checkUrl,
  INPUT_LIMITS,
} from '../../../src/domain/input/input-rules.ts';
import { agentWarnings, placeholderWarnings } from '../../../src/domain/input/reachability.ts';

// The one set of input rules every surface uses: each row is a value, the check, and the value kept or the rule
// broken (with its words in English and Spanish naming the field and the problem).

type Check = (field: string, raw: string) => ReturnType<typeof checkHandle>;

const accepted: [string, Check, string, string][] = [
  ['a Unicode handle', checkHandle, 'Ñandú', 'ñandú'],
  ['a handle with dots and dashes', checkHandle, ' jose.pérez-2 ', 'jose.pérez-2'],
  ['a name, trimmed', checkName, '  Bob Smith ', 'Bob Smith'],
  ['a title at the limit', checkTitle, 't'.repeat(INPUT_LIMITS.title), 't'.repeat(INPUT_LIMITS.title)],
  ['a text with line breaks', checkText, 'línea 1\nlínea 2', 'línea 1\nlínea 2'],
  ['an email', checkEmail, 'carlos@acme.example', 'carlos@acme.example'],
  ['an email with accents', checkEmail, 'josé@acme.es', 'josé@acme.es'],
  ['an https URL', checkUrl, 'https://soporte.itbx.example/nuevo', 'https://soporte.itbx.example/nuevo'],
];

const refused: [string, Check, string, string, string, string][] = [
  [
    'a handle with a space',
    checkHandle,
    'Bob Smith',
    'handle_space',
    'The field "handle" is a handle and takes no spaces ("Bob Smith"): use for example "bob-smith".',
    'El campo «identificador» es un identificador y no admite espacios («Bob Smith»): use por ejemplo «bob-smith».',
  ],
  [
    'a handle with a symbol',
    checkHandle,
    'acme!',
    'handle_characters',
    'The field "handle" is a handle: start with a letter or digit and use only letters, digits, ".", "_" or "-" ("acme!").',
    'El campo «identificador» es un identificador: empiece por letra o cifra y use solo letras, cifras, «.», «_» o «-» («acme!»).',
  ],
  [
    'a handle too long',
    checkHandle,
    'h'.repeat(65),
    'max_length',
    'The field "handle" takes at most 64 characters; it has 65.',
    'El campo «identificador» admite como máximo 64 caracteres; tiene 65.',
  ],
  [
    'a 100,000-character name',
    checkName,
    'n'.repeat(100_000),
    'max_length',
    'The field "name" takes at most 200 characters; it has 100000.',
    'El campo «nombre» admite como máximo 200 caracteres; tiene 100000.',
  ],
  [
    'an empty name',
    checkName,
    '   ',
    'required',
    'The field "name" cannot be empty.',
    'El campo «nombre» no puede estar vacío.',
  ],
  [
    'a title with a line break',
    checkTitle,
    'uno\ndos',
    'line_break',
    'The field "title" must be one line, without line breaks.',
    'El campo «título» debe ser una sola línea, sin saltos de línea.',
  ],
  [
    'a text too long',
    checkText,
    'x'.repeat(INPUT_LIMITS.text + 1),
    'max_length',
    'The field "text" takes at most 10000 characters; it has 10001.',
    'El campo «texto» admite como máximo 10000 caracteres; tiene 10001.',
  ],
  [
    'a name with a control character',
    checkName,
    'Bob\u0007',
    'control_character',
    'The field "name" holds non-printable control characters.',
    'El campo «nombre» contiene caracteres de control no imprimibles.',
  ],
  [
    'an email without @',
    checkEmail,
    'carlos.acme.example',
    'email_syntax',
    'The field "email" is not a valid email address ("carlos.acme.example"): expected name@domain.example.',
    'El campo «correo» no es una dirección de correo válida («carlos.acme.example»): se espera nombre@dominio.ejemplo.',
  ],
  [
    'a javascript: URL',
    checkUrl,
    'javascript:alert(1)',
    'url_scheme',
    'The field "url" takes only http or https links, not "javascript:" ("javascript:alert(1)").',
    'El campo «url» admite solo enlaces http o https, no «javascript:» («javascript:alert(1)»).',
  ],
  [
    'a URL that is not one',
    checkUrl,
    'soporte itbx',
    'url_syntax',
    'The field "url" is not a valid URL ("soporte itbx"): expected https://….',
    'El campo «url» no es una URL válida («soporte itbx»): se espera https://….',
  ],
];

describe('input rules', () => {
  it.each(accepted)('accepts %s', (_, check, raw, kept) => {
    expect(check(check === checkHandle ? 'handle' : 'x', raw)).toEqual({ ok: true, value: kept });
  });

  it.each(refused)('refuses %s, naming the field, the rule and the problem', (_, check, raw, rule, en, es) => {
    const field = { checkHandle, checkName, checkTitle, checkText, checkEmail, checkUrl };
    const name = Object.entries(field)
      .find(([, f]) => f === check)![0]
      .slice('check'.length)
      .toLowerCase();
    const outcome = check(name, raw);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'input.invalid', params: { field: name, rule } } });
    if (outcome.ok) return;
    expect(describeCaseError(outcome.error, 'en')).toBe(en);
    expect(describeCaseError(outcome.error, 'es')).toBe(es);
  });

  it('cuts a long value inside a refusal, so it stays one readable line', () => {
    const outcome = checkEmail('email', `${'a'.repeat(60)}\nb`);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.params.value).toBe(`${'a'.repeat(39)}…`);
  });
});

describe('reachability warnings', () => {
  it('warns about placeholder addresses and a manager nobody can reach', () => {
    expect(placeholderWarnings({ email: 'soporte@itbx.invalid', url: 'https://portal.itbx.invalid/x' })).toEqual([
      'email soporte@itbx.invalid is a placeholder (.invalid): nothing sent there arrives',
      'url https://portal.itbx.invalid/x is a placeholder (.invalid): nothing sent there arrives',
    ]);
    expect(placeholderWarnings({ email: 'a@invalid.example.com' })).toEqual([]);
    const manager = { handle: 'eva', role: 'manager' as const, email: null };
    expect(agentWarnings(manager, ['console'])).toEqual([
      'manager eva has no Slack, Teams or email: their SLA alerts will reach nobody (add --slack, --teams or --email)',
    ]);
    expect(agentWarnings(manager, ['slack'])).toEqual([]);
    expect(agentWarnings({ ...manager, email: 'eva@itbx.example' }, [])).toEqual([]);
    expect(agentWarnings({ ...manager, role: 'agent' }, [])).toEqual([]);
  });
});
