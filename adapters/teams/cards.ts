import type { Activity, Attachment } from 'botbuilder';
import type { ChatMessage, MessageAction } from '../../src/domain/chat/chat-message.ts';
import { cutForChat, notesWithin } from '../../src/domain/chat/message-size.ts';
import { escapeMarkdown, textMessage } from './teams-text.ts';

// ChatMessage → what Teams shows: an Adaptive Card 1.5 (title, fields as a FactSet, notes, buttons), or a text
// message for a one-line answer with nothing to click. Every text Teams reads as markdown (TextBlocks, facts, text
// messages) is escaped by teams-text.ts. Buttons carry the command they run in `data.portero`; a card submit comes
// back as a message whose `value` holds that data (see teams-submit.ts).

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** The Input.Text of a prompt button (close with a resolution): its text follows the command. */
export const PROMPT_INPUT = 'porteroText';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  msteams?: { width: 'Full' };
}

export interface SubmitData {
  portero: string;
}

export function renderCard(message: ChatMessage): AdaptiveCard {
  const lines = message.text.split('\n').map((line) => cutForChat(line, 2000, message.caseRef));
  const titleAt = message.title === undefined ? -1 : lines.indexOf(message.title);
  // A case card's text is headline, title, fields, notes: what comes before the title is the headline.
  const headline = titleAt > 0 ? lines.slice(0, titleAt).filter((line) => line.trim() !== '') : [];
  const fieldLines = new Set((message.fields ?? []).map((field) => `${field.label}: ${field.value}`));
  const rest =
    message.notes && message.notes.length > 0
      ? // Within Teams' size limit (about 28 KB an activity, escaping included): each note and all of them bounded.
        notesWithin(message.notes, 2000, 12_000, message.caseRef).join('\n\n').split('\n')
      : lines.filter((line, i) => i > titleAt && line !== message.title && !fieldLines.has(line));
  const body: Record<string, unknown>[] = [
    ...headline.map((text) => textBlock(text, { id: 'headline' })),
    ...(message.title === undefined
      ? []
      : [textBlock(message.title, { id: 'title', weight: 'Bolder', size: 'Medium' })]),
    ...(message.fields?.length
      ? [
          {
            type: 'FactSet',
            id: 'fields',
            facts: message.fields.map((f) => ({ title: escapeMarkdown(f.label), value: escapeMarkdown(f.value) })),
          },
        ]
      : []),
    ...paragraphs(rest),
  ];
  const actions = (message.actions ?? []).map(renderAction);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 && { actions }),
    msteams: { width: 'Full' },
  };
}

/** The activity that says `message` in Teams. */
export function toActivity(message: ChatMessage): Partial<Activity> {
  const plain = !message.title && !message.fields?.length && !message.actions?.length && !message.text.includes('\n');
  if (plain) return textMessage(message.text);
  const attachment: Attachment = { contentType: ADAPTIVE_CARD, content: renderCard(message) };
  // The summary is what notifications and the chat list show for a card.
  return { type: 'message', summary: message.title ?? message.text.split('\n')[0], attachments: [attachment] };
}

function renderAction(action: MessageAction): Record<string, unknown> {
  switch (action.kind) {
    case 'link':
      return { type: 'Action.OpenUrl', title: action.label, url: action.url };
    case 'command':
      return {
        type: 'Action.Submit',
        title: action.label,
        data: { portero: action.command } satisfies SubmitData,
        ...(action.style && { style: action.style === 'primary' ? 'positive' : 'destructive' }),
      };
    case 'prompt':
      return {
        type: 'Action.ShowCard',
        title: action.label,
        card: {
          type: 'AdaptiveCard',
          body: [{ type: 'Input.Text', id: PROMPT_INPUT, label: action.prompt, isMultiline: true, isRequired: true }],
          actions: [{ type: 'Action.Submit', title: action.label, data: { portero: action.command } }],
        },
      };
  }
}

function textBlock(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'TextBlock', text: escapeMarkdown(text), wrap: true, ...extra };
}

/** One TextBlock a line (hosts differ on single line breaks inside a block); a blank line opens a paragraph. */
function paragraphs(lines: string[]): Record<string, unknown>[] {
  let opening = true;
  const blocks: Record<string, unknown>[] = [];
  for (const line of lines) {
    if (line.trim() === '') opening = true;
    else {
      blocks.push(textBlock(line, { spacing: opening ? 'Medium' : 'None' }));
      opening = false;
    }
  }
  return blocks;
}
