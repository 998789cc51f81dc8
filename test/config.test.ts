import { describe, expect, it } from 'vitest';
import { loadConfig, SHIPPED_POLICIES_DIR } from '../src/config.ts';

function problemsOf(env: Record<string, string>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected configuration problems');
  return result.problems;
}

describe('configuration from the environment', () => {
  it('runs with nothing set: embedded database, port 3000, info logs, the shipped policies', () => {
    expect(loadConfig({})).toEqual({
      ok: true,
      config: {
        database: { url: undefined, poolSize: 10, dataDir: './.portero/data' },
        port: 3000,
        maxConnections: 8_000,
        logLevel: 'info',
        policiesDir: SHIPPED_POLICIES_DIR,
        slack: {},
        teams: { emulator: false },
        outbox: { leaseMs: 60_000, deliveryTimeoutMs: 10_000 },
        // Email goes out by SMTP: the file spool is only an explicit development choice.
        mailSpool: undefined,
        secret: undefined,
        publicUrl: 'http://localhost:3000',
        mail: { maxMessageBytes: 10_485_760 },
        portalDevLinks: false,
        nodeEnv: undefined,
      },
    });
  });

  it('reads every variable it knows', () => {
    const result = loadConfig({
      DATABASE_URL: 'postgresql://portero:pw@db:5432/portero',
      DATABASE_POOL_SIZE: '25',
      PORTERO_DATA_DIR: 'memory',
      PORT: '8080',
      PORTERO_MAX_CONNECTIONS: '20000',
      LOG_LEVEL: 'debug',
      PORTERO_POLICIES_DIR: '/etc/portero/policies',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'signing',
      SLACK_API_URL: 'http://127.0.0.1:4000/api/',
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      PORTERO_OUTBOX_LEASE_MS: '120000',
      PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS: '30000',
      PORTERO_PUBLIC_URL: 'https://soporte.example.com/',
      PORTERO_MAIL_SPOOL: '/var/spool/portero',
      PORTERO_MAIL_MAX_MESSAGE_BYTES: '2000000',
      NODE_ENV: 'production',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        database: { url: 'postgresql://portero:pw@db:5432/portero', poolSize: 25, dataDir: 'memory' },
        port: 8080,
        maxConnections: 20_000,
        logLevel: 'debug',
        policiesDir: '/etc/portero/policies',
        slack: { botToken: 'xoxb-1', signingSecret: 'signing', apiUrl: 'http://127.0.0.1:4000/api/' },
        teams: { appId: 'app', appPassword: 'pw', appType: 'SingleTenant', appTenantId: 'tenant', emulator: false },
        outbox: { leaseMs: 120_000, deliveryTimeoutMs: 30_000 },
        secret: undefined,
        publicUrl: 'https://soporte.example.com',
        mailSpool: '/var/spool/portero',
        mail: { maxMessageBytes: 2_000_000 },
        portalDevLinks: false,
        nodeEnv: 'production',
      },
    });
  });

  it('refuses the portal development links in production', () => {
    const result = loadConfig({ PORTERO_PORTAL_DEV_LINKS: '1', NODE_ENV: 'production' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join('\n')).toContain('PORTERO_PORTAL_DEV_LINKS');
    const dev = loadConfig({ PORTERO_PORTAL_DEV_LINKS: '1' });
    expect(dev.ok && dev.config.portalDevLinks).toBe(true);
  });

  it('treats an empty value as unset', () => {
    const result = loadConfig({ DATABASE_URL: '', PORT: ' ' });
    expect(result.ok && result.config.database.url).toBeUndefined();
    expect(result.ok && result.config.port).toBe(3000);
  });

  it('names the variable, what it must be and what it was, for every problem at once', () => {
    expect(
      problemsOf({
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        DATABASE_POOL_SIZE: '0',
        MicrosoftAppType: 'Single',
        SLACK_API_URL: 'slack',
      }),
    ).toEqual([
      'DATABASE_POOL_SIZE must be a whole number from 1 to 1000, got "0"',
      'PORT must be a port number (1–65535), got "abc"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'SLACK_API_URL must be an http(s) URL, got "slack"',
      'MicrosoftAppType must be one of SingleTenant, MultiTenant, UserAssignedMSI, got "Single"',
    ]);
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be a port number (1–65535), got "70000"']);
  });

  it('never repeats a secret back', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/portero' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('takes PORTERO_METRICS_TOKEN of 16 characters or more, and never repeats a short one back', () => {
    const loaded = loadConfig({ PORTERO_METRICS_TOKEN: 'a-token-of-24-characters' });
    expect(loaded.ok && loaded.config.metricsToken).toBe('a-token-of-24-characters');
    expect(problemsOf({ PORTERO_METRICS_TOKEN: 'short-tok' })).toEqual([
      'PORTERO_METRICS_TOKEN must be at least 16 characters, got a value (not shown)',
    ]);
  });

  it('asks for the other half of settings that only work together', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_SIGNING_SECRET must be set when SLACK_BOT_TOKEN is (Slack app → Basic Information)',
    ]);
    expect(problemsOf({ MicrosoftAppId: 'app', MicrosoftAppType: 'SingleTenant' })).toEqual([
      'MicrosoftAppPassword must be set when MicrosoftAppId is (unless MicrosoftAppType is UserAssignedMSI)',
      'MicrosoftAppTenantId must be set when MicrosoftAppType is SingleTenant',
    ]);
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI' }).ok).toBe(true);
  });

  it("keeps the outbox's delivery timeout well inside its lease, a sixth of it unless set", () => {
    expect(loadConfig({ PORTERO_OUTBOX_LEASE_MS: '300000' })).toMatchObject({
      ok: true,
      config: { outbox: { leaseMs: 300_000, deliveryTimeoutMs: 50_000 } },
    });
    expect(problemsOf({ PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS: '30000' })).toEqual([
      'PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS must be at most a third of PORTERO_OUTBOX_LEASE_MS (60000 ms, so at most 20000), got "30000"',
    ]);
    expect(problemsOf({ PORTERO_OUTBOX_LEASE_MS: '5000', PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS: '500' })).toEqual([
      'PORTERO_OUTBOX_LEASE_MS must be a whole number of milliseconds from 10000 to 3600000, got "5000"',
      'PORTERO_OUTBOX_DELIVERY_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 1200000, got "500"',
    ]);
  });

  it('takes the Teams emulator only as an explicit choice, never in production nor beside an app id', () => {
    const off = loadConfig({});
    expect(off.ok && off.config.teams.emulator).toBe(false);
    const on = loadConfig({ PORTERO_TEAMS_EMULATOR: '1' });
    expect(on.ok && on.config.teams.emulator).toBe(true);
    expect(loadConfig({ PORTERO_TEAMS_EMULATOR: '1', NODE_ENV: 'production' })).toEqual({
      ok: false,
      problems: ['PORTERO_TEAMS_EMULATOR turns Teams authentication off: it is refused when NODE_ENV is production'],
    });
    const both = loadConfig({ PORTERO_TEAMS_EMULATOR: '1', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' });
    expect(both.ok).toBe(false);
    expect(loadConfig({ PORTERO_TEAMS_EMULATOR: 'yes' })).toEqual({
      ok: false,
      problems: ['PORTERO_TEAMS_EMULATOR must be 1 or 0, got "yes"'],
    });
  });
});
