import { describe, expect, it } from 'vitest';
import type { AgentCommand, CommandError } from '../../../src/domain/chat/command.types.ts';
import { parseCommand, stripInvocation } from '../../../src/domain/chat/command-grammar.ts';

const parsed = (text: string): AgentCommand => {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${JSON.stringify(result.error)}`);
  return result.command;
};
const refused = (text: string): CommandError => {
  const result = parseCommand(text);
  if (result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(result.command)}`);
  return result.error;
};

const ref42 = { prefix: 'ITBX', number: 42 };

describe('parseCommand: every subcommand and its forms', () => {
  it.each<[string, AgentCommand]>([
    ['help', { name: 'help' }],
    ['help show', { name: 'help', topic: 'show' }],
    ['help ver', { name: 'help', topic: 'show' }],
    ['new P1 acme Login page is down', { name: 'new', priority: 'P1', customer: 'acme', title: 'Login page is down' }],
    [
      'new urgente "Acme Corp" No factura',
      { name: 'new', priority: 'urgente', customer: 'Acme Corp', title: 'No factura' },
    ],
    ['show ITBX-42', { name: 'show', ref: ref42 }],
    // A page of the history, as the CLI's --page: `page 2`, `página 2`, or the number alone.
    ['show ITBX-42 page 2', { name: 'show', ref: ref42, page: 2 }],
    ['ver ITBX-42 página 3', { name: 'show', ref: ref42, page: 3 }],
    ['show ITBX-42 2', { name: 'show', ref: ref42, page: 2 }],
    ['list', { name: 'list' }],
    ['list mine', { name: 'list', filter: 'mine' }],
    ['list unassigned', { name: 'list', filter: 'unassigned' }],
    ['list open P2', { name: 'list', filter: 'open', terms: ['P2'] }],
    ['list waiting', { name: 'list', filter: 'waiting' }],
    ['list breaching urgente', { name: 'list', filter: 'breaching', terms: ['urgente'] }],
    ['list P1', { name: 'list', terms: ['P1'] }],
    ['list P1 mine', { name: 'list', filter: 'mine', terms: ['P1'] }],
    // The documented filters that used to be read as a priority, and by-customer words (a quoted name is one word).
    ['list all', { name: 'list', filter: 'all' }],
    ['list closed acme', { name: 'list', filter: 'closed', terms: ['acme'] }],
    ['list cerrados "Acme SAS" alta 2', { name: 'list', filter: 'closed', terms: ['Acme SAS', 'alta'], page: 2 }],
    ['list due-soon @ana', { name: 'list', filter: 'due-soon', terms: ['@ana'] }],
    ['list all buscar factura duplicada', { name: 'list', filter: 'all', search: 'factura duplicada' }],
    ['list míos', { name: 'list', filter: 'mine' }],
    ['list sin-asignar', { name: 'list', filter: 'unassigned' }],
    ['list vencidos', { name: 'list', filter: 'breaching' }],
    ['assign ITBX-42', { name: 'assign', ref: ref42, assignee: 'me' }],
    ['assign ITBX-42 me', { name: 'assign', ref: ref42, assignee: 'me' }],
    ['assign ITBX-42 yo', { name: 'assign', ref: ref42, assignee: 'me' }],
    ['assign ITBX-42 @ana', { name: 'assign', ref: ref42, assignee: { handle: 'ana' } }],
    ['assign ITBX-42 ana.perez', { name: 'assign', ref: ref42, assignee: { handle: 'ana.perez' } }],
    ['assign ITBX-42 <@U123>', { name: 'assign', ref: ref42, assignee: { platformUserId: 'U123' } }],
    ['assign ITBX-42 <@U123|ana>', { name: 'assign', ref: ref42, assignee: { platformUserId: 'U123' } }],
    ['assign ITBX-42 <at>Ana Pérez</at>', { name: 'assign', ref: ref42, assignee: { displayName: 'Ana Pérez' } }],
    ['move ITBX-42 en-curso', { name: 'move', ref: ref42, state: 'en-curso' }],
    ['move ITBX-42 Esperando   cliente', { name: 'move', ref: ref42, state: 'Esperando cliente' }],
    ['note ITBX-42 Called the customer', { name: 'note', ref: ref42, text: 'Called the customer' }],
    ['reply ITBX-42 Fixed, please retry', { name: 'reply', ref: ref42, text: 'Fixed, please retry' }],
    ['wait ITBX-42', { name: 'wait', ref: ref42 }],
    ['wait ITBX-42 Send us the log', { name: 'wait', ref: ref42, text: 'Send us the log' }],
    ['priority ITBX-42 P1', { name: 'priority', ref: ref42, priority: 'P1' }],
    ['escalate ITBX-42', { name: 'escalate', ref: ref42 }],
    ['escalate ITBX-42 Needs a DBA', { name: 'escalate', ref: ref42, reason: 'Needs a DBA' }],
    ['close ITBX-42 Restarted the service', { name: 'close', ref: ref42, resolution: 'Restarted the service' }],
    ['reopen ITBX-42', { name: 'reopen', ref: ref42 }],
    ['reopen ITBX-42 Fails again', { name: 'reopen', ref: ref42, reason: 'Fails again' }],
    // Issue 19, point 4: the customer accepted billable work after the warranty.
    ['reopen ITBX-42 billable', { name: 'reopen', ref: ref42, billable: true }],
    [
      'reopen ITBX-42 facturable Sigue fallando',
      { name: 'reopen', ref: ref42, billable: true, reason: 'Sigue fallando' },
    ],
    ['reopen ITBX-42 --billable Fails again', { name: 'reopen', ref: ref42, billable: true, reason: 'Fails again' }],
    ['reopen ITBX-42 Facturas duplicadas', { name: 'reopen', ref: ref42, reason: 'Facturas duplicadas' }],
    ['cancel ITBX-42', { name: 'cancel', ref: ref42 }],
    ['cancel ITBX-42 Duplicate of ITBX-41', { name: 'cancel', ref: ref42, reason: 'Duplicate of ITBX-41' }],
    ['sla ITBX-42', { name: 'sla', ref: ref42 }],
    ['ack ITBX-42', { name: 'ack', ref: ref42 }],
    ['meencargo ITBX-42', { name: 'ack', ref: ref42 }],
    ['ask-close ITBX-42', { name: 'ask-close', ref: ref42 }],
    ['pedir-cierre ITBX-42 No es viable', { name: 'ask-close', ref: ref42, text: 'No es viable' }],
  ])('%j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['ayuda', 'help'],
    ['nuevo P1 acme Título', 'new'],
    ['ver 42', 'show'],
    ['listar', 'list'],
    ['asignar 42', 'assign'],
    ['mover 42 cerrado', 'move'],
    ['nota 42 hola', 'note'],
    ['responder 42 hola', 'reply'],
    ['esperar 42', 'wait'],
    ['prioridad 42 P2', 'priority'],
    ['escalar 42', 'escalate'],
    ['cerrar 42 resuelto', 'close'],
    ['reabrir 42', 'reopen'],
    ['cancelar 42', 'cancel'],
  ])('the Spanish alias %j is %s', (text, name) => {
    expect(parsed(text).name).toBe(name);
  });

  it.each(['SHOW 42', 'Show 42', 'VER 42', 'Vér 42'])('subcommand names ignore case and accents: %j', (text) => {
    expect(parsed(text)).toEqual({ name: 'show', ref: { number: 42 } });
  });
});

