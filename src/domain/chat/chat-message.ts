// What Portero says in chat, before any platform renders it: Slack turns it into Block Kit, Teams into an
// Adaptive Card, the console into plain text or JSON. Adapters translate; they never decide what is said.

export type Visibility = 'private' | 'public';

export interface MessageField {
  label: string;
  value: string;
}

export type MessageAction =
  /** Opens a URL (portal, ticket form, mailto:, Azure DevOps). */
  | { kind: 'link'; label: string; url: string }
  /** Runs an agent command as the person who clicks it (`assign ITBX-4 me`, `move ITBX-4 analisis`). */
  | { kind: 'command'; label: string; command: string; style?: 'primary' | 'danger' }
  /** Asks for text first (close with a resolution), then runs `command` followed by that text. */
  | { kind: 'prompt'; label: string; command: string; prompt: string };

export interface ChatMessage {
  /** The whole message as plain text: what the console prints and what notifications show. */
  text: string;
  title?: string;
  fields?: MessageField[];
  /** Short paragraphs after the fields (support hours, what to include, a warning). */
  notes?: string[];
  actions?: MessageAction[];
  visibility: Visibility;
  /** The case this message is about (`ITBX-42`), when there is one. */
  caseRef?: string;
}
