import { type Logger, LogLevel } from '@slack/bolt';
import type { PlatformContext } from '../platform.types.ts';

/**
 * Bolt's and the Web API client's log lines, into Portero's logger. Only warnings and errors pass, as one short line:
 * Bolt's debug output can hold whole request bodies (message text, tokens in response URLs), which never get logged.
 */
export function boltLogger(log: PlatformContext['log']): Logger {
  const line = (parts: unknown[]) =>
    parts
      .map((part) => (part instanceof Error ? part.message : String(part)))
      .join(' ')
      .slice(0, 300);
  return {
    debug: () => {},
    info: () => {},
    warn: (...parts: unknown[]) => log.warn({ source: 'bolt' }, line(parts)),
    error: (...parts: unknown[]) => log.error({ source: 'bolt' }, line(parts)),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}
