import { describe, expect, it } from 'vitest';
import {
  COMMAND_STRINGS,
  commandHelp,
  commandTopicHelp,
  commandUsage,
  describeCommandError,
} from '../../../src/domain/chat/command.i18n.ts';
import type { CommandError } from '../../../src/domain/chat/command.types.ts';
import { COMMAND_ALIASES, COMMAND_NAMES } from '../../../src/domain/chat/command-catalog.ts';
import { parseCommand } from '../../../src/domain/chat/command-grammar.ts';
import type { Locale } from '../../../src/domain/policy/localized-text.ts';

const errorOf = (text: string): CommandError => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.error;
};

describe('describeCommandError', () => {
  it.each<[string, Locale, string, string]>([
    ['asign 42', 'es', '/case', 'Subcomando desconocido «asign». ¿Quisiste decir «assign»?'],
    ['asign 42', 'en', '/case', 'Unknown subcommand "asign". Did you mean "assign"?'],
    ['frobnicate', 'es', 'case', 'Subcomando desconocido «frobnicate». «case help» muestra los subcomandos.'],
    ['frobnicate', 'en', 'case', 'Unknown subcommand "frobnicate". "case help" lists the subcommands.'],
    ['', 'es', '/case', 'Escribe un subcomando después de «/case». «/case help» los muestra todos.'],
    ['', 'en', 'case', 'Type a subcommand after "case". "case help" lists them all.'],
    ['show', 'es', '/case', 'Falta <ref>. Uso: /case show <ref> [pagina <n>]'],
    ['show', 'en', '/case', 'Missing <ref>. Usage: /case show <ref> [page <n>]'],
    ['nuevo P1', 'es', 'case', 'Falta <cliente>. Uso: case new <prioridad> <cliente> <título…>'],
    ['new P1', 'en', 'case', 'Missing <customer>. Usage: case new <priority> <customer> <title…>'],
    ['close 42', 'es', '/case', 'Falta <resolución…>. Uso: /case close <ref> <resolución…>'],
    ['close 42', 'en', '/case', 'Missing <resolution…>. Usage: /case close <ref> <resolution…>'],
    [
      'show abc',
      'es',
      '/case',
      '«abc» no es una referencia de caso: escribe el número del caso (ITBX-42) o solo su número (42). Uso: /case show <ref> [pagina <n>]',
    ],
    [
      'show abc',
      'en',
      '/case',
      '"abc" is not a case reference: type the case number (ITBX-42) or just its number (42). Usage: /case show <ref> [page <n>]',
    ],
    [
      'assign 42 ana!',
      'es',
      '/case',
      '«ana!» no es un agente: escribe me, @agente o menciona a la persona. Uso: /case assign <ref> [me|@agente]',
    ],
    [
      'assign 42 ana!',
      'en',
      '/case',
      '"ana!" is not an agent: type me, @agent or mention them. Usage: /case assign <ref> [me|@agent]',
    ],
    ['sla 42 now', 'es', '/case', 'Sobra «now». Uso: /case sla <ref>'],
    ['sla 42 now', 'en', '/case', 'Unexpected "now". Usage: /case sla <ref>'],
  ])('%j in %s (prefix %j)', (text, locale, prefix, words) => {
    expect(describeCommandError(errorOf(text), locale, prefix)).toBe(words);
  });

  it('names any argument it has no special words for', () => {
    const error: CommandError = { code: 'command.invalid_argument', subcommand: 'move', argument: 'state', value: '?' };
    expect(describeCommandError(error, 'es')).toBe('«?» no vale como <estado>. Uso: /case move <ref> <estado>');
    expect(describeCommandError(error, 'en')).toBe('"?" is not a valid <state>. Usage: /case move <ref> <state>');
  });

  it('every missing argument of every subcommand has words in both languages', () => {
    for (const locale of ['es', 'en'] as const) {
      for (const text of ['new', 'new P1', 'new P1 acme', 'move 42', 'note 42', 'priority 42', 'close 42', 'show']) {
        const error = errorOf(text);
        const words = describeCommandError(error, locale);
        expect(words).toContain(COMMAND_STRINGS[locale].placeholders[error.argument!]);
        expect(words).toContain(commandUsage(error.subcommand as 'new', locale));
      }
    }
  });
});

