import type { types } from '@slack/bolt';
import type { CaseSnapshot } from '../../src/app/cases/case-snapshot.ts';
import { caseCard } from '../../src/app/chat/case-card.ts';
import type { ChatMessage, MessageAction } from '../../src/domain/chat/chat-message.ts';
import { cutForChat } from '../../src/domain/chat/message-size.ts';
import type { Locale } from '../../src/domain/policy/localized-text.ts';
import { clip, escapeMrkdwn, fallbackText } from './slack-text.ts';

// ChatMessage → Block Kit. The core decides what is said; this file only decides how Slack shows it, within Slack's
// limits (header 150 chars, section 3,000, 10 fields a section, 25 elements an actions block, 50 blocks a message).

type Block = types.KnownBlock;

/** Action ids of Portero's buttons: a prefix the listeners match, then the button's position (ids must be unique). */
export const ACTION = { command: 'portero.command', prompt: 'portero.prompt', link: 'portero.link' } as const;

export interface SlackMessage {
  /** Notifications, screen readers and clients that cannot show blocks: mrkdwn too, so escaped. */
  text: string;
  blocks: Block[];
}

/** What a `prompt` button carries to the modal that asks for its text. */
export interface PromptValue {
  command: string;
  prompt: string;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });

export function messageBlocks(message: ChatMessage): SlackMessage {
  const blocks: Block[] = [];
  const { title } = message;
  if (title) blocks.push({ type: 'header', text: plain(title, 150) });
  const lines = message.text.split('\n');
  const titleAt = title ? lines.indexOf(title) : -1;
  if (message.fields?.length) {
    // A card: what came before the title line is its headline ("Case ITBX-4 assigned.").
    const lead = titleAt > 0 ? lines.slice(0, titleAt).join('\n') : '';
    if (lead) blocks.push(...sections(lead));
    for (let i = 0; i < message.fields.length; i += 10) {
      const group = message.fields.slice(i, i + 10);
      blocks.push({
        type: 'section',
        fields: group.map((field) =>
          mrkdwn(clip(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, 2000)),
        ),
      });
    }
    const notes = (message.notes ?? []).filter((note) => note.trim() !== '');
    // A context block holds 10 elements: a page of history (its heading, 10 events, "more") takes two.
    for (let i = 0; i < notes.length; i += 10)
      blocks.push({
        type: 'context',
        // Cut before escaping (an entity is never cut), leaving room for what escaping adds.
        elements: notes
          .slice(i, i + 10)
          .map((note) => mrkdwn(clip(escapeMrkdwn(cutForChat(note, 2500, message.caseRef)), 3000))),
      });
  } else {
    blocks.push(...sections(titleAt === 0 ? lines.slice(1).join('\n') : message.text, message.caseRef));
  }
  blocks.push(...actionBlocks(message.actions ?? []));
  return { text: fallbackText(message.text), blocks: blocks.slice(0, 50) };
}

/** The root card of a case in its agent channel. */
export function caseCardBlocks(snapshot: CaseSnapshot, options: { locale: Locale; zone: string }): SlackMessage {
  return messageBlocks(caseCard(snapshot, options));
}

/** Paragraphs packed into sections of at most 3,000 characters. */
function sections(text: string, caseRef?: string): Block[] {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const packed: string[] = [];
  for (const paragraph of paragraphs) {
    const last = packed.at(-1);
    if (last !== undefined && last.length + paragraph.length + 2 <= 3000)
      packed[packed.length - 1] = `${last}\n\n${paragraph}`;
    else packed.push(paragraph);
  }
  return packed.map((part) => ({
    type: 'section',
    text: mrkdwn(clip(escapeMrkdwn(cutForChat(part, 2500, caseRef)), 3000)),
  }));
}

function actionBlocks(actions: MessageAction[]): Block[] {
  const buttons: types.Button[] = [];
  const mailLinks: string[] = [];
  actions.forEach((action, i) => {
    if (action.kind === 'link') {
      // Buttons open web pages only; a mailto: link is shown as a link beside them.
      if (/^https?:\/\//i.test(action.url))
        buttons.push({
          type: 'button',
          action_id: `${ACTION.link}.${i}`,
          text: plain(action.label, 75),
          url: action.url,
        });
      else mailLinks.push(`<${action.url}|${escapeMrkdwn(action.label)}>`);
    } else if (action.kind === 'command') {
      buttons.push({
        type: 'button',
        action_id: `${ACTION.command}.${i}`,
        text: plain(action.label, 75),
        value: clip(action.command, 2000),
        ...(action.style && { style: action.style }),
      });
    } else {
      const value: PromptValue = { command: action.command, prompt: action.prompt };
      buttons.push({
        type: 'button',
        action_id: `${ACTION.prompt}.${i}`,
        text: plain(action.label, 75),
        value: JSON.stringify(value),
      });
    }
  });
  const blocks: Block[] = [];
  if (mailLinks.length > 0)
    blocks.push({ type: 'context', elements: mailLinks.slice(0, 10).map((link) => mrkdwn(link)) });
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons.slice(0, 25) });
  return blocks;
}
