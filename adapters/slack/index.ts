import type { Config } from '../../src/config.ts';
import type { ChatPlatform, PlatformContext } from '../platform.types.ts';
import { createSlackApp, SLACK_ROUTE, type SlackPlatform } from './slack-app.ts';

export { createSlackApp, SLACK_ROUTE, type SlackAppOptions, type SlackPlatform } from './slack-app.ts';

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
  const platform = createSlackApp({ botToken, signingSecret, context, ...(apiUrl && { apiUrl }) });
  context.log.info({ route: SLACK_ROUTE, apiUrl: apiUrl ?? 'https://slack.com/api/' }, 'Slack is enabled');
  return platform;
}

export function isSlackPlatform(platform: ChatPlatform): platform is SlackPlatform {
  return platform.name === 'slack';
}
