import { describe, expect, it } from 'vitest';
import { commandHelp, commandUsage, describeCommandError } from '../../../src/domain/chat/command.i18n.ts';
import type { CommandError } from '../../../src/domain/chat/command.types.ts';
import { COMMAND_NAMES } from '../../../src/domain/chat/command-catalog.ts';
import { parseCommand } from '../../../src/domain/chat/command-grammar.ts';
import { commandErrorMessage, commandHelpMessage } from '../../../src/domain/chat/command-messages.ts';

const errorOf = (text: string): CommandError => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.error;
};

describe('commandHelpMessage', () => {
  it('shows every subcommand as a field, privately, in the agent’s language', () => {
    const message = commandHelpMessage('es', 'case');
    expect(message.visibility).toBe('private');
    expect(message.text).toBe(commandHelp('es', 'case'));
    expect(message.fields?.map((field) => field.label)).toEqual(
      COMMAND_NAMES.map((n) => commandUsage(n, 'es', 'case')),
    );
    expect(message.fields?.find((f) => f.label === 'case close <ref> <resolución…>')?.value).toBe(
      'cierra un caso con su resolución',
    );
  });

  it('explains one subcommand when asked', () => {
    const message = commandHelpMessage('en', '/case', 'wait');
    expect(message.title).toBe('/case wait <ref> [text…]');
    expect(message.text).toContain('wait for the customer');
  });
});

describe('commandErrorMessage', () => {
  it('words the refusal and offers the help of the subcommand concerned', () => {
    const error = errorOf('cerrar 42');
    expect(commandErrorMessage(error, 'es')).toEqual({
      text: describeCommandError(error, 'es'),
      actions: [{ kind: 'command', label: 'Ayuda', command: 'help close' }],
      visibility: 'private',
    });
  });

  it('offers the help of the suggested subcommand, or the whole help', () => {
    expect(commandErrorMessage(errorOf('shwo 42'), 'en').actions).toEqual([
      { kind: 'command', label: 'Help', command: 'help show' },
    ]);
    expect(commandErrorMessage(errorOf('frobnicate'), 'en').actions).toEqual([
      { kind: 'command', label: 'Help', command: 'help' },
    ]);
  });
});