describe('parseCommand: case references', () => {
  it.each([
    ['ITBX-42', { prefix: 'ITBX', number: 42 }],
    ['itbx-42', { prefix: 'ITBX', number: 42 }],
    ['#ITBX-42', { prefix: 'ITBX', number: 42 }],
    ['CP365-7', { prefix: 'CP365', number: 7 }],
    ['#42', { number: 42 }],
    ['42', { number: 42 }],
    ['007', { number: 7 }],
  ])('reads %j', (text, ref) => {
    expect(parsed(`show ${text}`)).toEqual({ name: 'show', ref });
  });

  it.each(['abc', '0', 'ITBX-0', '-42', '4.2', 'ITBX42', 'ITBX-', '#', '1234567890', 'ITBX-42x'])(
    'refuses %j naming the ref',
    (text) => {
      expect(refused(`close ${text} done`)).toEqual({
        code: 'command.invalid_argument',
        subcommand: 'close',
        argument: 'ref',
        value: text,
        usage: 'close <ref> <resolution…>',
      });
    },
  );
});

describe('parseCommand: invocation and mentions', () => {
  it.each([
    'show 42',
    '/case show 42',
    'case show 42',
    'CASE show 42',
    'caso show 42',
    '<at>Portero</at> case show 42',
    '<at>Portero</at> show 42',
    '<@U0BOT> /case show 42',
    '@portero show 42',
    '@Portero: case show 42',
    '  \n /case   show   42  ',
  ])('%j is `show 42`', (text) => {
    expect(parsed(text)).toEqual({ name: 'show', ref: { number: 42 } });
  });

  it('strips the bot names it is given and no other', () => {
    expect(parseCommand('@helpdesk show 42', { botNames: ['helpdesk'] }).ok).toBe(true);
    expect(refused('@ana show 42')).toMatchObject({ code: 'command.unknown', subcommand: '@ana' });
    expect(refused('@porteros show 42')).toMatchObject({ code: 'command.unknown', subcommand: '@porteros' });
  });

  it('keeps a word that only begins with case', () => {
    expect(stripInvocation('cases 42')).toBe('cases 42');
    expect(refused('cases')).toMatchObject({ code: 'command.unknown', subcommand: 'cases' });
  });

  it('keeps a mention that is an argument', () => {
    expect(parsed('<at>Portero</at> assign 42 <at>Ana</at>')).toEqual({
      name: 'assign',
      ref: { number: 42 },
      assignee: { displayName: 'Ana' },
    });
  });
});

