import { describe, expect, it } from 'vitest';
import { escapeMarkdown, textMessage } from '../../../adapters/teams/teams-text.ts';
import { shown } from './teams-activities.ts';

// What Teams would render as markdown in people's text, and the escaped form that shows the characters instead.

describe('escapeMarkdown (Teams)', () => {
  it.each([
    ['[Reset](https://evil.example)', '\\[Reset\\](https://evil.example)'],
    ['![x](https://evil.example/p.png)', '!\\[x\\](https://evil.example/p.png)'],
    ['**urgente**', '\\*\\*urgente\\*\\*'],
    ['_x_ y __z__', '\\_x\\_ y \\_\\_z\\_\\_'],
    ['~~tachado~~', '\\~\\~tachado\\~\\~'],
    ['`rm -rf`', '\\`rm -rf\\`'],
    ['<https://evil.example>', '\\<https://evil.example\\>'],
    ['<at>Ana</at>', '\\<at\\>Ana\\</at\\>'],
    ['# Título', '\\# Título'],
    ['- uno', '\\- uno'],
    ['+ uno', '\\+ uno'],
    ['* uno', '\\* uno'],
    ['1. uno', '1\\. uno'],
    ['2) dos', '2\\) dos'],
    ['> cita', '\\> cita'],
    ['===', '\\==='],
    ['C:\\temp', 'C:\\\\temp'],
    ['bien\n- mal\n  3. peor', 'bien\n\\- mal\n  3\\. peor'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
    expect(shown(escapeMarkdown(text))).toBe(text);
  });

  it.each([
    'ITBX-1 · El portal no carga',
    'ACME S.A.',
    'Primera respuesta: en plazo, vence lun 23 nov 17:00',
    'Caso ITBX-12 abierto.',
    'AT&T (Bogotá) 50% - 2024',
  ])('leaves %j as it is', (text) => {
    expect(escapeMarkdown(text)).toBe(text);
  });

  it('a text message is markdown, escaped, one paragraph a line', () => {
    expect(textMessage('nota: **x**\n[a](b)')).toEqual({
      type: 'message',
      text: 'nota: \\*\\*x\\*\\*\n\n\\[a\\](b)',
      textFormat: 'markdown',
    });
  });
});
