import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, send } from '../../adapters/http/http-server.ts';
import { type Forward, proxyTo } from '../../adapters/http/proxy.ts';
import { createSlackFront } from '../../adapters/slack/slack-front.ts';
import { SLACK_ROUTE } from '../../adapters/slack/slack-request.ts';
import { WORK_QUEUE_DEFAULTS } from '../../adapters/slack/work-queue.ts';
import { refusedInEmulatorMode, TEAMS_ROUTE } from '../../adapters/teams/emulator-guard.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { CliIo } from './cli-io.ts';
import { startWorker } from './worker-process.ts';

// `portero serve` is two processes. This one, the front, owns the port: it acks Slack's commands and events itself
// and passes everything else to the worker, a child process that runs everything that touches the database (the use
// cases, Bolt, botbuilder, the outbox relay, the SLA monitor). Slack wants its ack within 3 s and people notice far
// less; in one process an ack waited for whatever work the event loop was doing (a few ms of CPU per command), so
// under load acks queued behind work. The worker runs at a lower CPU priority, so that on a busy machine the ack wins.
//
// The worker sees every request coming from the front, on 127.0.0.1: whatever depends on who the caller is (Teams'
// emulator mode accepts this machine only) is decided here, where the caller's own connection is.

/** Commands and events acked and not yet done before new ones are shed: as many as the worker's queue holds. */
const HANDED_OVER_LIMIT = WORK_QUEUE_DEFAULTS.concurrency + WORK_QUEUE_DEFAULTS.capacity;
/** After this long, connections still open when the front stops are cut. */
const CLOSE_GRACE_MS = 5_000;

export async function runFront(config: Config, io: CliIo): Promise<number> {
  const logger = createLogger(config.logLevel);
  // Until the worker is up, everything is "starting" (a 503: readiness probes wait, Slack retries).
  let forward: Forward | undefined;
  const { botToken, signingSecret } = config.slack;
  const slack =
    botToken && signingSecret
      ? createSlackFront({
          signingSecret,
          now: () => new Date(),
          limit: HANDED_OVER_LIMIT,
          handOver: (request) => worker.handOver(request),
          pass: (request, response, body) => forward?.(request, response, body),
          log: logger,
        })
      : undefined;
  const teamsEmulator = !config.teams.appId;
  const server = createServer((request, response) => {
    if (!forward) return send(response, 503, { status: 'starting' });
    const path = (request.url ?? '/').split('?')[0];
    if (slack && path === SLACK_ROUTE) {
      slack.route(request, response).catch((error: unknown) => {
        logger.error({ err: error, path }, 'request failed');
        if (!response.headersSent) send(response, 500, { error: 'internal error' });
      });
      return;
    }
    if (teamsEmulator && path === TEAMS_ROUTE && refusedInEmulatorMode(request, response, logger)) return;
    forward(request, response);
  });
  const refused = await listen(server, config.port);
  if (refused) return portRefused(refused, config.port, io);

  // From here a signal stops both, even while the worker is still starting (migrating, say).
  const signalled = new Promise<'signal'>((resolve) => {
    process.once('SIGINT', () => resolve('signal'));
    process.once('SIGTERM', () => resolve('signal'));
  });
  const worker = startWorker(io, logger);
  const ready = await Promise.race([worker.ready, signalled]);
  if (ready === 'signal' || !ready) {
    await closeServer(server, CLOSE_GRACE_MS);
    const ended = ready === 'signal' ? await worker.stop() : await worker.exited;
    return ended.code === 0 ? 0 : (ended.code ?? 1);
  }
  const proxy = proxyTo(ready.port);
  forward = proxy.forward;
  logger.info(
    { port: (server.address() as AddressInfo).port, routes: ready.routes, worker: worker.pid },
    'portero serving',
  );

  const outcome = await Promise.race([signalled, worker.exited]);
  if (outcome !== 'signal') {
    // Not ours to restart: the supervisor (systemd, Kubernetes) sees the exit and starts both again.
    logger.error(outcome, 'the worker process exited: stopping');
    await closeServer(server, 0);
    proxy.close();
    return 1;
  }
  logger.info('shutting down');
  // No new requests now, and every one acked so far was handed over before the worker hears "stop" (IPC keeps order).
  await closeServer(server, CLOSE_GRACE_MS);
  slack?.flush();
  const ended = await worker.stop();
  proxy.close();
  return ended.code === 0 ? 0 : 1;
}

/** Undefined once listening; the error otherwise. */
function listen(server: Server, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(port, '0.0.0.0', () => resolve(undefined));
  });
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
