import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../http/http-server.ts';
import type { PlatformContext } from '../platform.types.ts';

// Without MicrosoftAppId, Teams runs in local-emulator mode: no Bot Framework authentication, so only a caller on this
// machine may post activities. Whoever sees the caller's own connection applies this: the Teams endpoint when it is
// served directly, the front process of `portero serve` when it is not (the worker only ever sees the front).

export const TEAMS_ROUTE = '/api/messages';

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

export function fromThisMachine(request: IncomingMessage): boolean {
  // A tunnel or reverse proxy on this machine connects from loopback on behalf of anyone: its headers give it away.
  return LOOPBACK.test(request.socket.remoteAddress ?? '') && !FORWARDED.some((name) => name in request.headers);
}

/** Answers 403 (and says why) when a caller from elsewhere reaches Teams in emulator mode; true when it did. */
export function refusedInEmulatorMode(
  request: IncomingMessage,
  response: ServerResponse,
  log: PlatformContext['log'],
): boolean {
  if (fromThisMachine(request)) return false;
  log.warn({ remote: request.socket.remoteAddress }, 'teams: refused a non-local caller in emulator mode');
  send(response, 403, {
    error: 'Teams runs in local-emulator mode (MicrosoftAppId is not set): only this machine may call /api/messages',
  });
  return true;
}
