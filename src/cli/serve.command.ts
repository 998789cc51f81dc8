import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { closeServer, serverPort, startHttpServer } from '../../adapters/http/http-server.ts';
import { MANAGE_ROUTE, manageRoute } from '../../adapters/manage/manage-route.tsx';
import { agentFromPortalSession } from '../../adapters/manage/portal-agent.ts';
import { metricsRoute } from '../../adapters/metrics/metrics-route.ts';
import { opsGauges } from '../../adapters/metrics/ops-gauges.ts';
import { createPrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.ts';
import { createPortalApp } from '../../adapters/portal/portal-app.tsx';
import { DataDirLockedError } from '../../db/data-dir-lock.ts';
import { describeDatabaseProblem } from '../../db/database-problem.ts';
import { migrationsApplied } from '../../db/migrate.ts';
import { pruneInboundEvents } from '../app/chat/inbound-retention.ts';
import { errorFields } from '../app/error-fields.ts';
import { managerDashboard } from '../app/ops/manager-dashboard.ts';
import { startOutboxRelay } from '../app/outbox/outbox-relay.ts';
import { finishedWeeksCache } from '../app/sla/finished-weeks-cache.ts';
import { startSlaMonitor } from '../app/sla/sla-monitor.ts';
import { type Config, loadConfig } from '../config.ts';
import { describeAssumption, policyAssumptions } from '../domain/policy/policy.assumptions.ts';
import { withLogFields } from '../logger.ts';
import { createPlatforms, createPortero, type Portero } from '../main.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { startMailIntake } from './mail-intake.wiring.ts';

// `portero serve` (what `npm start` runs) is one process: the HTTP server with every endpoint, the outbox relay, the
// SLA monitor. It scales by running more replicas on PostgreSQL.
//
// SIGTERM or SIGINT: stop accepting, let requests in flight and the work already acked finish, stop the relay and the
// monitor, close the database (which releases the data-directory lock). Past the grace period whatever is still open
// is cut and the process exits anyway; a second signal exits at once.

/** How long a stop may take before connections are cut and the process exits. */
export const STOP_GRACE_MS = 10_000;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the server: chat endpoints, health checks, outbox relay, SLA monitor, mailboxes',
  usage: [
    'usage: portero serve    (what npm start runs; it takes no arguments, its settings come from the environment)',
    '',
    'Migrates the database, creates one tenant per preset when the database is empty, then serves on PORT (3000)',
    'until SIGINT or SIGTERM: /slack/events when Slack is configured, /api/messages when Teams is configured, /healthz, /readyz,',
    'the outbox relay, the SLA monitor and the watcher of every mailbox (portero mailbox list).',
    '',
    'example: PORT=8080 DATABASE_URL=postgres://portero:secret@db:5432/portero portero serve',
  ].join('\n'),
  async run(_args, io) {
    const loaded = loadConfig();
    if (!loaded.ok) {
      for (const problem of loaded.problems) io.err(`configuration: ${problem}`);
      return 2;
    }
    return serve(loaded.config, io);
  },
};

