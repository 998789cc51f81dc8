// Slack sends text with &, < and > escaped and its own <…> markup for mentions, channels and links. The core reads
// plain text, except user mentions: `<@U123>` is how `/case assign ITBX-4 @ana` names a person, so those stay.

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** Slack's markup → the text a person typed; mentions of the bot itself are dropped, other user mentions kept. */
export function plainText(raw: string, botUserId?: string): string {
  const text = raw.replace(/<([^<>]*)>/g, (token, inner: string) => {
    const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
    if (target.startsWith('@')) return botUserId && target.slice(1) === botUserId ? '' : token;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    return label && label !== target ? `${label} (${target})` : target;
  });
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity]!).trim();
}

/**
 * Our text inside mrkdwn, blocks and the top-level `text` alike: only &, < and > need escaping (Slack's rule), so
 * nothing we say becomes markup. Case titles and notes are people's text: unescaped, `<!channel>` would notify a whole
 * channel and `<https://evil.example|Reset>` show a masked link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A message's top-level `text` (notifications, screen readers): cut to `max`, then escaped, so no entity is cut. */
export function fallbackText(text: string, max = 3000): string {
  return escapeMrkdwn(clip(text, max));
}

/** Cuts text to Slack's limit for a field, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Direct-message conversation ids start with D; channels (public, private, shared) with C or G. */
export function conversationKind(channelId: string, channelType?: string): 'dm' | 'channel' {
  return channelType === 'im' || (channelType === undefined && channelId.startsWith('D')) ? 'dm' : 'channel';
}
