import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
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

// Bolt's App behind our own HTTP server: this receiver is the `/slack/events` route. It does what Bolt's HTTPReceiver
// does for one request (buffer with a size limit, verify with Bolt's own verifySlackRequest, answer url_verification,
// hand the rest to App.processEvent with Bolt's HTTPResponseAck), plus what Bolt leaves out: a timestamp from the
// future is refused as firmly as a stale one, and "now" comes from Portero's clock.

/** Slack's own rule: a request signed more than five minutes from now, either way, may be a replay. */
export const MAX_SKEW_SECONDS = 5 * 60;
/** Slack's payloads are a few kilobytes; a view submission with long texts stays far below this. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface SlackReceiverOptions {
  signingSecret: string;
  now: () => Date;
  logger: Logger;
  bodyLimit?: number;
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
    const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
    // Slack's certificate check carries nothing to act on and may come unsigned.
    if (form && parseQuery(raw).ssl_check === '1') return reply(response, 200);
    if (!this.verified(request, raw)) return reply(response, 401);

    let body: Record<string, unknown>;
    try {
      body = boltHttp.parseHTTPRequestBody(buffered);
    } catch {
      return reply(response, 400);
    }
    if (body.type === 'url_verification') return boltHttp.buildUrlVerificationResponse(response, body);
    if (!this.app) return reply(response, 503);

    const ack = new HTTPResponseAck({
      logger: this.options.logger,
      processBeforeResponse: false,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: response,
    });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: boltHttp.extractRetryNumFromHTTPRequest(request),
      retryReason: boltHttp.extractRetryReasonFromHTTPRequest(request),
    };
    // The work goes on after the ack; the route returns at once and drain() can wait for it.
    const work = this.app.processEvent(event).catch((error: unknown) => {
      this.options.logger.error('Slack request failed', error instanceof Error ? error.name : 'error');
      if (!response.headersSent) reply(response, 500);
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  };

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

function reply(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  response.writeHead(status, headers);
  response.end();
}