describe('usage lines', () => {
  it('take the invoking prefix of the platform', () => {
    expect(commandUsage('show', 'en', '/case')).toBe('/case show <ref> [page <n>]');
    expect(commandUsage('show', 'en', 'case')).toBe('case show <ref> [page <n>]');
    expect(commandUsage('wait', 'es', 'case')).toBe('case wait <ref> [texto…]');
    expect(commandUsage('wait', 'es', '')).toBe('wait <ref> [texto…]');
  });

  it('have the same arguments in Spanish and English, in the same order', () => {
    const shape = (usage: string) => usage.replace(/[^<>[\]…|@ ]/g, '');
    for (const name of COMMAND_NAMES) {
      expect(shape(commandUsage(name, 'es')), name).toBe(shape(commandUsage(name, 'en')));
    }
  });

  it('are what the parser reports as the usage of its refusals', () => {
    expect(errorOf('reply 42').usage).toBe(commandUsage('reply', 'en', ''));
    expect(errorOf('list a b c d e').usage).toBe(commandUsage('list', 'en', ''));
  });
});

describe('help', () => {
  it.each<Locale>(['es', 'en'])('lists every subcommand once, with its description and the aliases (%s)', (locale) => {
    const help = commandHelp(locale, 'case');
    const lines = help.split('\n');
    for (const name of COMMAND_NAMES) {
      const line = lines.filter((l) => l.startsWith(`${commandUsage(name, locale, 'case')}: `));
      expect(line, name).toHaveLength(1);
      expect(line[0]).toContain(COMMAND_STRINGS[locale].descriptions[name]);
      for (const alias of COMMAND_ALIASES[name]) expect(help).toContain(`${alias} (${name})`);
    }
    expect(lines[0]).toBe(COMMAND_STRINGS[locale].title);
    expect(help).toContain(COMMAND_STRINGS[locale].refHint);
  });

  it('is written in the language asked for', () => {
    expect(commandHelp('es')).toContain('/case close <ref> <resolución…>: cierra un caso con su resolución');
    expect(commandHelp('en')).toContain('/case close <ref> <resolution…>: close a case with its resolution');
  });

  it('every description differs between the languages', () => {
    for (const name of COMMAND_NAMES) {
      expect(COMMAND_STRINGS.es.descriptions[name], name).not.toBe(COMMAND_STRINGS.en.descriptions[name]);
    }
  });

  it('explains one subcommand with its aliases', () => {
    expect(commandTopicHelp('show', 'es', 'case')).toBe(
      'case show <ref> [pagina <n>] (ver)\nmuestra un caso entero: descripción, cliente, plan, SLA, marcas y su historia, lo último primero; page 2 (pagina 2) muestra lo anterior',
    );
    expect(commandTopicHelp('sla', 'en')).toBe("/case sla <ref>\nshow a case's SLA deadlines and the time left");
  });

  it('every usage example in the help parses once its placeholders are filled', () => {
    const fill: Record<string, string> = {
      ref: 'ITBX-42',
      subcommand: 'show',
      priority: 'P1',
      agent: '@ana',
      hours: '2.5',
      n: '2',
      handle: 'ana',
      customer: 'acme',
      name: '"Ana Ruiz"',
      email: 'ana@acme.example',
    };
    for (const name of COMMAND_NAMES) {
      const example = commandUsage(name, 'en', '/case')
        .replace(/[<[]((?:--)?[a-z@-]+)\|[^\]>]*[\]>]/g, (_, first: string) => first)
        .replace(/[<[]([a-z]+)(…)?[>\]]/g, (_, word: string) => fill[word] ?? `some ${word}`)
        // An optional group of words (`[page 2]`) is given as written.
        .replace(/\[([^\]]*)\]/g, '$1');
      expect(parseCommand(example), example).toMatchObject({ ok: true, command: { name } });
    }
  });
});