describe('parseCommand: free text', () => {
  it('keeps internal spacing and line breaks, trimming only the ends', () => {
    const text = 'First line\n\n  - step one\n  - step two\twith a tab';
    expect(parsed(`note ITBX-42 ${text}  \n`)).toEqual({ name: 'note', ref: ref42, text });
    expect(parsed(`/case reply 42\n${text}`)).toEqual({ name: 'reply', ref: { number: 42 }, text });
    expect(parsed(`close 42   ${text}`)).toMatchObject({ resolution: text });
    expect(parsed(`new P1 acme ${text}`)).toMatchObject({ title: text });
  });

  it('keeps quotes in free text as typed', () => {
    expect(parsed('note 42 "quoted" and «guillemets»')).toMatchObject({ text: '"quoted" and «guillemets»' });
  });
});

describe('parseCommand: refusals', () => {
  it.each(['', '   ', '/case', 'case  ', '<at>Portero</at>', '@portero'])('%j is empty', (text) => {
    expect(refused(text)).toEqual({ code: 'command.empty' });
  });

  it('names an unknown subcommand and suggests the nearest', () => {
    expect(refused('asign 42')).toEqual({ code: 'command.unknown', subcommand: 'asign', suggestion: 'assign' });
    expect(refused('frobnicate 42')).toEqual({ code: 'command.unknown', subcommand: 'frobnicate' });
    expect(refused('help shwo')).toEqual({ code: 'command.unknown', subcommand: 'shwo', suggestion: 'show' });
  });

  it.each([
    ['show', 'show', 'ref'],
    ['new', 'new', 'priority'],
    ['new P1', 'new', 'customer'],
    ['new P1 acme', 'new', 'title'],
    ['assign', 'assign', 'ref'],
    ['move 42', 'move', 'state'],
    ['note 42', 'note', 'text'],
    ['reply 42   \n ', 'reply', 'text'],
    ['wait', 'wait', 'ref'],
    ['priority 42', 'priority', 'priority'],
    ['escalate', 'escalate', 'ref'],
    ['close 42', 'close', 'resolution'],
    ['reopen', 'reopen', 'ref'],
    ['cancel', 'cancel', 'ref'],
    ['sla', 'sla', 'ref'],
    ['cerrar 42', 'close', 'resolution'],
  ])('%j misses %s’s %s', (text, subcommand, argument) => {
    expect(refused(text)).toMatchObject({ code: 'command.missing_argument', subcommand, argument });
    expect(refused(text).usage).toMatch(new RegExp(`^${subcommand} `));
  });

  it.each([
    ['show 42 page 2 3', 'show', '3'],
    ['sla 42 now please', 'sla', 'now please'],
    ['priority 42 P1 P2', 'priority', 'P2'],
    ['assign 42 ana bea', 'assign', 'bea'],
    ['help show list', 'help', 'list'],
    ['list mine a b c d e', 'list', 'e'],
    ['list mine open', 'list', 'open'],
  ])('%j has too many arguments', (text, subcommand, value) => {
    expect(refused(text)).toMatchObject({ code: 'command.too_many_arguments', subcommand, value });
  });

  it.each(['<at> </at>', '@', 'ana!', '<@>'])('refuses the assignee %j', (who) => {
    expect(refused(`assign 42 ${who}`)).toEqual({
      code: 'command.invalid_argument',
      subcommand: 'assign',
      argument: 'assignee',
      value: who,
      usage: 'assign <ref> [me|@agent]',
    });
  });
});

