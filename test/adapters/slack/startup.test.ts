import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, startHttpServer } from '../../../adapters/http/http-server.ts';
import type { PlatformContext } from '../../../adapters/platform.types.ts';
import { createSlackPlatform } from '../../../adapters/slack/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { startFakeSlackApi } from '../../helpers/fake-slack-api.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import {
  eventCallback,
  messageEvent,
  SIGNING_SECRET,
  sendSigned,
  slashCommand,
  TEAM,
  viewSubmission,
} from '../../helpers/slack-signing.ts';

// Slack is optional and never needed at start: without credentials the server runs and says so once; with them it
// starts and acks with Slack's Web API unreachable (Bolt is never left to call auth.test on its own).

const BIN = fileURLToPath(new URL('../../../src/cli/bin.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A port nothing listens on: taken from the OS, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Slack at start-up', () => {
  const p = usePortero();
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const context = (): PlatformContext => {
    lines.length = 0;
    const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
      lines.push({ level, fields, message });
    return { deps: p.deps, log: { info: log('info'), warn: log('warn'), error: log('error') }, wakeRelay: () => {} };
  };
  const configWith = (env: Record<string, string>) => {
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    return loaded.config;
  };

  it('without credentials it is off and says so once, clearly', async () => {
    const platform = await createSlackPlatform(configWith({}), context());
    expect(platform).toBeUndefined();
    expect(lines.map((line) => line.message)).toEqual([
      'Slack is disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET',
    ]);
  });

  it('with Slack unreachable it starts, acks commands and events, and a delivery fails as retryable', async () => {
    const responses = await startFakeSlackApi();
    const port = await closedPort();
    const config = configWith({
      SLACK_BOT_TOKEN: 'xoxb-offline',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `http://127.0.0.1:${port}/api`,
    });
    const platform = (await createSlackPlatform(config, context()))!;
    const server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: platform.routes,
      ready: async () => ({ ok: true, detail: '' }),
    });
    try {
      await p.deps.store.transaction((repos) => repos.platformLinks.link('slack', TEAM, 'itbx'));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;
      const timestamp = Math.floor(p.clock.now().getTime() / 1000);
      const command = slashCommand({ text: 'help', user: 'UANA', responseUrl: responses.responseUrl('help') });
      expect((await sendSigned(url, command, { timestamp })).status).toBe(200);
      const event = eventCallback(
        'Ev0OFF',
        messageEvent({ user: 'UC', text: 'Necesito soporte, la app falla', channel: 'D1', channelType: 'im' }),
      );
      expect((await sendSigned(url, event, { timestamp })).status).toBe(200);
      await platform.drain();
      // The response_url is elsewhere and reachable: the non-agent is still told what to do.
      expect(String(responses.responsesTo('help')[0]?.text)).toContain('administrador de Portero');
      const result = await platform.deliverer.deliver({
        id: 1,
        tenantId: 'itbx',
        caseId: null,
        target: 'slack',
        destination: 'C1',
        kind: 'message',
        payload: { message: { text: 'ITBX-1 is at risk', visibility: 'public' } },
        dedupKey: 'k',
        status: 'pending',
        attempts: 1,
        nextAttemptAt: new Date(),
        lastError: null,
        createdAt: new Date(),
        deliveredAt: null,
      });
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining('slack unreachable') });
      expect(result).not.toHaveProperty('permanent');
    } finally {
      await closeServer(server);
      await responses.close();
    }
  });

  describe('portero serve', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });

    it('serves health, readiness, a signed /case (acked, then answered through the response_url) and a modal submission while Slack’s API is down, and stops on SIGTERM', {
      timeout: 120_000,
    }, async () => {
      // Only the response URLs answer: the Web API itself is down.
      const responses = await startFakeSlackApi();
      const port = await closedPort();
      const apiPort = await closedPort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        PORTERO_DATA_DIR: 'memory',
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: 'xoxb-offline',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `http://127.0.0.1:${apiPort}/api/`,
      };
      delete env.DATABASE_URL;
      const started = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let output = '';
      const serving = new Promise<void>((resolve, reject) => {
        started.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('portero serving')) resolve();
        });
        started.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      await serving;
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const command = slashCommand({ text: 'help', user: 'UANA', responseUrl: responses.responseUrl('help') });
      const timestamp = Math.floor(Date.now() / 1000);
      const acked = await sendSigned(`${base}/slack/events`, command, { timestamp });
      expect(acked.status).toBe(200);
      // Acked at once; the work ran after and answered through the response_url.
      await responses.waitFor((item) => 'key' in item && item.key === 'help');
      expect(String(responses.responsesTo('help')[0]?.text)).not.toBe('');
      // A modal submission is answered by its listener: the field errors Slack shows in the modal.
      const submission = viewSubmission({
        user: 'UANA',
        view: { id: 'V0', callback_id: 'portero.new_case', private_metadata: '' },
        values: { title: { value: ' ' } },
      });
      const answered = await sendSigned(`${base}/slack/events`, submission, { timestamp });
      expect(answered.status).toBe(200);
      expect(await answered.json()).toMatchObject({
        response_action: 'errors',
        errors: { customer: 'This field is required.', title: 'This field is required.' },
      });
      const forged = await sendSigned(`${base}/slack/events`, command, { timestamp, secret: 'forged' });
      expect(forged.status).toBe(401);
      expect(output).toContain('Slack is enabled');
      expect(output).not.toContain('xoxb-offline');
      // Stopped right after an ack: the work behind it is still done, and answered, before the process exits.
      const last = slashCommand({ text: 'help', user: 'UANA', responseUrl: responses.responseUrl('last') });
      const exited = new Promise<number | null>((resolve) => started.on('exit', resolve));
      expect((await sendSigned(`${base}/slack/events`, last, { timestamp })).status).toBe(200);
      started.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(responses.responsesTo('last')).toHaveLength(1);
      await responses.close();
    });
  });
});
