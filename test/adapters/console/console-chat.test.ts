import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderText, runConsoleChat, toJson } from '../../../adapters/console/console-chat.ts';
import { handleInbound } from '../../../src/app/chat/handle-inbound.ts';
import type { ChatMessage } from '../../../src/domain/chat/chat-message.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The console adapter: lines in, Portero's replies out, as text or one JSON object a reply.

const lines = (...texts: string[]) => Readable.from(texts.map((text) => `${text}\n`));

const card: ChatMessage = {
  text: 'Caso ITBX-1 abierto.\nITBX-1 · Portal caído',
  title: 'ITBX-1 · Portal caído',
  fields: [{ label: 'Estado', value: 'Abierto' }],
  actions: [{ kind: 'command', label: 'Asignarme', command: 'assign ITBX-1 me' }],
  visibility: 'private',
  caseRef: 'ITBX-1',
};
const redirect: ChatMessage = {
  text: 'El chat no es un canal de soporte.\n• Portal: https://portal.example.invalid',
  actions: [
    { kind: 'link', label: 'Portal', url: 'https://portal.example.invalid' },
    { kind: 'link', label: 'Correo', url: 'mailto:soporte@example.invalid' },
  ],
  visibility: 'private',
};

describe('the console adapter', () => {
  it('answers each non-blank line in order and prints every reply', async () => {
    const asked: string[] = [];
    const out: string[] = [];
    const count = await runConsoleChat({
      input: lines('primera', '', '   ', 'segunda'),
      write: (line) => out.push(line),
      json: false,
      answer: async (text) => {
        asked.push(text);
        return text === 'primera' ? [] : [card, { text: 'hecho', visibility: 'public' }];
      },
    });
    expect(asked).toEqual(['primera', 'segunda']);
    expect(count).toBe(2);
    expect(out).toEqual([`🔒 ${card.text}`, 'hecho']);
  });

  it('spells out links the text does not already show, so a terminal reader can follow them', () => {
    expect(renderText(redirect).split('\n')).toEqual([
      '🔒 El chat no es un canal de soporte.',
      '• Portal: https://portal.example.invalid',
      '  → Correo: mailto:soporte@example.invalid',
    ]);
  });

  it('--json: one object a line with text, visibility and the case when there is one', async () => {
    const out: string[] = [];
    await runConsoleChat({
      input: lines('x'),
      write: (line) => out.push(line),
      json: true,
      answer: async () => [card, redirect],
    });
    const [first, second] = out.map((line) => JSON.parse(line));
    expect(first).toEqual({
      text: card.text,
      visibility: 'private',
      case: 'ITBX-1',
      title: card.title,
      fields: card.fields,
      actions: card.actions,
    });
    expect(second).toEqual({ text: redirect.text, visibility: 'private', actions: redirect.actions });
    expect(toJson({ text: 't', visibility: 'public', actions: [] })).toEqual({ text: 't', visibility: 'public' });
  });

  it('prompts on the terminal before each line when a person is typing; replies still go through write', async () => {
    const out: string[] = [];
    let screen = '';
    const terminal = new PassThrough();
    terminal.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
    });
    await runConsoleChat({
      input: lines('hola'),
      write: (line) => out.push(line),
      json: false,
      terminal: { output: terminal, prompt: 'portero> ' },
      answer: async () => [{ text: 'respuesta', visibility: 'public' }],
    });
    expect(out).toEqual(['respuesta']);
    // Once before the first line, once after the reply: the prompt never goes to stdout as a line of its own.
    expect(screen.match(/portero> /g)).toHaveLength(2);
  });

  it('without a terminal, nothing but the replies is written', async () => {
    const out: string[] = [];
    await runConsoleChat({
      input: lines('hola'),
      write: (line) => out.push(line),
      json: false,
      answer: async () => [{ text: 'respuesta', visibility: 'public' }],
    });
    expect(out).toEqual(['respuesta']);
  });
});

describe('the console adapter over the real core', () => {
  const p = usePortero();

  it('a customer session at itbx: chit-chat is silent, the request gets the redirect, the repeat nothing', async () => {
    const out: string[] = [];
    const count = await runConsoleChat({
      input: lines('hola', 'No me deja entrar al portal', 'sigue sin funcionar, ¿me ayudan?'),
      write: (line) => out.push(line),
      json: true,
      answer: async (text) =>
        (
          await handleInbound(
            p.deps,
            {
              platform: 'console',
              tenantId: 'itbx',
              conversation: { id: 'dm:ana', kind: 'dm' },
              user: { id: 'ana' },
              text,
              addressed: true,
            },
            { prefix: 'case' },
          )
        ).replies,
    });
    expect(count).toBe(1);
    const [reply] = out.map((line) => JSON.parse(line));
    expect(reply).toMatchObject({ visibility: 'private' });
    // The help centre is the built-in portal: linked.
    expect(reply.actions).toEqual([
      expect.objectContaining({ kind: 'link', url: expect.stringMatching(/\/portal\/itbx\/$/) }),
    ]);
    expect(reply.text).toContain('• Centro de asistencia de ITBX');
    expect(reply.text).toMatch(/^Gracias por escribirnos, pero el chat no es un canal de soporte de ITBX\./);
    expect(reply).not.toHaveProperty('case');
  });
});