async function serve(config: Config, io: CliIo): Promise<number> {
  const signals = stopSignals();
  let portero: Portero;
  const prometheus = createPrometheusMetrics({
    onReadError: (gauge, error) => portero.logger.warn({ gauge, ...errorFields(error) }, 'metrics: a gauge failed'),
  });
  try {
    portero = await signals.unlessStopped(
      createPortero({ config, command: 'portero serve', metrics: prometheus.metrics }),
    );
  } catch (error) {
    // Another process has the embedded database: say who, and how to get out, as every command does.
    signals.dispose();
    if (error instanceof DataDirLockedError) {
      io.err(error.message);
      return 1;
    }
    // A start-up still waiting on the database would keep the process alive: nothing was served yet, so just go.
    if (error === STOPPED) process.exit(0);
    const problem = describeDatabaseProblem(error, config.database.url);
    if (problem) {
      io.err(problem);
      return 2;
    }
    throw error;
  }
  const { logger, database } = portero;
  for (const gauge of opsGauges((now) => portero.ops.snapshot(now), portero.clock)) prometheus.addGauge(gauge);
  for (const tenant of portero.bootstrapped)
    logger.info({ tenant: tenant.id, prefix: tenant.casePrefix }, 'tenant created from preset');
  logger.info(
    { policies: portero.policyList.map((p) => p.id), database: database.location, driver: database.driver },
    'policies loaded',
  );
  // Facts the seeds do not give, still filled in by a placeholder or an unconfirmed assumption: one line each.
  for (const policy of portero.policyList) {
    for (const assumption of policyAssumptions(policy)) {
      logger.warn(
        { policy: policy.id, path: assumption.path },
        `policy ${policy.id}: ${describeAssumption(assumption)}`,
      );
    }
  }
  let wake = () => {};
  const platforms = await createPlatforms(portero, { deps: portero, log: logger, wakeRelay: () => wake() });
  const relay = startOutboxRelay(
    {
      queue: portero.queue,
      deliverers: { ...portero.deliverers, ...Object.fromEntries(platforms.map((p) => [p.name, p.deliverer])) },
      clock: portero.clock,
      log: (event, fields) => logger.warn(fields, event),
      metrics: portero.metrics,
    },
    config.outbox,
  );
  wake = relay.wake;
  // SLA warnings, breaches and the policies' automations: every replica runs it; timers are claimed SKIP LOCKED.
  const monitor = startSlaMonitor(
    { ...portero, log: (event, fields) => logger.warn(fields, event) },
    {
      onFired: () => relay.wake(),
      heartbeat: ({ at, lagMs }) =>
        portero.ops.beat({ name: 'sla-monitor', at, lagMs, replica: `${hostname()}:${process.pid}` }),
    },
  );
  // Every support mailbox: IMAP IDLE, a sweep each minute, reconnection with backoff (docs/mail.md).
  const mail = startMailIntake(portero, { wakeRelay: () => relay.wake() });
  // The inbound dedup table only needs the last day: prune it hourly (any replica may; the delete is idempotent).
  const pruning = setInterval(
    () => {
      pruneInboundEvents(portero.store, portero.clock.now()).catch((error: unknown) =>
        logger.warn(errorFields(error), 'pruning inbound event ids failed'),
      );
    },
    60 * 60 * 1000,
  );
  pruning.unref();
  const stopWork = async () => {
    clearInterval(pruning);
    // Acked Slack work first: it may still write cases and outbox rows for the relay's last pass.
    for (const platform of platforms) await platform.stop?.();
    await mail.stop();
    await monitor.stop();
    await relay.stop();
    await portero.close();
  };

  // The dashboard's figures of finished weeks, kept for the process's life (they change only by a rewrite it detects).
  const finishedWeeks = finishedWeeksCache(portero.clock);
  let server: Server;
  try {
    server = await startHttpServer({
      port: config.port,
      // Teams without authentication trusts whoever calls: then nothing but this machine may reach the server at all.
      host: config.teams.emulator ? '127.0.0.1' : '0.0.0.0',
      limits: { maxConnections: config.maxConnections },
      routes: Object.assign(
        {
          '/metrics': metricsRoute(prometheus.registry, { token: config.metricsToken }),
          [MANAGE_ROUTE]: manageRoute({
            authenticate: agentFromPortalSession(portero),
            dashboard: (tenantId) => managerDashboard({ ...portero, finishedWeeks }, tenantId),
          }),
        },
        ...platforms.map((platform) => platform.routes),
      ),
      apps: {
        '/portal': createPortalApp({
          deps: portero,
          log: logger,
          devLinks: config.portalDevLinks,
          onError: (error, path) => logger.error({ ...errorFields(error), path }, 'request failed'),
          wakeRelay: () => relay.wake(),
        }),
      },
      ready: async () => {
        await database.ping();
        const applied = await migrationsApplied(database);
        // The driver only: where the data lives (a path, a host) is the operator's business, in the start-up log.
        return { ok: applied, detail: applied ? database.driver : 'migrations pending' };
      },
      onError: (error, path) => logger.error({ ...errorFields(error), path }, 'request failed'),
      wrap: (fields, work) => withLogFields(fields, work),
      observe: prometheus.metrics.httpRequest,
      onClientAbort: () => logger.debug('a client went away before its request was read'),
    });
  } catch (error) {
    signals.dispose();
    await stopWork();
    return portRefused(error as NodeJS.ErrnoException, config.port, io);
  }
  const routes = [
    '/healthz',
    '/readyz',
    '/metrics',
    '/portal/',
    ...platforms.flatMap((platform) => Object.keys(platform.routes)),
  ];
  if (config.portalDevLinks)
    logger.warn(
      { portal: `${config.publicUrl}/portal/` },
      'PORTERO_PORTAL_DEV_LINKS is on: portal sign-in links are written to this log (development only)',
    );
  logger.info({ port: serverPort(server), routes }, 'portero serving');

  await signals.stopped;
  signals.dispose();
  logger.info('shutting down');
  const deadline = setTimeout(() => {
    logger.error({ graceMs: STOP_GRACE_MS }, 'stop took longer than its grace period: exiting');
    process.exit(1);
  }, STOP_GRACE_MS);
  deadline.unref();
  await closeServer(server, STOP_GRACE_MS / 2);
  await stopWork();
  clearTimeout(deadline);
  return 0;
}

const STOPPED = Symbol('stopped');

/** Resolves `stopped` on the first SIGINT or SIGTERM; a second one exits at once. */
function stopSignals() {
  let signals = 0;
  let resolveStopped = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const signalled = () => {
    // Exiting releases the data-directory lock (db/data-dir-lock.ts does it on exit).
    if (++signals > 1) process.exit(1);
    resolveStopped();
  };
  process.on('SIGINT', signalled);
  process.on('SIGTERM', signalled);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', signalled);
      process.off('SIGTERM', signalled);
    },
    /** Start-up can hang on a database that does not answer: a signal then ends it without waiting. */
    unlessStopped<T>(work: Promise<T>): Promise<T> {
      return Promise.race([work, stopped.then(() => Promise.reject(STOPPED))]);
    },
  };
}

function portRefused(error: NodeJS.ErrnoException, port: number, io: CliIo): number {
  if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
  io.err(
    error.code === 'EADDRINUSE'
      ? `port ${port} is already in use: stop what listens there, or set PORT to another port`
      : `port ${port} needs privileges this process does not have: set PORT to 1024 or above`,
  );
  return 1;
}
