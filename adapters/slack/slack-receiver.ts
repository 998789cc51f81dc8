import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AckFn,
  type App,
  type BufferedIncomingMessage,
  HTTPResponseAck,
  type Logger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import {
  DEFAULT_BODY_LIMIT,
  type InstantAnswer,
  type RequestKind,
  readSlackRequest,
  requestKind,
  retryOf,
  type SlackBody,
  writeAnswer,
} from './slack-request.ts';
import type { WorkQueue } from './work-queue.ts';

// Bolt's App behind our own HTTP server: this receiver is the `/slack/events` route. It does what Bolt's HTTPReceiver
// does for one request (see slack-request.ts for the reading and the signature check), answers url_verification, and
// hands the rest to App.processEvent; "now" comes from Portero's clock, and the answer does not wait for Bolt where
// Slack expects nothing in it.
//
// Slash commands and events are acknowledged here, as soon as the request is known to be Slack's: their answers go
// through the response_url or the Web API anyway, so Bolt's middleware and the listeners run afterwards, from the work
// queue. Interactions keep Bolt's own ack: a modal submission's field errors can only travel in the HTTP answer. When
// the queue is full, new requests are shed at once: a command gets a short "busy" answer, the rest a 503.
// Under `portero serve` a front process does the acking and shedding (slack-front.ts) and hands commands and events
// over with `accept`; interactions reach `handle` as they came.

export type { RequestKind } from './slack-request.ts';

type Body = SlackBody;

/** A command or event another process has already checked and acked. */
export interface AckedRequest {
  body: Body;
  retryNum?: number;
  retryReason?: string;
}

export interface SlackReceiverOptions {
  signingSecret: string;
  now: () => Date;
  logger: Logger;
  bodyLimit?: number;
  /** Where acknowledged commands and events wait for Bolt and the core. */
  queue: WorkQueue;
  /** What a request is answered, at once, while the queue is full (see slack-shedding.ts). */
  shedAnswer: (kind: RequestKind, body: Body) => InstantAnswer;
  /** Commands whose work has a deadline of its own (a modal to open), served ahead of the line. */
  urgent?: (command: Body) => boolean;
  /** Told of each request shed. */
  onShed?: (kind: RequestKind) => void;
}

export class SlackReceiver implements Receiver {
  private app: App | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly bodyLimit: number;

  constructor(private readonly options: SlackReceiverOptions) {
    this.bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  }

  init(app: App): void {
    this.app = app;
  }

  /** Nothing to listen on: the server mounts `handle`. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.drain();
  }

  /** Resolves once every request received so far is fully handled, work after the ack included. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  readonly handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const read = await readSlackRequest(request, {
      signingSecret: this.options.signingSecret,
      nowMs: this.options.now().getTime(),
      bodyLimit: this.bodyLimit,
    });
    if ('answer' in read) return writeAnswer(response, read.answer);
    const { kind, body } = read;
    const app = this.app;
    if (!app) return writeAnswer(response, { status: 503 });
    if (this.options.queue.full) return this.shed(kind, body, response);
    const retry = retryOf(request.headers);

    if (kind === 'interaction') {
      // Bolt's ack writes the answer, with whatever the listener puts in it; the work goes on after that.
      const buffered = Object.assign(request, { rawBody: read.raw }) as BufferedIncomingMessage;
      const ack = new HTTPResponseAck({
        logger: this.options.logger,
        processBeforeResponse: false,
        httpRequest: buffered,
        httpRequestBody: body,
        httpResponse: response,
      });
      void this.track(app.processEvent({ body, ack: ack.bind(), ...retry }), response);
      return;
    }
    // Commands and events: Slack expects nothing in the answer, so it goes now, and Bolt runs when the queue says.
    writeAnswer(response, { status: 200 });
    void this.accept({ body, ...retry });
  };

  /**
   * Runs an acked command or event through Bolt when the work queue gives it a turn (modal commands go first).
   * Resolves when its work is done; a failure is logged, never thrown: the ack is long gone.
   */
  accept(request: AckedRequest): Promise<void> {
    const app = this.app;
    if (!app) return Promise.reject(new Error('Slack receiver not initialised'));
    const { queue, urgent } = this.options;
    const enter = requestKind(request.body) === 'command' && urgent?.(request.body) ? queue.first : queue.run;
    const event: ReceiverEvent = { ...request, ack: this.acked };
    return this.track(enter(() => app.processEvent(event)));
  }

  /** The ack Bolt's listeners get once the answer is gone: an answer in it could no longer reach Slack. */
  private readonly acked: AckFn<unknown> = async (answer) => {
    if (answer !== undefined) this.options.logger.warn('Slack ack with an answer after the early ack: answer dropped');
  };

  /** The work goes on after the ack; the route returns at once and drain() can wait for it. */
  private track(processing: Promise<void>, response?: ServerResponse): Promise<void> {
    const work = processing.catch((error: unknown) => {
      this.options.logger.error('Slack request failed', error instanceof Error ? error.name : 'error');
      if (response && !response.headersSent) writeAnswer(response, { status: 500 });
    });
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private shed(kind: RequestKind, body: Body, response: ServerResponse): void {
    this.options.onShed?.(kind);
    writeAnswer(response, this.options.shedAnswer(kind, body));
  }
}
