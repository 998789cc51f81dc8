import type { Config } from '../../src/config.ts';
import type { PlatformContext } from '../platform.types.ts';
import type { SlackPlatform } from './slack-app.ts';
import { SLACK_ROUTE } from './slack-request.ts';

export type { SlackAppOptions, SlackPlatform } from './slack-app.ts';
export { SLACK_ROUTE };

/** Slack, when the configuration has its credentials; otherwise it says so once and the server runs without it. */
export async function createSlackPlatform(
  config: Config,
  context: PlatformContext,
): Promise<SlackPlatform | undefined> {
  const { botToken, signingSecret, apiUrl } = config.slack;
  if (!botToken || !signingSecret) {
    context.log.info({}, 'Slack is disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    return undefined;
  }
  // Bolt is loaded only when Slack is on: a deployment without it starts faster and holds less memory.
  const { createSlackApp } = await import('./slack-app.ts');
  const platform = createSlackApp({ botToken, signingSecret, context, ...(apiUrl && { apiUrl }) });
  context.log.info({ route: SLACK_ROUTE, apiUrl: apiUrl ?? 'https://slack.com/api/' }, 'Slack is enabled');
  return platform;
}