describe('parseCommand: estimates, hours and the customer’s confirmations (oys, itbx)', () => {
  it.each<[string, AgentCommand]>([
    ['estimate 42 8', { name: 'estimate', ref: { number: 42 }, minutes: 480 }],
    ['estimar 42 6,5 Dos informes', { name: 'estimate', ref: { number: 42 }, minutes: 390, note: 'Dos informes' }],
    ['hours 42 1.25', { name: 'hours', ref: { number: 42 }, minutes: 75 }],
    ['horas 42 1h30m Análisis', { name: 'hours', ref: { number: 42 }, minutes: 90, note: 'Análisis' }],
    ['hours 42 45m', { name: 'hours', ref: { number: 42 }, minutes: 45 }],
    [
      'confirm 42 approval Approved by email',
      { name: 'confirm', ref: { number: 42 }, kind: 'approval', rejected: false, reason: 'Approved by email' },
    ],
    [
      'confirmar 42 aprobación rechazo Demasiadas horas',
      { name: 'confirm', ref: { number: 42 }, kind: 'approval', rejected: true, reason: 'Demasiadas horas' },
    ],
    [
      'confirm 42 qa ok en reunión',
      { name: 'confirm', ref: { number: 42 }, kind: 'qa', rejected: false, reason: 'ok en reunión' },
    ],
    [
      'confirmar 42 produccion Validado',
      { name: 'confirm', ref: { number: 42 }, kind: 'prd', rejected: false, reason: 'Validado' },
    ],
    [
      'confirmar 42 cierre Por correo',
      { name: 'confirm', ref: { number: 42 }, kind: 'closure', rejected: false, reason: 'Por correo' },
    ],
    [
      'confirmar 42 aval Por teléfono',
      { name: 'confirm', ref: { number: 42 }, kind: 'acceptance', rejected: false, reason: 'Por teléfono' },
    ],
    [
      'override 42 cerrado No viable, el cliente no contesta',
      { name: 'override', ref: { number: 42 }, state: 'cerrado', reason: 'No viable, el cliente no contesta' },
    ],
    [
      'forzar 42 desarrollo Aprobado en reunión',
      { name: 'override', ref: { number: 42 }, state: 'desarrollo', reason: 'Aprobado en reunión' },
    ],
  ])('%j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['estimate 42 0', 'hours'],
    ['estimate 42 -3', 'hours'],
    ['hours 42 ocho', 'hours'],
    ['hours 42 1.234', 'hours'],
    ['confirm 42 payment ok', 'confirmation'],
    ['show 42 page dos', 'page'],
    ['show 42 0', 'page'],
    ['show 42 older', 'page'],
  ])('%j names the bad %s', (text, argument) => {
    expect(refused(text)).toMatchObject({ code: 'command.invalid_argument', argument });
  });

  it.each(['confirm 42 approval', 'confirm 42 approval reject', 'override 42 cerrado'])(
    '%j asks for the reason: a confirmation on the customer’s behalf always says how it was given',
    (text) => {
      expect(refused(text)).toMatchObject({ code: 'command.missing_argument', argument: 'reason' });
    },
  );
});
