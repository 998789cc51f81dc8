import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

// Where Teams may be reached from, and where its replies may go. With MicrosoftAppId every activity's JWT is the
// proof of who sent it; the local-emulator mode (PORTERO_TEAMS_EMULATOR=1, never in production) has no proof at all,
// so it accepts only callers whose socket is on this machine and nothing a proxy or tunnel forwarded.

export const TEAMS_ROUTE = '/api/messages';

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

/**
 * The Bot Connector hosts Microsoft documents for Teams and the Bot Framework channels (public, GCC, GCC High, DoD):
 * a reply carries case data, so it never goes to a serviceUrl the caller made up.
 */
const BOT_FRAMEWORK_HOSTS = [
  /^smba\.trafficmanager\.net$/,
  /(^|\.)botframework\.com$/,
  /(^|\.)botframework\.azure\.us$/,
  /(^|\.)teams\.microsoft\.com$/,
  /(^|\.)teams\.microsoft\.us$/,
];
const LOOPBACK_HOSTS = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

export function fromThisMachine(c: Context): boolean {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    // Not served by node (an in-process request): no socket, so not this machine's.
  }
  return LOOPBACK.test(remote ?? '') && !FORWARDED.some((name) => c.req.header(name) !== undefined);
}

/** Whether replies may be posted to `serviceUrl`: Microsoft's hosts over https, or this machine in emulator mode. */
export function allowedServiceUrl(serviceUrl: string, emulator: boolean): boolean {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (emulator) return LOOPBACK_HOSTS.test(url.hostname);
  return url.protocol === 'https:' && BOT_FRAMEWORK_HOSTS.some((host) => host.test(url.hostname));
}
