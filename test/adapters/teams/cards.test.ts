import { describe, expect, it } from 'vitest';
import { ADAPTIVE_CARD, renderCard, toActivity } from '../../../adapters/teams/cards.ts';
import { cardCommand, executeCommand } from '../../../adapters/teams/teams-submit.ts';
import type { ChatMessage } from '../../../src/domain/chat/chat-message.ts';

const caseMessage: ChatMessage = {
  text: 'ITBX-4 asignado a ana\nITBX-4 · El portal no carga\nCliente: ACME\nEstado: Abierto\n⚑ urgente',
  title: 'ITBX-4 · El portal no carga',
  fields: [
    { label: 'Cliente', value: 'ACME' },
    { label: 'Estado', value: 'Abierto' },
  ],
  notes: ['⚑ urgente'],
  actions: [
    { kind: 'command', label: 'Asignarme', command: 'assign ITBX-4 me', style: 'primary' },
    { kind: 'command', label: 'Cancelar', command: 'cancel ITBX-4', style: 'danger' },
    { kind: 'prompt', label: 'Cerrar', command: 'close ITBX-4', prompt: 'Resolución del caso' },
    { kind: 'link', label: 'Portal', url: 'https://soporte.example.invalid' },
  ],
  visibility: 'private',
  caseRef: 'ITBX-4',
};

describe('Teams cards: a ChatMessage as an Adaptive Card 1.5', () => {
  it('headline, title, fields as a FactSet, notes, then the buttons', () => {
    const card = renderCard(caseMessage);
    expect(card.version).toBe('1.5');
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'ITBX-4 asignado a ana', wrap: true, id: 'headline' },
      {
        type: 'TextBlock',
        text: 'ITBX-4 · El portal no carga',
        wrap: true,
        id: 'title',
        weight: 'Bolder',
        size: 'Medium',
      },
      {
        type: 'FactSet',
        id: 'fields',
        facts: [
          { title: 'Cliente', value: 'ACME' },
          { title: 'Estado', value: 'Abierto' },
        ],
      },
      { type: 'TextBlock', text: '⚑ urgente', wrap: true, spacing: 'Medium' },
    ]);
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Asignarme', data: { portero: 'assign ITBX-4 me' }, style: 'positive' },
      { type: 'Action.Submit', title: 'Cancelar', data: { portero: 'cancel ITBX-4' }, style: 'destructive' },
      {
        type: 'Action.ShowCard',
        title: 'Cerrar',
        card: {
          type: 'AdaptiveCard',
          body: [
            {
              type: 'Input.Text',
              id: 'porteroText',
              label: 'Resolución del caso',
              isMultiline: true,
              isRequired: true,
            },
          ],
          actions: [{ type: 'Action.Submit', title: 'Cerrar', data: { portero: 'close ITBX-4' } }],
        },
      },
      { type: 'Action.OpenUrl', title: 'Portal', url: 'https://soporte.example.invalid' },
    ]);
  });

  it('a message without notes shows its text after the title, one block a line, paragraphs spaced', () => {
    const card = renderCard({
      title: 'Casos abiertos (0)',
      text: 'Casos abiertos (0)\nNo hay casos.\n\nOtra cosa',
      visibility: 'private',
    });
    expect(card.body.map((block) => [block.text, block.spacing])).toEqual([
      ['Casos abiertos (0)', undefined],
      ['No hay casos.', 'Medium'],
      ['Otra cosa', 'Medium'],
    ]);
  });

  it('one line with nothing to click is a text message, escaped markdown; anything richer is a card with a summary', () => {
    expect(toActivity({ text: '⚠️ No existe el caso ITBX-9.', visibility: 'private' })).toEqual({
      type: 'message',
      text: '⚠️ No existe el caso ITBX-9.',
      textFormat: 'markdown',
    });
    expect(toActivity({ text: 'Falta <ref>. Uso: case show <ref>', visibility: 'private' }).text).toBe(
      'Falta \\<ref\\>. Uso: case show \\<ref\\>',
    );
    const rich = toActivity(caseMessage);
    expect(rich.attachments?.[0]?.contentType).toBe(ADAPTIVE_CARD);
    expect(rich.summary).toBe('ITBX-4 · El portal no carga');
    expect(rich.text).toBeUndefined();
    expect(toActivity({ text: 'uno\ndos', visibility: 'private' }).attachments).toHaveLength(1);
  });
});

describe('Teams card submits: only what cards.ts wrote is a command', () => {
  it('reads Action.Submit data, with the prompt text after the command', () => {
    expect(cardCommand({ portero: 'assign ITBX-4 me' })).toBe('assign ITBX-4 me');
    expect(cardCommand({ portero: 'close ITBX-4', porteroText: '  Reinicio del pool  ' })).toBe(
      'close ITBX-4 Reinicio del pool',
    );
    expect(executeCommand({ action: { type: 'Action.Execute', data: { portero: 'show ITBX-4' } } })).toBe(
      'show ITBX-4',
    );
  });

  it.each([
    undefined,
    null,
    'assign 1 me',
    { portero: 42 },
    { portero: '   ' },
    { portero: 'x'.repeat(201) },
    { other: 1 },
  ])('ignores %j', (value) => {
    expect(cardCommand(value)).toBeUndefined();
    expect(executeCommand({ action: { data: value } })).toBeUndefined();
  });
});

describe('Teams message size', () => {
  it('keeps a card with long notes under the size limit, cut with "…" and a pointer to case show', () => {
    const notes = Array.from({ length: 12 }, (_, i) => `${i} ${'n'.repeat(10_000)}`);
    const message: ChatMessage = {
      text: ['ITBX-7 · Portal', 'Estado: Abierto', ...notes].join('\n'),
      title: 'ITBX-7 · Portal',
      fields: [{ label: 'Estado', value: 'Abierto' }],
      notes,
      visibility: 'private',
      caseRef: 'ITBX-7',
    };
    const card = JSON.stringify(renderCard(message));
    expect(card.length).toBeLessThan(28_000);
    expect(card).toContain('… (case show ITBX-7)');
  });
});
