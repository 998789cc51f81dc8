import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { closeServer, startHttpServer } from '../../../adapters/http/http-server.ts';
import type { PlatformContext } from '../../../adapters/platform.types.ts';
import { createSlackApp, type SlackPlatform } from '../../../adapters/slack/slack-app.ts';
import type { MetricsPort } from '../../../src/app/ops/metrics.port.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import type { Store } from '../../../src/app/store.port.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../../helpers/fake-slack-api.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { SIGNING_SECRET, type SignedRequest, sendSigned, TEAM } from '../../helpers/slack-signing.ts';

// Real Bolt behind Portero's real HTTP server on 127.0.0.1, over the real database, with only Slack's Web API faked.
// Requests are signed with the app clock's time; `deliver` sends one and waits for the work after the ack too.

export const BOT_TOKEN = 'xoxb-test-token-5a1d';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** The work queue's bounds, when a test needs them small (shedding); the app's defaults otherwise. */
export function useSlack(
  queue: { concurrency?: number; capacity?: number } = {},
  options: { metrics?: MetricsPort } = {},
) {
  const p = usePortero();
  let fake: FakeSlackApi | undefined;
  let platform: SlackPlatform | undefined;
  let server: Server | undefined;
  let url = '';
  const logs: LogLine[] = [];
  let wakes = 0;
  let hold: { released: Promise<void>; entered: () => void } | undefined;
  let failure: Error | undefined;
  let deadlines: (() => void)[] = [];

  const log = (level: LogLine['level']) => (fields: Record<string, unknown>, message: string) =>
    logs.push({ level, fields, message });
  const context = (): PlatformContext => {
    const store: Store = {
      read: (work) => store.transaction(work),
      // While a test holds the gate, the store answers nothing: a slow database.
      transaction: async (work) => {
        if (failure) throw failure;
        const held = hold;
        if (held) {
          held.entered();
          await held.released;
        }
        return p.deps.store.transaction(work);
      },
    };
    return {
      deps: { ...p.deps, store, ...(options.metrics && { metrics: options.metrics }) },
      log: { info: log('info'), warn: log('warn'), error: log('error') },
      wakeRelay: () => {
        wakes++;
      },
    };
  };

  beforeAll(async () => {
    fake = await startFakeSlackApi();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(async () => {
    fake!.reset();
    logs.length = 0;
    wakes = 0;
    hold = undefined;
    failure = undefined;
    deadlines = [];
    platform = createSlackApp({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake!.apiUrl,
      context: context(),
      answerDeadline: () => new Promise<void>((resolve) => deadlines.push(resolve)),
      ...queue,
    });
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: platform.routes,
      ready: async () => ({ ok: true, detail: 'test' }),
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    await p.deps.store.transaction((repos) => repos.platformLinks.link('slack', TEAM, 'itbx'));
  });
  afterEach(async () => {
    // Drains the work and logs what was shed, before the next test's logs start.
    await platform?.stop();
    if (server) await closeServer(server);
  });

  const nowSec = () => Math.floor(p.clock.now().getTime() / 1000);
  const send = (
    request: SignedRequest,
    options: { timestamp?: number; secret?: string; headers?: Record<string, string> } = {},
  ) => sendSigned(url, request, { timestamp: nowSec(), ...options });

  return {
    p,
    logs,
    get fake() {
      return fake!;
    },
    get platform() {
      return platform!;
    },
    get url() {
      return url;
    },
    get wakes() {
      return wakes;
    },
    nowSec,
    send,
    /** Sends a signed request and waits until everything it started (after the ack too) is done. */
    async deliver(request: SignedRequest, options: Parameters<typeof send>[1] = {}) {
      const response = await send(request, options);
      await platform!.drain();
      return response;
    },
    /** From now on every store transaction fails with `error`: a database that is gone for good. */
    failStore(error: Error) {
      failure = error;
    },
    /** From now on every store transaction waits until `open()`; `entered` resolves once one is waiting. */
    holdStore() {
      let release = () => {};
      let entered = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const enteredPromise = new Promise<void>((resolve) => {
        entered = resolve;
      });
      hold = { released, entered };
      return {
        entered: enteredPromise,
        open: () => {
          hold = undefined;
          release();
        },
      };
    },
    /** Tells every modal submission waiting on its deadline that the time is up. */
    passDeadline() {
      for (const resolve of deadlines.splice(0)) resolve();
    },
    async agent(handle: string, slackId: string, tenant = 'itbx') {
      const agent = await p.agent(tenant, handle, { name: handle });
      await p.deps.store.transaction((repos) =>
        repos.identities.link(tenant, 'slack', slackId, { personKind: 'agent', personId: agent.id }),
      );
      return agent;
    },
    async bind(channel: string, purpose: 'customer' | 'agent', name: string | null, tenant = 'itbx') {
      await p.deps.store.transaction((repos) =>
        repos.bindings.bind({ platform: 'slack', conversationId: channel, tenantId: tenant, purpose, name }),
      );
    },
    relay() {
      return relayOnce({
        queue: p.queue,
        deliverers: { slack: platform!.deliverer },
        clock: p.clock,
        random: () => 0.5,
      });
    },
    /** Relay passes until one finds nothing due (a pass takes one row per case, to keep each case in order). */
    async relayAll() {
      const total = { delivered: 0, retried: 0, dead: 0 };
      for (;;) {
        const pass = await relayOnce({
          queue: p.queue,
          deliverers: { slack: platform!.deliverer },
          clock: p.clock,
          random: () => 0.5,
        });
        if (pass.delivered + pass.retried + pass.dead === 0) return total;
        total.delivered += pass.delivered;
        total.retried += pass.retried;
        total.dead += pass.dead;
      }
    },
    async caseNumber(number: number, tenant = 'itbx') {
      return p.deps.store.transaction((repos) => repos.cases.byNumber(tenant, number));
    },
  };
}

export type SlackHarness = ReturnType<typeof useSlack>;
