import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LEASE_PER_DELIVERY_TIMEOUT, RELAY_DEFAULTS } from './app/outbox/outbox-relay.ts';

// The environment, read and checked once at start-up: every problem at once, each naming the variable, what it
// must be and (unless it is a secret) what it was.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const MICROSOFT_APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;
export const SHIPPED_POLICIES_DIR = fileURLToPath(new URL('../policies', import.meta.url));

export interface Config {
  /** Shaped as db/client.ts's `DatabaseOptions`: pass it to `openDatabase` as it is. */
  database: { url: string | undefined; poolSize: number; dataDir: string };
  port: number;
  /** Connections the HTTP server holds at once (PORTERO_MAX_CONNECTIONS); keep it under the process's file limit. */
  maxConnections: number;
  logLevel: (typeof LOG_LEVELS)[number];
  policiesDir: string;
  slack: { botToken?: string; signingSecret?: string; apiUrl?: string };
  teams: {
    appId?: string;
    appPassword?: string;
    appType?: (typeof MICROSOFT_APP_TYPES)[number];
    appTenantId?: string;
    /** PORTERO_TEAMS_EMULATOR: Teams without authentication, for the Bot Framework Emulator on this machine. */
    emulator: boolean;
  };
  /** The outbox relay's claim lease and per-delivery timeout, in ms (see RelayOptions). */
  outbox: { leaseMs: number; deliveryTimeoutMs: number };
  /** PORTERO_SECRET: signs Message-IDs and portal links; without it, a key generated once and kept in the database. */
  secret: string | undefined;
  /** PORTERO_PUBLIC_URL without a trailing slash: the base of the links Portero writes (portal, sign-in). */
  publicUrl: string;
  /**
   * PORTERO_MAIL_SPOOL: a development choice, customer emails written as files into this directory instead of sent
   * by SMTP. Unset (the default and production), email goes out by SMTP through the sender's mailbox.
   */
  mailSpool: string | undefined;
  /** PORTERO_MAIL_MAX_MESSAGE_BYTES: the largest incoming email taken (attachments included); larger ones are refused politely. */
  mail: { maxMessageBytes: number };
  /** PORTERO_PORTAL_DEV_LINKS: the portal's sign-in links are written to the log (development without a mailbox). */
  portalDevLinks: boolean;
  nodeEnv: string | undefined;
  /** PORTERO_METRICS_TOKEN: when set, GET /metrics answers only `Authorization: Bearer <it>`. */
  metricsToken?: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

interface Variable<T> {
  schema: z.ZodType<T>;
  /** Completes "NAME must be …". */
  expected: string;
  /** Secrets are never repeated back, not even in an error. */
  secret?: boolean;
}

const text: Variable<string> = { schema: z.string(), expected: 'text' };
const secret: Variable<string> = { ...text, secret: true };
const httpUrl: Variable<string> = { schema: z.url({ protocol: /^https?$/ }), expected: 'an http(s) URL' };

const variables = {
  DATABASE_URL: {
    schema: z.url({ protocol: /^postgres(ql)?$/ }),
    expected: 'a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database)',
    secret: true,
  },
  DATABASE_POOL_SIZE: { schema: z.coerce.number().int().min(1).max(1000), expected: 'a whole number from 1 to 1000' },
  PORTERO_DATA_DIR: { ...text, expected: 'a directory path, or "memory"' },
  PORT: { schema: z.coerce.number().int().min(1).max(65535), expected: 'a port number (1–65535)' },
  PORTERO_MAX_CONNECTIONS: {
    schema: z.coerce.number().int().min(16).max(1_000_000),
    expected: 'a whole number from 16 to 1000000',
  },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS), expected: `one of ${LOG_LEVELS.join(', ')}` },
  PORTERO_POLICIES_DIR: { ...text, expected: 'a directory path' },
  PORTERO_OUTBOX_LEASE_MS: {
    schema: z.coerce.number().int().min(10_000).max(3_600_000),
    expected: 'a whole number of milliseconds from 10000 to 3600000',
  },
  PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(1_000).max(1_200_000),
    expected: 'a whole number of milliseconds from 1000 to 1200000',
  },
  SLACK_BOT_TOKEN: secret,
  SLACK_SIGNING_SECRET: secret,
  SLACK_API_URL: httpUrl,
  MicrosoftAppId: text,
  MicrosoftAppPassword: secret,
  MicrosoftAppType: { schema: z.enum(MICROSOFT_APP_TYPES), expected: `one of ${MICROSOFT_APP_TYPES.join(', ')}` },
  MicrosoftAppTenantId: text,
  PORTERO_TEAMS_EMULATOR: { schema: z.enum(['0', '1', 'true', 'false']), expected: '1 or 0' },
  PORTERO_SECRET: {
    schema: z.string().min(32),
    expected: "at least 32 characters (it signs Portero's Message-IDs and portal links; `openssl rand -base64 32`)",
    secret: true,
  },
  PORTERO_PUBLIC_URL: httpUrl,
  PORTERO_MAIL_SPOOL: { ...text, expected: 'a directory path' },
  PORTERO_MAIL_MAX_MESSAGE_BYTES: {
    schema: z.coerce.number().int().min(1_024).max(1_073_741_824),
    expected: 'a whole number of bytes from 1024 to 1073741824 (default 10485760, 10 MB)',
  },
  PORTERO_PORTAL_DEV_LINKS: { schema: z.enum(['0', '1', 'true', 'false']), expected: '1 or 0' },
  NODE_ENV: text,
  PORTERO_METRICS_TOKEN: { schema: z.string().min(16), expected: 'at least 16 characters', secret: true },
} satisfies Record<string, Variable<unknown>>;

