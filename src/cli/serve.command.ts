import type { AddressInfo } from 'node:net';
import { closeServer, startHttpServer } from '../../adapters/http/http-server.ts';
import { DataDirLockedError } from '../../db/data-dir-lock.ts';
import { migrationsApplied } from '../../db/migrate.ts';
import { pruneInboundEvents } from '../app/chat/inbound-retention.ts';
import { startOutboxRelay } from '../app/outbox/outbox-relay.ts';
import { startSlaMonitor } from '../app/sla/sla-monitor.ts';
import { loadConfig } from '../config.ts';
import { createPlatforms, createPortero, type Portero } from '../main.ts';
import type { CliCommand } from './cli-io.ts';

/** `portero serve` (what `npm start` runs): the HTTP endpoints, the outbox relay, until SIGINT/SIGTERM. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the server: chat endpoints, health checks, outbox relay, SLA monitor',
  async run(_args, io) {
    const loaded = loadConfig();
    if (!loaded.ok) {
      for (const problem of loaded.problems) io.err(`configuration: ${problem}`);
      return 2;
    }
    const { config } = loaded;
    let portero: Portero;
    try {
      portero = await createPortero({ config, command: 'portero serve' });
    } catch (error) {
      // Another process has the embedded database: say who, and how to get out, as every command does.
      if (!(error instanceof DataDirLockedError)) throw error;
      io.err(error.message);
      return 1;
    }
    const { logger, database } = portero;
    for (const tenant of portero.bootstrapped)
      logger.info({ tenant: tenant.id, prefix: tenant.casePrefix }, 'tenant created from preset');
    logger.info(
      { policies: portero.policyList.map((p) => p.id), database: database.location, driver: database.driver },
      'policies loaded',
    );
    let wake = () => {};
    const platforms = await createPlatforms(portero, { deps: portero, log: logger, wakeRelay: () => wake() });
    const relay = startOutboxRelay(
      {
        queue: portero.queue,
        deliverers: { ...portero.deliverers, ...Object.fromEntries(platforms.map((p) => [p.name, p.deliverer])) },
        clock: portero.clock,
        log: (event, fields) => logger.warn(fields, event),
      },
      config.outbox,
    );
    wake = relay.wake;
    // SLA warnings, breaches and the policies' automations: every replica runs it; timers are claimed SKIP LOCKED.
    const monitor = startSlaMonitor(
      { ...portero, log: (event, fields) => logger.warn(fields, event) },
      { onFired: () => relay.wake() },
    );
    // The inbound dedup table only needs the last day: prune it hourly (any replica may; the delete is idempotent).
    const pruning = setInterval(
      () => {
        pruneInboundEvents(portero.store, portero.clock.now()).catch((error: unknown) =>
          logger.warn({ err: error }, 'pruning inbound event ids failed'),
        );
      },
      60 * 60 * 1000,
    );
    pruning.unref();
    const server = await startHttpServer({
      port: config.port,
      routes: Object.assign({}, ...platforms.map((platform) => platform.routes)),
      ready: async () => {
        await database.ping();
        const applied = await migrationsApplied(database);
        return { ok: applied, detail: applied ? `${database.driver} ${database.location}` : 'migrations pending' };
      },
      onError: (error, path) => logger.error({ err: error, path }, 'request failed'),
    }).catch(async (error: NodeJS.ErrnoException) => {
      // Port taken or not ours: stop what already runs (the relay, the database and its lock) and say so plainly.
      clearInterval(pruning);
      await monitor.stop();
      await relay.stop();
      for (const platform of platforms) await platform.stop?.();
      await portero.close();
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
      io.err(
        error.code === 'EADDRINUSE'
          ? `port ${config.port} is already in use: stop what listens there, or set PORT to another port`
          : `port ${config.port} needs privileges this process does not have: set PORT to 1024 or above`,
      );
      return undefined;
    });
    if (!server) return 1;
    const routes = ['/healthz', '/readyz', ...platforms.flatMap((platform) => Object.keys(platform.routes))];
    logger.info({ port: (server.address() as AddressInfo).port, routes }, 'portero serving');

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    logger.info('shutting down');
    await closeServer(server);
    clearInterval(pruning);
    await monitor.stop();
    await relay.stop();
    for (const platform of platforms) await platform.stop?.();
    await portero.close();
    return 0;
  },
};
