import { createEmailSpoolDeliverer } from '../adapters/email/email-spool.deliverer.ts';
import { createSmtpDeliverer } from '../adapters/email/smtp.deliverer.ts';
import type { ChatPlatform, PlatformContext } from '../adapters/platform.types.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { deploymentKey } from '../db/deployment-key.ts';
import { migrate } from '../db/migrate.ts';
import { createOpsStore } from '../db/repositories/ops.repository.ts';
import { createQueue, createStore } from '../db/repositories/store.ts';
import { transientDatabaseError } from '../db/transient-error.ts';
import { type Clock, systemClock } from './app/clock.port.ts';
import { bootstrapTenants } from './app/directory/directory.ts';
import { errorFields } from './app/error-fields.ts';
import { emailDeliveredHook } from './app/mail/delivered-recipients.ts';
import { mailboxSmtpLookup } from './app/mail/smtp-lookup.ts';
import type { SmtpLookup } from './app/mail/smtp-settings.ts';
import { type MetricsPort, noMetrics } from './app/ops/metrics.port.ts';
import type { OpsStore } from './app/ops/ops.port.ts';
import type { Deliverer, OutboxQueue } from './app/outbox/outbox.port.ts';
import { loadPolicyBook } from './app/policy/policy-book.ts';
import type { PolicyBook } from './app/policy-book.port.ts';
import type { Store, TenantRecord } from './app/store.port.ts';
import { retryingStore } from './app/store-retry.ts';
import type { Config } from './config.ts';
import type { Policy } from './domain/policy/policy.schema.ts';
import { createLogger, type Logger } from './logger.ts';

// The composition root: the only place that knows db/, the adapters and the app together.

export interface Portero {
  config: Config;
  database: Database;
  store: Store;
  queue: OutboxQueue;
  policies: PolicyBook;
  policyList: Policy[];
  clock: Clock;
  logger: Logger;
  deliverers: Record<string, Deliverer>;
  /** The deployment's signing key: PORTERO_SECRET, or one generated once and shared by the replicas. */
  signingKey: Buffer;
  /** config.publicUrl, where use cases find it (CaseDeps). */
  publicUrl: string;
  /** What the use cases count for /metrics (nothing unless the server hands in its registry). */
  metrics: MetricsPort;
  /** The operator's view: /metrics' gauges, `portero status`, the SLA monitor's heartbeat. */
  ops: OpsStore;
  /** Tenants created from the presets on this start (an empty database gets one per preset). */
  bootstrapped: TenantRecord[];
  tenantPolicy(tenantId: string): Promise<Policy | undefined>;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  /** Named to another process that finds the data directory locked. */
  command: string;
  clock?: Clock;
  logger?: Logger;
  /** An open database that the caller owns (tests hand in theirs): used instead of the configured one, left open. */
  database?: Database;
  /**
   * Which SMTP server sends from an address; by default the mailboxes' (`portero mailbox add`). An address no mailbox
   * sends from is dead-lettered saying so (unless PORTERO_MAIL_SPOOL chose the development spool).
   */
  smtpLookup?: SmtpLookup;
  metrics?: MetricsPort;
}

export async function createPortero(options: StartOptions): Promise<Portero> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const { book, policies } = await loadPolicyBook(config.policiesDir);
  const owned = options.database === undefined;
  const database =
    options.database ??
    (await openDatabase({
      ...config.database,
      command: options.command,
      onStaleLock: (previous) => logger.warn({ previous }, 'took over a stale data-directory lock'),
    }));
  try {
    const migrated = await migrate(database);
    if (migrated.ran > 0) logger.info({ ran: migrated.ran, location: database.location }, 'database migrated');
    // A database that goes away for a moment (a restart, a failover) delays a use case instead of failing it.
    const store = retryingStore(createStore(database.db), {
      transient: transientDatabaseError,
      onRetry: (attempt, error) =>
        logger.warn({ attempt, ...errorFields(error) }, 'database unreachable: trying again'),
    });
    const clock = options.clock ?? systemClock;
    const signingKey = config.secret ? Buffer.from(config.secret) : await deploymentKey(database.db, 'signing');
    const bootstrapped = await bootstrapTenants(
      { store, clock, policies: book },
      policies.map((policy) => policy.id),
    );
    // Email goes out by SMTP through the sender's mailbox; the file spool only when the operator asked for it.
    // Each email leaves through the SMTP server of the mailbox that sends as its From (portero mailbox add).
    const smtp = config.mailSpool ? undefined : createSmtpDeliverer(options.smtpLookup ?? mailboxSmtpLookup(store));
    const email = smtp ?? createEmailSpoolDeliverer(config.mailSpool!);
    return {
      config,
      database,
      store,
      // A `/case wait` email counts as a contact attempt in the transaction that marks it delivered.
      queue: createQueue(database.db, {
        delivered: emailDeliveredHook({
          store,
          clock,
          policies: book,
          signingKey,
          publicUrl: config.publicUrl,
          metrics: options.metrics ?? noMetrics,
        }),
      }),
      policies: book,
      policyList: policies,
      clock,
      logger,
      deliverers: { email },
      signingKey,
      publicUrl: config.publicUrl,
      metrics: options.metrics ?? noMetrics,
      ops: createOpsStore(database.db),
      bootstrapped,
      async tenantPolicy(tenantId) {
        const tenant = await store.transaction((repos) => repos.tenants.get(tenantId));
        return tenant && book.policy(tenant.policyId);
      },
      close: async () => {
        smtp?.close();
        if (owned) await database.close();
      },
    };
  } catch (error) {
    if (owned) await database.close();
    throw error;
  }
}

/**
 * The chat platforms this configuration enables. Each adapter decides from the config whether it is on and says why
 * not once; the server mounts the routes and registers the deliverers of those that are.
 */
export async function createPlatforms(portero: Portero, context: PlatformContext): Promise<ChatPlatform[]> {
  const platforms: (ChatPlatform | undefined)[] = [
    await (await import('../adapters/slack/index.ts')).createSlackPlatform(portero.config, context),
    await (await import('../adapters/teams/index.ts')).createTeamsPlatform(portero.config, context),
  ];
  return platforms.filter((platform): platform is ChatPlatform => platform !== undefined);
}
