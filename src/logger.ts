import { pino } from 'pino';

// One logger for the process. Message bodies and credentials never reach it: callers log ids, codes and counts, and
// these paths are censored in case a payload slips through.
export function createLogger(level: string) {
  return pino({
    level,
    base: { app: 'portero' },
    redact: {
      paths: [
        'text',
        'body',
        'payload',
        'token',
        'password',
        'authorization',
        '*.text',
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
  });
}

export type Logger = ReturnType<typeof createLogger>;
