import type { ChatSurface } from '../../domain/chat/platforms.ts';

/** A chat message as every adapter hands it in, platform details already translated. */
export interface InboundMessage {
  platform: ChatSurface;
  tenantId: string;
  conversation: { id: string; kind: 'dm' | 'channel' };
  user: { id: string; name?: string };
  text: string;
  /** The bot was addressed explicitly (a mention, a slash command). */
  addressed?: boolean;
}
