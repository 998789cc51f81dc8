import { createInterface } from 'node:readline';
import type { ChatMessage } from '../../src/domain/chat/chat-message.ts';

export interface ConsoleChatOptions {
  input: NodeJS.ReadableStream;
  write: (line: string) => void;
  /** Portero's replies to one line the person typed. */
  answer: (text: string) => Promise<ChatMessage[]>;
  json: boolean;
  /** When a person is typing (stdin is a terminal): the prompt, written to the terminal with line editing. */
  terminal?: { output: NodeJS.WritableStream; prompt: string };
}

/** One message a line in, Portero's replies out: plain text, or one JSON object a reply. */
export async function runConsoleChat(options: ConsoleChatOptions): Promise<number> {
  const { terminal } = options;
  // The prompt goes through readline, not `write`: it must stay on the line the person types on.
  const lines = terminal
    ? createInterface({ input: options.input, output: terminal.output, terminal: true, prompt: terminal.prompt })
    : createInterface({ input: options.input, terminal: false });
  let count = 0;
  lines.prompt();
  for await (const line of lines) {
    if (line.trim() !== '') {
      for (const reply of await options.answer(line)) {
        options.write(options.json ? JSON.stringify(toJson(reply)) : renderText(reply));
        count++;
      }
    }
    lines.prompt();
  }
  return count;
}

export function toJson(reply: ChatMessage) {
  return {
    text: reply.text,
    visibility: reply.visibility,
    ...(reply.caseRef && { case: reply.caseRef }),
    ...(reply.title && { title: reply.title }),
    ...(reply.fields && { fields: reply.fields }),
    ...(reply.actions?.length && { actions: reply.actions }),
  };
}

/** The text, then the links a person would click elsewhere (portal, mailto:) spelled out. */
export function renderText(reply: ChatMessage): string {
  const links = (reply.actions ?? []).flatMap((action) =>
    action.kind === 'link' && !reply.text.includes(action.url) ? [`  → ${action.label}: ${action.url}`] : [],
  );
  // Private replies would be ephemeral on Slack: only the person who wrote sees them.
  const marker = reply.visibility === 'private' ? '🔒 ' : '';
  return [`${marker}${reply.text}`, ...links].join('\n');
}
