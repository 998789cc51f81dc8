import type { AckFn, App, Logger, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Context } from 'hono';
import PQueue from 'p-queue';
import type { Store } from '../../src/app/store.port.ts';
import {
  answer,
  DEFAULT_BODY_LIMIT,
  type InstantAnswer,
  type RequestKind,
  readSlackRequest,
  retryOf,
  type SlackBody,
} from './slack-request.ts';

// Bolt's App on Portero's Hono server: this receiver is the `/slack/events` route. It reads and checks the request
// (slack-request.ts), answers url_verification, refuses a replayed request, and hands the rest to App.processEvent.
//
// Slash commands and events are acked as soon as the request is known to be Slack's: their answers go through the
// response_url or the Web API anyway, so Bolt's middleware and the listeners run afterwards, from a bounded queue
// (p-queue). Interactions keep Bolt's own ack: a modal submission's field errors can only travel in the HTTP answer.
// When the queue is full, new requests are shed at once: a command gets a short "busy" answer, the rest a 503.

/** What `portero serve` runs with: above the database pool, so a request waiting on a lock never holds back the rest. */
export const WORK_QUEUE_DEFAULTS = { concurrency: 16, capacity: 500 } as const;

export interface SlackReceiverOptions {
  signingSecret: string;
  now: () => Date;
  logger: Logger;
  /** Where the signatures of requests already accepted are remembered, for every replica to see. */
  store: Store;
  bodyLimit?: number;
  /** Acked requests worked on at once, and how many may wait before new ones are shed. */
  concurrency?: number;
  capacity?: number;
  /** What a request is answered, at once, while the queue is full or the store cannot be asked (slack-shedding.ts). */
  shedAnswer: (kind: RequestKind, body: SlackBody) => InstantAnswer;
  /** Resolves when an interaction must be answered (Slack waits 3 s). */
  answerDeadline: () => Promise<void>;
  /** Commands whose work has a deadline of its own (a modal to open), served ahead of the line. */
  urgent?: (command: SlackBody) => boolean;
  /** Told of each request shed. */
  onShed?: (kind: RequestKind) => void;
  /** Told when the work of a command or an event acked early has ended: seconds since the request arrived. */
  onWorkDone?: (kind: RequestKind, seconds: number) => void;
  /** Told of each request refused because Slack did not sign it (or signed it too long ago or ahead). */
  onUnsigned?: () => void;
}

export class SlackReceiver implements Receiver {
  private app: App | undefined;
  private readonly queue: PQueue;
  private readonly capacity: number;
  private readonly interactions = new Set<Promise<void>>();

  constructor(private readonly options: SlackReceiverOptions) {
    this.queue = new PQueue({ concurrency: options.concurrency ?? WORK_QUEUE_DEFAULTS.concurrency });
    this.capacity = options.capacity ?? WORK_QUEUE_DEFAULTS.capacity;
  }

  init(app: App): void {
    this.app = app;
  }

  /** Nothing to listen on: the server mounts `route`. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.drain();
  }

  /** Resolves once every request received so far is fully handled, work after the ack included. */
  async drain(): Promise<void> {
    while (this.queue.size + this.queue.pending + this.interactions.size > 0) {
      await Promise.allSettled([this.queue.onIdle(), ...this.interactions]);
    }
  }

  /**
   * Runs work that follows an interaction's ack in the same bounded line as commands and events. (No timeout is set:
   * `throwOnTimeout` only tells p-queue's types that the result is the work's own.)
   */
  readonly later = <T>(work: () => Promise<T>): Promise<T> => this.queue.add(work, { throwOnTimeout: true });

  /** A new request would have to wait, and the line is already as long as allowed: time to shed. */
  get full(): boolean {
    return this.queue.pending >= this.queue.concurrency && this.queue.size >= this.capacity;
  }

