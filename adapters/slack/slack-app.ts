import { setTimeout as delay } from 'node:timers/promises';
import { App, webApi } from '@slack/bolt';
import { AgentCache } from '../../src/app/chat/agent-cache.ts';
import { burstLog } from '../http/burst-log.ts';
import type { ChatPlatform, PlatformContext } from '../platform.types.ts';
import { errorName, opensModal, registerCaseCommand } from './slack-commands.ts';
import { createSlackDeliverer } from './slack-deliverer.ts';
import { registerInteractions } from './slack-interactions.ts';
import { boltLogger } from './slack-logger.ts';
import { registerMessages } from './slack-messages.ts';
import { registerNewCaseModal } from './slack-new-case.ts';
import { SlackReceiver } from './slack-receiver.ts';
import { SLACK_ROUTE } from './slack-request.ts';
import { BotIdentity, type SlackRuntime, workspaceCache } from './slack-runtime.ts';
import { busyLocale, shedAnswer, shedReport } from './slack-shedding.ts';

export { SLACK_ROUTE };

/** Slack waits 3 s for an answer; a modal submission answers by 2.5 s whatever the store is doing. */
const ANSWER_DEADLINE_MS = 2_500;

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** The Web API base URL (a fake in tests, GovSlack); Slack's own by default. */
  apiUrl?: string;
  context: PlatformContext;
  /** When a modal submission must be answered; tests pass one they resolve themselves. */
  answerDeadline?: () => Promise<void>;
  bodyLimit?: number;
  /**
   * How many acked requests are worked on at once. Above the database pool (10 by default) so that requests waiting
   * on a lock (case numbers are taken under the tenant's) never hold back the rest; bench/slack.bench.ts measured it.
   */
  concurrency?: number;
  /**
   * How many acked requests may wait for a turn before new ones are shed (a busy answer, a 503). At the hundred or so
   * commands a second a small server works through, the last in line waits a few seconds: still an answer worth
   * waiting for, and a backlog that never outgrows memory.
   */
  capacity?: number;
}

export interface SlackPlatform extends ChatPlatform {
  app: App;
  /** Resolves once every request received so far is fully handled, work after the ack included. */
  drain(): Promise<void>;
  /** Drains, then logs what was shed and not yet reported. */
  stop(): Promise<void>;
}

/**
 * Bolt's App, served on Portero's own HTTP server. Bolt never calls auth.test on its own here: `authorize` answers
 * with the token and the bot id Slack sends in events, so the server starts and acks offline.
 */
export function createSlackApp(options: SlackAppOptions): SlackPlatform {
  const { botToken, context } = options;
  const logger = boltLogger(context.log);
  const slackApiUrl = options.apiUrl && (options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  const clientBase = {
    logger,
    timeout: 10_000,
    // A 429 comes back as an error at once: for deliveries the relay waits out Retry-After, not the client.
    rejectRateLimitedCalls: true,
    ...(slackApiUrl && { slackApiUrl }),
  };
  const deliveryClient = new webApi.WebClient(botToken, { ...clientBase, retryConfig: { retries: 0 } });
  const bot = new BotIdentity(deliveryClient, context.log, () => context.deps.clock.now());
  const answerDeadline = options.answerDeadline ?? (() => delay(ANSWER_DEADLINE_MS, undefined, { ref: false }));
  const shed = shedReport(context.log);
  // A wrong SLACK_SIGNING_SECRET shows here, as does anyone posting forged requests.
  const unsigned = burstLog(context.log, 'Slack requests refused: not signed with SLACK_SIGNING_SECRET', 'refused');
  const receiver: SlackReceiver = new SlackReceiver({
    signingSecret: options.signingSecret,
    now: () => context.deps.clock.now(),
    logger,
    store: context.deps.store,
    ...(options.bodyLimit && { bodyLimit: options.bodyLimit }),
    ...(options.concurrency && { concurrency: options.concurrency }),
    ...(options.capacity && { capacity: options.capacity }),
    shedAnswer: (kind, body) => shedAnswer(kind, busyLocale(runtime, body)),
    answerDeadline,
    urgent: opensModal,
    onShed: (kind) => {
      shed.shed(kind);
      context.deps.metrics?.requestShed({ platform: 'slack', kind });
    },
    onWorkDone: (kind, seconds) => context.deps.metrics?.requestWork({ platform: 'slack', kind, seconds }),
    onUnsigned: () => unsigned.count('signature'),
  });
  const runtime: SlackRuntime = {
    context,
    bot,
    answerDeadline,
    later: receiver.later,
    workspaces: workspaceCache(context.deps.clock),
    agents: new AgentCache(context.deps.clock),
  };
  const app = new App({
    receiver,
    logger,
    // Neither is needed on the ack path: listeners skip bots' messages themselves, and nothing keeps conversation state.
    ignoreSelf: false,
    convoStore: false,
    authorize: async (_source, body) => {
      bot.learn(body ?? {});
      return { botToken, ...(bot.userId && { botUserId: bot.userId }) };
    },
    // Direct replies (to a DM, a mention) get two quick retries; they have no outbox row behind them.
    clientOptions: { ...clientBase, retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000 } },
  });
  app.error(async (error) => {
    context.log.error({ error: errorName(error) }, 'Slack listener failed');
  });
  registerCaseCommand(app, runtime);
  registerMessages(app, runtime);
  registerInteractions(app, runtime);
  registerNewCaseModal(app, runtime);
  return {
    name: 'slack',
    routes: { [SLACK_ROUTE]: receiver.route },
    deliverer: createSlackDeliverer(deliveryClient, context.deps),
    app,
    drain: () => receiver.drain(),
    stop: async () => {
      await receiver.stop();
      shed.flush();
      unsigned.flush();
    },
  };
}
