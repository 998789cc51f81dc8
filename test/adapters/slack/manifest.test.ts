import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_ROUTE } from '../../../adapters/slack/index.ts';

// The manifest an operator pastes into Slack must point everything at the one endpoint and ask for what the adapter
// listens to: a missing event subscription fails silently in Slack, so it is checked here.

const manifest = parse(
  readFileSync(fileURLToPath(new URL('../../../adapters/slack/manifest.yaml', import.meta.url)), 'utf8'),
);

describe('adapters/slack/manifest.yaml', () => {
  it('sends the command, the events and the interactivity to /slack/events', () => {
    const urls = [
      ...manifest.features.slash_commands.map((command: { url: string }) => command.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_ROUTE);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('declares /case with mentions escaped, the events the adapter handles and their scopes', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/case', should_escape: true }),
    ]);
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    expect(events.sort()).toEqual(['app_mention', 'message.channels', 'message.groups', 'message.im']);
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const scope of [
      'commands',
      'chat:write',
      'app_mentions:read',
      'im:history',
      'channels:history',
      'groups:history',
    ])
      expect(scopes).toContain(scope);
  });
});
