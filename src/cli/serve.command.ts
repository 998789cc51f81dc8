import { loadConfig } from '../config.ts';
import type { CliCommand } from './cli-io.ts';
import { runFront } from './serve-front.ts';
import { WORKER_FLAG } from './serve-ipc.ts';
import { runWorker } from './serve-worker.ts';

/**
 * `portero serve` (what `npm start` runs): the HTTP endpoints, the outbox relay, the SLA monitor, until SIGINT or
 * SIGTERM. Two processes: the front, which owns the port and acks Slack, and the worker it starts (serve-front.ts).
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the server: chat endpoints, health checks, outbox relay, SLA monitor',
  usage: [
    'usage: portero serve    (what npm start runs; it takes no arguments, its settings come from the environment)',
    '',
    'Migrates the database, creates one tenant per preset when the database is empty, then serves on PORT (3000)',
    'until SIGINT or SIGTERM: /slack/events when Slack is configured, /api/messages for Teams, /healthz, /readyz,',
    'the outbox relay and the SLA monitor.',
    '',
    'example: PORT=8080 DATABASE_URL=postgres://portero:secret@db:5432/portero portero serve',
  ].join('\n'),
  async run(args, io) {
    const loaded = loadConfig();
    if (!loaded.ok) {
      for (const problem of loaded.problems) io.err(`configuration: ${problem}`);
      return 2;
    }
    return args.includes(WORKER_FLAG) ? runWorker(loaded.config, io) : runFront(loaded.config, io);
  },
};