type Values = { [K in keyof typeof variables]?: z.output<(typeof variables)[K]['schema']> };

export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(variables) as [string, Variable<unknown>][]) {
    // `NAME=` in an env file means "not set", as it does for most tools.
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const parsed = variable.schema.safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else
      problems.push(
        `${name} must be ${variable.expected}, got ${variable.secret ? 'a value (not shown)' : `"${raw}"`}`,
      );
  }
  const v = values as Values;
  problems.push(...pairings(v));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      database: {
        url: v.DATABASE_URL,
        poolSize: v.DATABASE_POOL_SIZE ?? 10,
        dataDir: v.PORTERO_DATA_DIR ?? './.portero/data',
      },
      port: v.PORT ?? 3000,
      maxConnections: v.PORTERO_MAX_CONNECTIONS ?? 8_000,
      logLevel: v.LOG_LEVEL ?? 'info',
      policiesDir: v.PORTERO_POLICIES_DIR ?? SHIPPED_POLICIES_DIR,
      slack: compact({ botToken: v.SLACK_BOT_TOKEN, signingSecret: v.SLACK_SIGNING_SECRET, apiUrl: v.SLACK_API_URL }),
      teams: {
        ...compact({
          appId: v.MicrosoftAppId,
          appPassword: v.MicrosoftAppPassword,
          appType: v.MicrosoftAppType,
          appTenantId: v.MicrosoftAppTenantId,
        }),
        emulator: isOn(v.PORTERO_TEAMS_EMULATOR),
      },
      outbox: outboxTimes(v),
      secret: v.PORTERO_SECRET,
      publicUrl: (v.PORTERO_PUBLIC_URL ?? `http://localhost:${v.PORT ?? 3000}`).replace(/\/+$/, ''),
      mailSpool: v.PORTERO_MAIL_SPOOL,
      mail: { maxMessageBytes: v.PORTERO_MAIL_MAX_MESSAGE_BYTES ?? 10 * 1024 * 1024 },
      portalDevLinks: isOn(v.PORTERO_PORTAL_DEV_LINKS),
      nodeEnv: v.NODE_ENV,
      ...(v.PORTERO_METRICS_TOKEN && { metricsToken: v.PORTERO_METRICS_TOKEN }),
    },
  };
}

/** Without a delivery timeout of its own, a sixth of the lease: the default lease's 10 s. */
function outboxTimes(v: Values): Config['outbox'] {
  const leaseMs = v.PORTERO_OUTBOX_LEASE_MS ?? RELAY_DEFAULTS.leaseMs;
  return { leaseMs, deliveryTimeoutMs: v.PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS ?? Math.floor(leaseMs / 6) };
}

/** Settings that only work together: caught here rather than as a 401 from Slack or Azure at the first message. */
function pairings(v: Values): string[] {
  const problems: string[] = [];
  if (v.SLACK_BOT_TOKEN && !v.SLACK_SIGNING_SECRET)
    problems.push('SLACK_SIGNING_SECRET must be set when SLACK_BOT_TOKEN is (Slack app → Basic Information)');
  if (v.SLACK_SIGNING_SECRET && !v.SLACK_BOT_TOKEN)
    problems.push('SLACK_BOT_TOKEN must be set when SLACK_SIGNING_SECRET is (Slack app → OAuth & Permissions)');
  const msi = v.MicrosoftAppType === 'UserAssignedMSI';
  if (v.MicrosoftAppId && !v.MicrosoftAppPassword && !msi)
    problems.push(
      'MicrosoftAppPassword must be set when MicrosoftAppId is (unless MicrosoftAppType is UserAssignedMSI)',
    );
  if (v.MicrosoftAppType === 'SingleTenant' && !v.MicrosoftAppTenantId)
    problems.push('MicrosoftAppTenantId must be set when MicrosoftAppType is SingleTenant');
  if (isOn(v.PORTERO_TEAMS_EMULATOR) && v.NODE_ENV === 'production')
    problems.push('PORTERO_TEAMS_EMULATOR turns Teams authentication off: it is refused when NODE_ENV is production');
  if (isOn(v.PORTERO_PORTAL_DEV_LINKS) && v.NODE_ENV === 'production')
    problems.push(
      'PORTERO_PORTAL_DEV_LINKS writes sign-in links to the log, where anyone who reads it could sign in: it is refused when NODE_ENV is production',
    );
  if (isOn(v.PORTERO_TEAMS_EMULATOR) && v.MicrosoftAppId)
    problems.push('PORTERO_TEAMS_EMULATOR and MicrosoftAppId exclude each other: unset one of them');
  // A delivery must end well inside the claim's lease, or another replica takes the row over and delivers it twice.
  const { leaseMs, deliveryTimeoutMs } = outboxTimes(v);
  if (deliveryTimeoutMs * LEASE_PER_DELIVERY_TIMEOUT > leaseMs)
    problems.push(
      `PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS must be at most a third of PORTERO_OUTBOX_LEASE_MS (${leaseMs} ms, so at most ${Math.floor(leaseMs / LEASE_PER_DELIVERY_TIMEOUT)}), got "${deliveryTimeoutMs}"`,
    );
  return problems;
}

const isOn = (flag: string | undefined) => flag === '1' || flag === 'true';

function compact<T extends Record<string, unknown>>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