  readonly route = async (c: Context): Promise<Response> => {
    const received = performance.now();
    const read = await readSlackRequest(c, {
      signingSecret: this.options.signingSecret,
      nowMs: this.options.now().getTime(),
      bodyLimit: this.options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    });
    if ('answer' in read) {
      if (read.answer.status === 401) this.options.onUnsigned?.();
      return answer(c, read.answer);
    }
    const { kind, body } = read;
    const app = this.app;
    if (!app) return answer(c, { status: 503 });
    if (this.full) return this.shed(c, kind, body);
    const event = { body, ...retryOf(c) };
    if (kind === 'interaction') return this.interactOnce(c, app, event, read.signature);
    // Commands and events: Slack expects nothing in the answer, so it goes now, and Bolt runs when the queue says.
    const priority = kind === 'command' && this.options.urgent?.(body) ? 1 : 0;
    this.queue
      .add(
        async () => {
          // Events carry an id of their own, deduplicated where they are handled; a command does not, so the same
          // signed bytes sent again within Slack's five minutes do nothing (the ack is not kept waiting for this).
          // Should the store fail to say, the command runs: its own use case then fails and says so to the agent.
          if (kind === 'command' && !(await this.firstTime(read.signature).catch(() => true))) {
            this.options.logger.warn('Slack command replayed: ignored');
            return;
          }
          await app.processEvent({ ...event, ack: this.acked });
        },
        { priority },
      )
      .catch((error: unknown) => this.failed(error))
      .finally(() => this.options.onWorkDone?.(kind, (performance.now() - received) / 1000));
    return c.body(null, 200);
  };

  private firstTime(signature: string): Promise<boolean> {
    const now = this.options.now();
    return this.options.store.transaction((repos) => repos.inbound.claim('slack', `request:${signature}`, now));
  }

  /**
   * A click or a modal submission, acted on the first time its signed bytes arrive. Should the store be too slow to
   * say so before Slack's deadline, Slack gets an empty answer (a modal closes) and the work follows once it has.
   */
  private async interactOnce(
    c: Context,
    app: App,
    event: Omit<ReceiverEvent, 'ack'>,
    signature: string,
  ): Promise<Response> {
    const claim = this.firstTime(signature);
    const early = await Promise.race([
      claim.then((first) => ({ first })),
      this.options.answerDeadline().then(() => undefined),
    ]).catch(() => ({ first: undefined }));
    if (early === undefined) {
      const late = claim
        .then((first) => (first ? app.processEvent({ ...event, ack: this.acked }) : undefined))
        .catch((error: unknown) => this.failed(error))
        .finally(() => this.interactions.delete(late));
      this.interactions.add(late);
      return c.body(null, 200);
    }
    if (early.first === undefined) return this.shed(c, 'interaction', event.body as SlackBody);
    if (!early.first) return c.json({ error: 'this request was already received' }, 409);
    return this.interact(app, event);
  }

  /** Bolt's ack writes the answer, with whatever the listener puts in it; the work goes on after that. */
  private interact(app: App, event: Omit<ReceiverEvent, 'ack'>): Promise<Response> {
    return new Promise((resolve) => {
      const ack: AckFn<unknown> = async (reply) => resolve(ackResponse(reply));
      const work = app
        .processEvent({ ...event, ack })
        .catch((error: unknown) => {
          this.failed(error);
          resolve(Response.json({ error: 'internal error' }, { status: 500 }));
        })
        // A listener that never acks still gets Slack an answer once it is done.
        .finally(() => {
          resolve(new Response(null, { status: 200 }));
          this.interactions.delete(work);
        });
      this.interactions.add(work);
    });
  }

  /** The ack Bolt's listeners get once the answer is gone: an answer in it could no longer reach Slack. */
  private readonly acked: AckFn<unknown> = async (reply) => {
    if (reply !== undefined) this.options.logger.warn('Slack ack with an answer after the early ack: answer dropped');
  };

  private failed(error: unknown): void {
    this.options.logger.error('Slack request failed', error instanceof Error ? error.name : 'error');
  }

  private shed(c: Context, kind: RequestKind, body: SlackBody): Response {
    this.options.onShed?.(kind);
    return answer(c, this.options.shedAnswer(kind, body));
  }
}

/** What Bolt's HTTP receiver writes for an ack: nothing, the text, or the JSON. */
function ackResponse(reply: unknown): Response {
  if (reply === undefined || reply === '') return new Response(null, { status: 200 });
  if (typeof reply === 'string') return new Response(reply, { status: 200 });
  return Response.json(reply, { status: 200 });
}
