import type { AddressInfo } from 'node:net';
import { closeServer, startHttpServer } from '../../adapters/http/http-server.ts';
import { isSlackPlatform, type SlackPlatform } from '../../adapters/slack/index.ts';
import { DataDirLockedError } from '../../db/data-dir-lock.ts';
import { migrationsApplied } from '../../db/migrate.ts';
import { pruneInboundEvents } from '../app/chat/inbound-retention.ts';
import { startOutboxRelay } from '../app/outbox/outbox-relay.ts';
import { startSlaMonitor } from '../app/sla/sla-monitor.ts';
import type { Config } from '../config.ts';
import { createPlatforms, createPortero, type Portero } from '../main.ts';
import type { CliIo } from './cli-io.ts';
import type { FromWorker, ToWorker } from './serve-ipc.ts';

// The worker process of `portero serve` (see serve-front.ts): everything that touches the database. Its HTTP server
// listens on 127.0.0.1 for what the front passes on; Slack commands and events the front acked arrive over IPC.
//
// It stops when the front says so, or when the front is gone. A signal of its own (Ctrl-C reaches both processes, a
// supervisor may signal the whole group) gives the front a few seconds to say "stop" first, so that nothing the front
// acked is still in the IPC pipe when the worker goes; a second signal ends it at once.

/** How long a signalled worker waits for the front's "stop" before it stops anyway. */
const SIGNAL_GRACE_MS = 10_000;

export async function runWorker(config: Config, io: CliIo): Promise<number> {
  if (!process.send) {
    io.err('portero serve --worker is started by portero serve, never on its own');
    return 2;
  }
  const stopping = stopSignals();
  // Listening from the start: the front may say "stop" while this process is still starting.
  let slack: SlackPlatform | undefined;
  process.on('message', (message: ToWorker) => {
    if (message.type === 'stop') stopping.stop();
    else if (message.type === 'slack') {
      // Failures are logged where they happen; the front only needs to know this one is off its hands.
      const work = slack ? slack.accept(message.request) : Promise.resolve(undefined);
      void work.catch(() => undefined).then((locale) => tell({ type: 'done', id: message.id, locale }));
    }
  });
  try {
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
    slack = platforms.find(isSlackPlatform);
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
    const shutdown = async () => {
      clearInterval(pruning);
      await monitor.stop();
      await relay.stop();
      for (const platform of platforms) await platform.stop?.();
      await portero.close();
    };
    const server = await startHttpServer({
      // Only the front process reaches it (serve-front.ts): on the loopback interface, a port the system picks.
      port: 0,
      host: '127.0.0.1',
      // The front's proxy keeps its connections: one this server closed while idle could be reused just then.
      keepAliveTimeoutMs: 0,
      routes: Object.assign({}, ...platforms.map((platform) => platform.routes)),
      ready: async () => {
        await database.ping();
        const applied = await migrationsApplied(database);
        return { ok: applied, detail: applied ? `${database.driver} ${database.location}` : 'migrations pending' };
      },
      onError: (error, path) => logger.error({ err: error, path }, 'request failed'),
    }).catch(async (error: unknown) => {
      await shutdown();
      throw error;
    });
    const routes = ['/healthz', '/readyz', ...platforms.flatMap((platform) => Object.keys(platform.routes))];
    stopping.started();
    tell({ type: 'ready', port: (server.address() as AddressInfo).port, routes });

    await stopping.stopped;
    await closeServer(server);
    await shutdown();
    return 0;
  } finally {
    // The IPC channel would keep this process alive; letting it go is not the front going away.
    stopping.dispose();
    if (process.connected) process.disconnect();
  }
}

/**
 * Resolves `stopped` on the front's "stop", when the front is gone, or 10 s after a signal; a second signal exits.
 * Before `started()` a stop exits at once: nothing was acked or handed over yet, and start-up may be stuck waiting
 * for a database that does not answer.
 */
function stopSignals() {
  let isStarted = false;
  let resolveStopped = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const stop = () => (isStarted ? resolveStopped() : process.exit(0));
  process.once('disconnect', stop);
  let signals = 0;
  const signalled = () => {
    // Exiting releases the data-directory lock (db/data-dir-lock.ts does it on exit).
    if (++signals > 1) process.exit(1);
    setTimeout(stop, SIGNAL_GRACE_MS).unref();
  };
  process.on('SIGINT', signalled);
  process.on('SIGTERM', signalled);
  return {
    stop,
    stopped,
    started: () => {
      isStarted = true;
    },
    dispose: () => {
      process.off('disconnect', stop);
    },
  };
}

function tell(message: FromWorker): void {
  // The front may be gone between the check and the write: the error then is only that, and `disconnect` follows.
  if (process.connected) process.send?.(message, undefined, undefined, () => {});
}
