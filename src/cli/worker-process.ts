import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AckedRequest } from '../../adapters/slack/slack-receiver.ts';
import type { Locale } from '../domain/policy/localized-text.ts';
import type { Logger } from '../logger.ts';
import type { CliIo } from './cli-io.ts';
import { type FromWorker, type ToWorker, WORKER_FLAG } from './serve-ipc.ts';

// The front's handle on the worker process of `portero serve` (see serve-front.ts): starting it, handing it Slack
// requests over IPC and learning when their work is done, stopping it.

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
/** How much lower the worker's CPU priority is (a nice value): acks first, the work gets the rest. */
const WORKER_NICENESS = 10;
/**
 * How long a stopping worker may take (its queue, the relay pass in progress) before it is killed: inside the 30 s
 * Kubernetes and Docker give a container between SIGTERM and SIGKILL.
 */
const STOP_DEADLINE_MS = 25_000;

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function startWorker(io: CliIo, log: Logger) {
  // stdout is shared (both log JSON lines there); what the worker says on stderr (why it could not start, say) goes
  // through the front's own error output, as any other command's would.
  const child = fork(BIN, ['serve', WORKER_FLAG], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (stderr + chunk).split('\n');
    stderr = lines.pop() ?? '';
    for (const line of lines) io.err(line);
  });
  // The channel's errors (EPIPE as the worker dies) surface as its exit, handled below.
  child.on('error', () => {});
  try {
    if (child.pid) setPriority(child.pid, WORKER_NICENESS);
  } catch {
    // Not allowed here (some containers): both then run at one priority, which is what one process had.
  }

  let nextId = 0;
  const waiting = new Map<number, { resolve: (locale: Locale | undefined) => void; reject: (e: Error) => void }>();
  const exited = new Promise<WorkerExit>((resolve) =>
    child.once('exit', (code, signal) => {
      if (stderr) io.err(stderr);
      if (waiting.size > 0)
        log.error({ lost: waiting.size }, 'the worker process exited with acked Slack requests not worked on');
      for (const { reject } of waiting.values()) reject(new Error('the worker process exited'));
      waiting.clear();
      resolve({ code, signal });
    }),
  );
  const ready = new Promise<{ port: number; routes: string[] } | undefined>((resolve) => {
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') resolve(message);
      if (message.type !== 'done') return;
      waiting.get(message.id)?.resolve(message.locale);
      waiting.delete(message.id);
    });
    void exited.then(() => resolve(undefined));
  });
  const tell = (message: ToWorker) => {
    if (child.connected) child.send(message, () => {});
  };

  return {
    pid: child.pid,
    /** The worker's HTTP server, once it serves; undefined if it exited first. */
    ready,
    exited,
    /** Gives the worker an acked Slack command or event; resolves once its work is done. */
    handOver(request: AckedRequest): Promise<Locale | undefined> {
      if (!child.connected) return Promise.reject(new Error('the worker process is gone'));
      const id = nextId++;
      const done = new Promise<Locale | undefined>((resolve, reject) => waiting.set(id, { resolve, reject }));
      tell({ type: 'slack', id, request });
      return done;
    },
    /** Asks the worker to finish what it was handed and stop (killing it past a deadline); resolves once it exited. */
    stop(): Promise<WorkerExit> {
      tell({ type: 'stop' });
      const kill = setTimeout(() => {
        log.error({ deadlineMs: STOP_DEADLINE_MS }, 'the worker process did not stop in time: killed');
        child.kill('SIGKILL');
      }, STOP_DEADLINE_MS);
      return exited.finally(() => clearTimeout(kill));
    },
  };
}
