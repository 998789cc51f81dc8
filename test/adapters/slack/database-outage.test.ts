import type { Server } from 'node:http';
import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, serverPort, startHttpServer } from '../../../adapters/http/http-server.ts';
import { createSlackApp, type SlackPlatform } from '../../../adapters/slack/slack-app.ts';
import { type Database, openDatabase } from '../../../db/client.ts';
import { createStore } from '../../../db/repositories/store.ts';
import { transientDatabaseError } from '../../../db/transient-error.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { retryingStore } from '../../../src/app/store-retry.ts';
import { testDriver } from '../../helpers/db.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../../helpers/fake-slack-api.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { SIGNING_SECRET, sendSigned, slashCommand, TEAM } from '../../helpers/slack-signing.ts';

// PostgreSQL goes away in the middle of a burst of acked commands (a TCP proxy in front of it drops every connection
// and refuses new ones for a second, as a restart does). Every command must end applied once and answered, or
// answered as not done: none silent, none applied twice.

const COMMANDS = 300;
const OUTAGE_MS = 1_000;

/** A TCP proxy to PostgreSQL that can cut every connection and refuse new ones for a while. */
async function startCuttingProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let refusing = false;
  let cut = 0;
  const server: NetServer = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get cut() {
      return cut;
    },
    /** Drops every connection and refuses new ones for `ms`. */
    outage(ms: number): Promise<void> {
      refusing = true;
      cut += sockets.size;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) =>
        setTimeout(() => {
          refusing = false;
          resolve();
        }, ms),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(testDriver() !== 'postgres')('a PostgreSQL outage during a burst of Slack commands', () => {
  const p = usePortero();
  let fake: FakeSlackApi;
  beforeAll(async () => {
    fake = await startFakeSlackApi();
  });
  afterAll(async () => {
    await fake.close();
  });

  it(`${COMMANDS} acked /case note commands: each applied once and answered, or answered as not done`, {
    timeout: 120_000,
  }, async () => {
    const ana = await p.agent('itbx', 'ana');
    await p.customer('itbx', 'acme');
    p.ok(await openCase({ deps: p.deps, caller: p.asAgent('itbx', ana), customer: 'acme', title: 'Outage' }));
    await p.deps.store.transaction(async (repos) => {
      await repos.platformLinks.link('slack', TEAM, 'itbx');
      await repos.identities.link('itbx', 'slack', 'UANA', { personKind: 'agent', personId: ana.id });
    });

    const direct = p.t.database as Extract<Database, { driver: 'postgres' }>;
    const target = new URL(direct.url);
    const proxy = await startCuttingProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(direct.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const database = await openDatabase({ url: proxied.toString(), poolSize: 10 });
    let retried = 0;
    const store = retryingStore(createStore(database.db), {
      transient: transientDatabaseError,
      attempts: 8,
      pauseMs: (attempt) => Math.min(100 * 2 ** (attempt - 1), 1_000),
      onRetry: () => retried++,
    });
    let platform: SlackPlatform | undefined;
    let server: Server | undefined;
    const quiet = () => {};
    try {
      platform = createSlackApp({
        botToken: 'xoxb-outage',
        signingSecret: SIGNING_SECRET,
        apiUrl: fake.apiUrl,
        context: { deps: { ...p.deps, store }, log: { info: quiet, warn: quiet, error: quiet }, wakeRelay: quiet },
      });
      server = await startHttpServer({
        port: 0,
        host: '127.0.0.1',
        routes: platform.routes,
        ready: async () => ({ ok: true, detail: '' }),
      });
      const url = `http://127.0.0.1:${serverPort(server)}/slack/events`;
      const timestamp = Math.floor(p.clock.now().getTime() / 1000);
      const acks: number[] = [];
      let outage: Promise<void> | undefined;
      for (let wave = 0; wave < COMMANDS / 20; wave++) {
        if (wave === 5) outage = proxy.outage(OUTAGE_MS);
        const sent = await Promise.all(
          Array.from({ length: 20 }, (_, n) => {
            const i = wave * 20 + n;
            const command = slashCommand({
              text: `note ITBX-1 nota-${i}`,
              user: 'UANA',
              responseUrl: fake.responseUrl(`n${i}`),
            });
            return sendSigned(url, command, { timestamp });
          }),
        );
        acks.push(...sent.map((response) => response.status));
      }
      await outage;
      await platform.drain();

      expect(acks.every((status) => status === 200)).toBe(true);
      expect(proxy.cut).toBeGreaterThan(0);
      const events = await p.deps.store.transaction((repos) =>
        repos.events.list('itbx', { types: ['note'], limit: 10_000 }),
      );
      const applied = new Map<string, number>();
      for (const event of events) applied.set(String(event.data.text), (applied.get(String(event.data.text)) ?? 0) + 1);
      const tally = { answered: 0, silent: 0, appliedTwice: 0, notDone: 0, unknown: 0 };
      for (let i = 0; i < COMMANDS; i++) {
        const answers = fake.responsesTo(`n${i}`);
        const times = applied.get(`nota-${i}`) ?? 0;
        if (answers.length === 0) tally.silent++;
        else tally.answered++;
        if (times > 1) tally.appliedTwice++;
        const text = String(answers[0]?.text ?? '');
        if (text.startsWith('Not done') || text.startsWith('No se hizo')) {
          tally.notDone++;
          expect(times).toBe(0);
        } else if (/could not confirm|no pudo confirmar/.test(text)) tally.unknown++;
        else if (answers.length > 0) expect(times).toBe(1);
        expect(answers.length).toBeLessThanOrEqual(1);
      }
      console.info(`PostgreSQL outage during ${COMMANDS} commands: ${JSON.stringify({ ...tally, retried })}`);
      expect(tally).toMatchObject({ answered: COMMANDS, silent: 0, appliedTwice: 0 });
      // The outage was felt and ridden out: work was run again, and most commands still went through.
      expect(retried).toBeGreaterThan(0);
      expect(tally.notDone + tally.unknown).toBeLessThan(COMMANDS / 2);
    } finally {
      await platform?.stop();
      if (server) await closeServer(server, 0);
      await database.close();
      await proxy.close();
    }
  });
});
