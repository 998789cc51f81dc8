import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../../src/domain/policy/localized-text.ts';
import type { PlatformContext } from '../platform.types.ts';
import type { AckedRequest } from './slack-receiver.ts';
import { DEFAULT_BODY_LIMIT, readSlackRequest, retryOf, writeAnswer } from './slack-request.ts';
import { shedAnswer, shedReport } from './slack-shedding.ts';

// `/slack/events` in the front process of `portero serve`. The front does nothing but read, check and answer: slash
// commands and events are acked here and handed to the worker process, which runs Bolt and the core; the front never
// waits on the database or on anyone's work, so an ack is never queued behind a transaction (Slack gives 3 s, people
// notice far less). Interactions pass through to the worker as they came: a modal's field errors travel in the answer.
// Past `limit` commands and events handed over and not yet done, new ones are shed, as the in-process receiver does.

/** Senders whose busy language the front has learnt; past this many it starts over rather than grow. */
const REMEMBERED_SENDERS = 10_000;

export interface SlackFrontOptions {
  signingSecret: string;
  now: () => Date;
  bodyLimit?: number;
  /** Commands and events handed over and not yet done before new ones are shed. */
  limit: number;
  /** Gives an acked command or event to the worker; resolves once done, with the language to be busy in for its sender. */
  handOver(request: AckedRequest): Promise<Locale | undefined>;
  /** Passes a request on to the worker as it came (`body`: the bytes already read from it). */
  pass(request: IncomingMessage, response: ServerResponse, body: Buffer): void;
  log: PlatformContext['log'];
}

export function createSlackFront(options: SlackFrontOptions) {
  let pending = 0;
  const locales = new Map<string, Locale>();
  const shed = shedReport(options.log);
  const sender = (body: Record<string, unknown>) => `${body.team_id} ${body.user_id}`;

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const read = await readSlackRequest(request, {
      signingSecret: options.signingSecret,
      nowMs: options.now().getTime(),
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    });
    if ('answer' in read) return writeAnswer(response, read.answer);
    const { kind, body } = read;
    if (kind === 'interaction') return options.pass(request, response, read.raw);
    if (pending >= options.limit) {
      shed.shed(kind);
      return writeAnswer(response, shedAnswer(kind, locales.get(sender(body))));
    }
    writeAnswer(response, { status: 200 });
    pending++;
    options
      .handOver({ body, ...retryOf(request.headers) })
      .then((locale) => {
        // The worker forgets (its caches expire): what the front learnt stays until it is told otherwise.
        if (kind !== 'command' || !locale) return;
        if (locales.size >= REMEMBERED_SENDERS) locales.clear();
        locales.set(sender(body), locale);
      })
      // The worker logs its own failures, and the front logs a worker that died with requests in hand.
      .catch(() => {})
      .finally(() => pending--);
  };
  return { route, flush: shed.flush };
}
