import type { AckedRequest } from '../../adapters/slack/slack-receiver.ts';
import type { Locale } from '../domain/policy/localized-text.ts';

// What the two processes of `portero serve` say to each other over Node's IPC channel (see serve.command.ts).

/** From the front: a Slack command or event it acked, to be worked on; or the end (the front stopped accepting). */
export type ToWorker = { type: 'slack'; id: number; request: AckedRequest } | { type: 'stop' };

/** From the worker: its HTTP server is up on 127.0.0.1:port; or a handed-over request's work is done. */
export type FromWorker =
  | { type: 'ready'; port: number; routes: string[] }
  | { type: 'done'; id: number; locale: Locale | undefined };

/** The hidden argument that makes `portero serve` the worker. */
export const WORKER_FLAG = '--worker';
