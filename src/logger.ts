import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';

const context = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs `work` with `fields` added to every line logged inside it, its awaits included (an HTTP request's id, say).
 */
export function withLogFields<T>(fields: Record<string, unknown>, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

// One logger for the process. Message bodies and credentials never reach it: callers log ids, codes and counts, and
// these paths are censored in case a payload slips through.
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { app: 'portero' },
      mixin: () => context.getStore() ?? {},
      redact: {
        paths: [
          'text',
          'body',
          'payload',
          'token',
          'password',
          'authorization',
          'email',
          '*.text',
          '*.email',
          '*.body',
          '*.token',
          '*.password',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'headers["x-slack-signature"]',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
