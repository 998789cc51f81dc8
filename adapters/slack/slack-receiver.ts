import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ParsedUrlQuery, parse as parseQuery } from 'node:querystring';
import {
  type AckFn,
  type App,
  type BufferedIncomingMessage,
  HTTPModuleFunctions as boltHttp,
  HTTPResponseAck,
  isRawBodyError,
  type Logger,
  type Receiver,
  type ReceiverEvent,
  verifySlackRequest,
} from '@slack/bolt';
import type { WorkQueue } from './work-queue.ts';

// Bolt's App behind our own HTTP server: this receiver is the `/slack/events` route. It does what Bolt's HTTPReceiver
// does for one request (buffer with a size limit, verify with Bolt's own verifySlackRequest, answer url_verification,
// hand the rest to App.processEvent), plus what Bolt leaves out: a timestamp from the future is refused as firmly as a
// stale one, "now" comes from Portero's clock, and the answer does not wait for Bolt where Slack expects nothing in it.
//
// Slash commands and events are acknowledged here, as soon as the request is known to be Slack's: their answers go
// through the response_url or the Web API anyway, so Bolt's middleware and the listeners run afterwards, from the work
// queue. Interactions keep Bolt's own ack: a modal submission's field errors can only travel in the HTTP answer. When
// the queue is full, new requests are shed at once: a command gets a short "busy" answer, the rest a 503.

/** Slack's own rule: a request signed more than five minutes from now, either way, may be a replay. */
export const MAX_SKEW_SECONDS = 5 * 60;
/** Slack's payloads are a few kilobytes; a view submission with long texts stays far below this. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Said with a 503; Slack retries an event on its own schedule, a person clicks again. */
export const RETRY_AFTER_SECONDS = 5;

export type RequestKind = 'command' | 'event' | 'interaction';
type Body = Record<string, unknown>;

export interface SlackReceiverOptions {
  signingSecret: string;
  now: () => Date;
  logger: Logger;
  bodyLimit?: number;
  /** Where acknowledged commands and events wait for Bolt and the core. */
  queue: WorkQueue;
  /** What a slash command is answered, at once, while the queue is full (an ephemeral message). */
  busyReply: (command: Body) => Body;
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
    if (request.method !== 'POST') return reply(response, 405);
    const declared = Number(request.headers['content-length']);
    if (declared > this.bodyLimit) return reply(response, 413, { connection: 'close' });
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await boltHttp.bufferIncomingMessage(request, this.bodyLimit);
    } catch (error) {
      const tooLarge = isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413);
      return reply(response, tooLarge ? 413 : 400, { connection: 'close' });
    }
    const raw = buffered.rawBody.toString('utf8');
    const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
      ? parseQuery(raw)
      : undefined;
    // Slack's certificate check carries nothing to act on and may come unsigned.
    if (form?.ssl_check === '1') return reply(response, 200);
    if (!this.verified(request, raw)) return reply(response, 401);

    let body: Body;
    try {
      body = parseBody(raw, form);
    } catch {
      return reply(response, 400);
    }
    if (body.type === 'url_verification') return boltHttp.buildUrlVerificationResponse(response, body);
    const app = this.app;
    if (!app) return reply(response, 503);

    const kind = requestKind(body);
    if (this.options.queue.full) return this.shed(kind, body, response);
    const event = (ack: AckFn<unknown>): ReceiverEvent => ({
      body,
      ack,
      retryNum: boltHttp.extractRetryNumFromHTTPRequest(request),
      retryReason: boltHttp.extractRetryReasonFromHTTPRequest(request),
    });

    if (kind === 'interaction') {
      // Bolt's ack writes the answer, with whatever the listener puts in it; the work goes on after that.
      const ack = new HTTPResponseAck({
        logger: this.options.logger,
        processBeforeResponse: false,
        httpRequest: buffered,
        httpRequestBody: body,
        httpResponse: response,
      });
      return this.track(app.processEvent(event(ack.bind())), response);
    }
    // Commands and events: Slack expects nothing in the answer, so it goes now, and Bolt runs when the queue says.
    reply(response, 200);
    const { queue, urgent } = this.options;
    const enter = kind === 'command' && urgent?.(body) ? queue.first : queue.run;
    this.track(
      enter(() => app.processEvent(event(this.acked))),
      response,
    );
  };

  /** The ack Bolt's listeners get once the answer is gone: an answer in it could no longer reach Slack. */
  private readonly acked: AckFn<unknown> = async (answer) => {
    if (answer !== undefined) this.options.logger.warn('Slack ack with an answer after the early ack: answer dropped');
  };

  /** The work goes on after the ack; the route returns at once and drain() can wait for it. */
  private track(processing: Promise<void>, response: ServerResponse): void {
    const work = processing.catch((error: unknown) => {
      this.options.logger.error('Slack request failed', error instanceof Error ? error.name : 'error');
      if (!response.headersSent) reply(response, 500);
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private shed(kind: RequestKind, body: Body, response: ServerResponse): void {
    this.options.onShed?.(kind);
    if (kind !== 'command') {
      reply(response, 503, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(this.options.busyReply(body)));
  }

  private verified(request: IncomingMessage, raw: string): boolean {
    const signature = request.headers['x-slack-signature'];
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    if (typeof signature !== 'string' || !Number.isInteger(timestamp)) return false;
    const nowMs = this.options.now().getTime();
    if (Math.abs(nowMs / 1000 - timestamp) > MAX_SKEW_SECONDS) return false;
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
      return true;
    } catch {
      return false;
    }
  }
}

/** As Bolt parses it: a form's `payload` field holds an interaction's JSON; any other form is a slash command. */
function parseBody(raw: string, form: ParsedUrlQuery | undefined): Body {
  const parsed: unknown = !form ? JSON.parse(raw) : typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a payload');
  return parsed as Body;
}

export function requestKind(body: Body): RequestKind {
  if (typeof body.command === 'string') return 'command';
  if (body.type === 'event_callback') return 'event';
  return 'interaction';
}

function reply(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  response.writeHead(status, headers);
  response.end();
}
