import { describe, expect, it } from 'vitest';
import { ACTION, messageBlocks } from '../../../adapters/slack/blocks.ts';
import { escapeMrkdwn, fallbackText, plainText } from '../../../adapters/slack/slack-text.ts';
import type { ChatMessage } from '../../../src/domain/chat/chat-message.ts';

// How Slack shows what the core says, within Block Kit's limits, and how Slack's markup is read back.

describe('plainText', () => {
  it('unescapes &, < and > and keeps user mentions for the command grammar', () => {
    expect(plainText('assign ITBX-4 <@U0BEA|bea> &amp; note &lt;b&gt;')).toBe('assign ITBX-4 <@U0BEA|bea> & note <b>');
  });

  it('drops the bot’s own mention and reads channels, links, mail and specials as text', () => {
    expect(
      plainText('<@UBOT> see <#C123|general>, <https://x.test/a|the docs>, <mailto:a@b.co|a@b.co> <!here>', 'UBOT'),
    ).toBe('see #general, the docs (https://x.test/a), a@b.co @here');
    expect(plainText('<https://x.test/a>')).toBe('https://x.test/a');
  });
});

describe('escapeMrkdwn and fallbackText (Slack)', () => {
  it.each([
    ['<!channel> hola', '&lt;!channel&gt; hola'],
    ['<!here|here>', '&lt;!here|here&gt;'],
    ['<!subteam^S0SOPORTE>', '&lt;!subteam^S0SOPORTE&gt;'],
    ['<@U0BOSS> mira', '&lt;@U0BOSS&gt; mira'],
    ['<#C0GENERAL>', '&lt;#C0GENERAL&gt;'],
    ['<https://evil.example|Reset your password>', '&lt;https://evil.example|Reset your password&gt;'],
    ['AT&T', 'AT&amp;T'],
    ['&lt;ya escapado&gt;', '&amp;lt;ya escapado&amp;gt;'],
    ['ITBX-1 · *Impresora* _caída_', 'ITBX-1 · *Impresora* _caída_'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeMrkdwn(text)).toBe(escaped);
    expect(plainText(escaped)).toBe(text);
  });

  it('cuts the fallback text before escaping it, so no entity is cut in half', () => {
    const text = fallbackText('<'.repeat(5_000));
    expect(text).toBe(`${'&lt;'.repeat(2_999)}…`);
  });
});

describe('messageBlocks', () => {
  it('renders a card: header, the headline before the title, fields in sections of ten, notes, buttons', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v<${i}>` }));
    const message: ChatMessage = {
      title: 'ITBX-4 · Printer',
      text: ['Case ITBX-4 assigned.', 'ITBX-4 · Printer', 'L0: v0'].join('\n'),
      fields,
      notes: ['⚑ urgent'],
      actions: [
        { kind: 'command', label: 'Assign to me', command: 'assign ITBX-4 me', style: 'primary' },
        { kind: 'prompt', label: 'Close', command: 'close ITBX-4', prompt: 'Resolution' },
        { kind: 'link', label: 'Portal', url: 'https://portal.test' },
        { kind: 'link', label: 'Email', url: 'mailto:help@x.test' },
      ],
      visibility: 'private',
    };
    const { blocks, text } = messageBlocks(message);
    expect(text).toBe(message.text);
    expect(blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'context',
      'context',
      'actions',
    ]);
    expect(blocks[1]).toMatchObject({ text: { text: 'Case ITBX-4 assigned.' } });
    expect((blocks[2] as { fields: unknown[] }).fields).toHaveLength(10);
    expect((blocks[3] as { fields: { text: string }[] }).fields[0]?.text).toBe('*L10*\nv&lt;10&gt;');
    expect(blocks[5]).toMatchObject({ elements: [{ type: 'mrkdwn', text: '<mailto:help@x.test|Email>' }] });
    expect((blocks[6] as { elements: unknown[] }).elements).toEqual([
      expect.objectContaining({ action_id: `${ACTION.command}.0`, value: 'assign ITBX-4 me', style: 'primary' }),
      expect.objectContaining({
        action_id: `${ACTION.prompt}.1`,
        value: JSON.stringify({ command: 'close ITBX-4', prompt: 'Resolution' }),
      }),
      expect.objectContaining({ action_id: `${ACTION.link}.2`, url: 'https://portal.test' }),
    ]);
  });

  it('packs long text into sections of at most 3,000 characters and 50 blocks, headers of 150', () => {
    const paragraph = 'x'.repeat(1_800);
    const message: ChatMessage = {
      title: 't'.repeat(200),
      text: Array.from({ length: 80 }, () => paragraph).join('\n\n'),
      visibility: 'private',
    };
    const { blocks, text } = messageBlocks(message);
    expect(blocks).toHaveLength(50);
    expect((blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
    for (const block of blocks.slice(1))
      expect((block as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3_000);
    expect(text.length).toBeLessThanOrEqual(3_000);
  });
});

describe('Slack message size', () => {
  it('cuts a long note with "…" and a pointer to case show, within the block limit', () => {
    const note = 'x'.repeat(10_000);
    const message: ChatMessage = {
      text: `ITBX-7 · Portal\nEstado: Abierto\n${note}`,
      title: 'ITBX-7 · Portal',
      fields: [{ label: 'Estado', value: 'Abierto' }],
      notes: [note],
      visibility: 'private',
      caseRef: 'ITBX-7',
    };
    const { blocks } = messageBlocks(message);
    const context = blocks.find((block) => block.type === 'context') as { elements: { text: string }[] };
    const text = context.elements[0]!.text;
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('… (case show ITBX-7)')).toBe(true);
  });
});
