import { describe, expect, it } from 'vitest';
import { COMMAND_ALIASES, COMMAND_NAMES, resolveSubcommand } from '../../../src/domain/chat/command-catalog.ts';
import { editDistance, suggestSubcommand } from '../../../src/domain/chat/command-suggest.ts';

describe('editDistance (Damerau–Levenshtein)', () => {
  it.each([
    ['show', 'show', 0],
    ['shwo', 'show', 1],
    ['asign', 'assign', 1],
    ['lst', 'list', 1],
    ['clsoe', 'close', 1],
    ['kitten', 'sitting', 3],
    ['', 'sla', 3],
    ['ca', 'abc', 3],
  ])('%j → %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('suggestSubcommand', () => {
  it.each([
    ['asign', 'assign'],
    ['shwo', 'show'],
    ['lst', 'list'],
    ['SHWO', 'show'],
    ['clsoe', 'close'],
    ['reopne', 'reopen'],
    ['hlep', 'help'],
    ['hello', 'help'],
    ['priorty', 'priority'],
    ['escalte', 'escalate'],
    ['esc', 'escalate'],
    ['prio', 'priority'],
    ['showing', 'show'],
    ['cerar', 'cerrar'],
    ['asignr', 'asignar'],
    ['reabir', 'reabrir'],
  ])('%j → %j', (typed, suggestion) => {
    expect(suggestSubcommand(typed)).toBe(suggestion);
  });

  it.each(['frobnicate', 'xyz', 'status', '', '   ', 're', 'ls', 'c', 'zz'])('suggests nothing for %j', (typed) => {
    expect(suggestSubcommand(typed)).toBeUndefined();
  });

  it('leads back to the same subcommand from a one-letter slip of any of its words', () => {
    for (const name of COMMAND_NAMES) {
      for (const word of [name, ...COMMAND_ALIASES[name]]) {
        const slip = word.slice(0, -1) + (word.endsWith('x') ? 'y' : 'x');
        expect(resolveSubcommand(suggestSubcommand(slip) ?? ''), slip).toBe(name);
      }
    }
  });
});
