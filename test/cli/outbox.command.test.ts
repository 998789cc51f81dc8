import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../db/repositories/store.ts';
import type { OutboxMessage } from '../../src/app/store.port.ts';
import { portero, useCliDeployment } from '../helpers/cli-deployment.ts';
import { testDriver } from '../helpers/db.ts';

// `portero outbox` run in-process on the test database (PGlite, or PostgreSQL with DATABASE_URL), each runCli
// opening Portero on it as an invocation would. Email is the deliverer every deployment has; the test deployment chose the
// development spool (PORTERO_MAIL_SPOOL), so a reply to a customer is a delivery the test can read.

// Chat platforms stay off unless a test configures one: what this process can deliver is part of what is asserted.
const deployment = useCliDeployment('outbox', {
  unset: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL', 'MicrosoftAppId', 'MicrosoftAppPassword'],
  seed: [
    // crosspoint365 answers by email from a real address (oys's is still a placeholder: its replies stay on the case).
    ['customer', 'add', 'acme', '--tenant', 'crosspoint365'],
    ['contact', 'add', 'carlos', '--tenant', 'crosspoint365', '--customer', 'acme', '--email', 'carlos@acme.example'],
    ['agent', 'add', 'ana', '--tenant', 'crosspoint365'],
  ],
});

/** Writes an outbox row straight into the deployment, as a use case would. */
async function enqueueRow(row: Partial<OutboxMessage> & Pick<OutboxMessage, 'target' | 'destination' | 'dedupKey'>) {
  await createStore(deployment.database.db).transaction((repos) =>
    repos.outbox.enqueue([{ tenantId: 'itbx', caseId: null, kind: 'message', payload: {}, ...row }]),
  );
}

/** An email without a body: the email deliverer refuses it for good, so the relay dead-letters it. */
function enqueueUndeliverable(to: string, dedupKey: string) {
  return enqueueRow({ target: 'email', destination: to, kind: 'case.reply', payload: { to }, dedupKey });
}

/** Sets environment variables for the length of `work`. */
async function withEnv<T>(env: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(env);
  try {
    return await work();
  } finally {
    apply(before);
  }
}

/** The rows a list printed, without its last line (the totals by status). */
const rowsOf = (lines: string[]) => lines.slice(0, -1).map((line) => line.split('\t'));
const NEXT_AT = /^next \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** The targets a run could deliver, from its last line (Teams is on without credentials, in emulator mode). */
const deliverersIn = (lines: string[]) => /^deliverers here: (.*)$/.exec(lines.at(-1) ?? '')?.[1]?.split(', ') ?? [];

describe(`portero outbox on ${testDriver()}`, { timeout: 120_000 }, () => {
  it('lists a reply waiting for delivery (after the acknowledgement), delivers both with `run` (spooled emails), and lists them delivered', async () => {
    const open = await portero(
      'case',
      'open',
      '--tenant',
      'crosspoint365',
      '--as',
      'ana',
      '--customer',
      'acme',
      '--reporter',
      'carlos',
      '--title',
      'Portal caído',
    );
    const ref = /^Case (CP365-\d+) opened\.$/.exec(open.out[0] ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(
      (await portero('case', 'reply', ref!, 'Estamos', 'revisando', '--tenant', 'crosspoint365', '--as', 'ana')).code,
    ).toBe(0);

    const pending = await portero('outbox', 'list', '--status', 'pending');
    expect(pending.code).toBe(0);
    expect(rowsOf(pending.out)).toEqual(
      ['case.reply', 'case.ack'].map((kind) => [
        expect.stringMatching(/^\d+$/),
        'pending',
        'email:carlos@acme.example',
        kind,
        'attempts 0',
        expect.stringMatching(NEXT_AT),
      ]),
    );
    expect(pending.out.at(-1)).toBe('total: pending 2, delivered 0, dead 0');
    const id = pending.out[0]!.split('\t')[0]!;

    const ran = await portero('outbox', 'run');
    expect(ran).toMatchObject({ code: 0, err: '' });
    // One case's messages to one address go in order: the acknowledgement in this pass, the reply in the next.
    expect(ran.out[0]).toBe('delivered 1, retried later 0, dead-lettered 0');
    expect(deliverersIn(ran.out)).toContain('email');
    expect((await portero('outbox', 'run')).out[0]).toBe('delivered 1, retried later 0, dead-lettered 0');
    const mail = readdirSync(join(deployment.root(), 'mail')).filter((name) => name.endsWith('.eml'));
    expect(mail).toHaveLength(2);
    const messages = mail.map((name) => readFileSync(join(deployment.root(), 'mail', name), 'utf8'));
    const message = messages.find((text) => text.includes('Estamos revisando'))!;
    expect(message).toContain('To: carlos@acme.example\r\n');
    expect(message).toContain('Estamos revisando');

    expect(rowsOf((await portero('outbox', 'list', '--status', 'delivered')).out)).toContainEqual([
      id,
      'delivered',
      'email:carlos@acme.example',
      'case.reply',
      'attempts 1',
      'next -',
    ]);
    expect((await portero('outbox', 'list', '--status', 'pending')).out).toEqual([
      '(no rows)',
      'total: pending 0, delivered 2, dead 0',
    ]);
    expect((await portero('outbox', 'run')).out[0]).toBe('delivered 0, retried later 0, dead-lettered 0');
  });

  it('dead-letters what cannot be delivered, shows it with its error, and puts it back with `retry`', async () => {
    await enqueueUndeliverable('nobody@acme.example', 'undeliverable-1');

    const ran = await portero('outbox', 'run');
    expect(ran.code).toBe(0);
    expect(ran.out).toContain('delivered 0, retried later 0, dead-lettered 1');
    expect(ran.out).toContainEqual(expect.stringMatching(/^row \d+ dead-lettered: email payload without a body$/));

    const dead = await portero('outbox', 'list', '--status', 'dead');
    expect(rowsOf(dead.out)).toEqual([
      [
        expect.stringMatching(/^\d+$/),
        'dead',
        'email:nobody@acme.example',
        'case.reply',
        'attempts 1',
        'next -',
        'email payload without a body',
      ],
    ]);
    const id = dead.out[0]!.split('\t')[0]!;
    expect(dead.out.at(-1)).toBe('total: pending 0, delivered 2, dead 1');

    expect(await portero('outbox', 'retry', id)).toEqual({
      code: 0,
      out: ['1 dead-lettered row(s) back in the queue'],
      err: '',
    });
    expect(rowsOf((await portero('outbox', 'list', '--status', 'pending')).out)).toEqual([
      [
        id,
        'pending',
        'email:nobody@acme.example',
        'case.reply',
        'attempts 0',
        expect.stringMatching(NEXT_AT),
        'email payload without a body',
      ],
    ]);
    expect((await portero('outbox', 'retry', '--all')).out).toEqual(['0 dead-lettered row(s) back in the queue']);
    expect((await portero('outbox', 'run')).out).toContain('delivered 0, retried later 0, dead-lettered 1');
    expect((await portero('outbox', 'retry', '--all')).out).toEqual(['1 dead-lettered row(s) back in the queue']);
    // Still undeliverable: the next run dead-letters it again, and it stays listed.
    expect((await portero('outbox', 'run')).out).toContain('delivered 0, retried later 0, dead-lettered 1');
    expect(rowsOf((await portero('outbox', 'list', '--status', 'dead')).out).map((row) => row[0])).toEqual([id]);
    expect((await portero('outbox', 'list', '--limit', '1')).out).toHaveLength(2);
  });

  it('delivers chat rows too when a platform is configured: the same deliverers as portero serve', async () => {
    const requests: { path: string; body: string }[] = [];
    const slackApi = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        requests.push({ path: request.url ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true, channel: 'C-ALERTS', ts: '1763900000.000100' }));
      });
    });
    await new Promise<void>((resolve) => slackApi.listen(0, '127.0.0.1', resolve));
    const { port } = slackApi.address() as AddressInfo;
    try {
      await enqueueRow({
        target: 'slack',
        destination: 'C-ALERTS',
        payload: { message: { text: 'ITBX-7 breached its first response', visibility: 'public' } },
        dedupKey: 'sla.breach:itbx-7',
      });
      const ran = await withEnv(
        {
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_SIGNING_SECRET: 'test-secret',
          SLACK_API_URL: `http://127.0.0.1:${port}/`,
        },
        () => portero('outbox', 'run'),
      );
      expect(ran).toMatchObject({ code: 0, err: '' });
      expect(ran.out[0]).toBe('delivered 1, retried later 0, dead-lettered 0');
      expect(deliverersIn(ran.out)).toEqual(expect.arrayContaining(['email', 'slack']));
      const posts = requests.filter((request) => request.path.endsWith('/chat.postMessage'));
      expect(posts).toHaveLength(1);
      const sent = new URLSearchParams(posts[0]?.body);
      expect(sent.get('channel')).toBe('C-ALERTS');
      expect(sent.get('text')).toContain('ITBX-7 breached its first response');
      // Without Slack configured, a Slack row is not this process's to claim: it waits for one that can.
      await enqueueRow({ target: 'slack', destination: 'C-ALERTS', payload: {}, dedupKey: 'sla.breach:itbx-8' });
      const withoutSlack = await portero('outbox', 'run');
      expect(withoutSlack.out[0]).toBe('delivered 0, retried later 0, dead-lettered 0');
      expect(deliverersIn(withoutSlack.out)).not.toContain('slack');
      expect(rowsOf((await portero('outbox', 'list', '--status', 'pending')).out)).toContainEqual([
        expect.stringMatching(/^\d+$/),
        'pending',
        'slack:C-ALERTS',
        'message',
        'attempts 0',
        expect.stringMatching(NEXT_AT),
      ]);
    } finally {
      await new Promise((resolve) => slackApi.close(resolve));
    }
  });

  it('refuses to retry an id that is no outbox row (exit 1, nothing put back), and says which rows were not dead', async () => {
    await enqueueUndeliverable('nadie@acme.example', 'undeliverable-2');
    expect((await portero('outbox', 'run')).out).toContain('delivered 0, retried later 0, dead-lettered 1');
    const [dead] = rowsOf((await portero('outbox', 'list', '--status', 'dead')).out);
    const [delivered] = rowsOf((await portero('outbox', 'list', '--status', 'delivered')).out);
    const before = (await portero('outbox', 'list')).out.at(-1);

    expect(await portero('outbox', 'retry', dead![0]!, '999999', '888888')).toEqual({
      code: 1,
      out: [],
      err: 'no outbox row with id 999999, 888888: nothing was put back (see portero outbox list)',
    });
    expect((await portero('outbox', 'list')).out.at(-1)).toBe(before);

    expect(await portero('outbox', 'retry', dead![0]!, delivered![0]!)).toEqual({
      code: 0,
      out: [
        `row ${delivered![0]} is delivered, not dead-lettered: left as it is`,
        '1 dead-lettered row(s) back in the queue',
      ],
      err: '',
    });
  });

  it('without PORTERO_MAIL_SPOOL email goes by SMTP: a sender no mailbox sends from is dead-lettered, saying how to add one', async () => {
    await enqueueRow({
      target: 'email',
      destination: 'carlos@acme.example',
      kind: 'case.reply',
      payload: { from: 'soporte@itbx.example', to: ['carlos@acme.example'], subject: 'Hola', body: 'Hola' },
      dedupKey: 'smtp-without-mailbox',
    });
    const ran = await withEnv({ PORTERO_MAIL_SPOOL: undefined }, () => portero('outbox', 'run'));
    const error =
      'no mailbox sends from soporte@itbx.example: portero mailbox add soporte@itbx.example --tenant itbx --imap imaps://… --smtp smtps://…';
    expect(ran.out).toContainEqual(expect.stringMatching(/^row \d+ dead-lettered: /));
    expect(ran.out).toContainEqual(expect.stringContaining(error));
    const [dead] = rowsOf((await portero('outbox', 'list', '--status', 'dead', '--limit', '1')).out);
    expect(dead).toEqual([
      expect.stringMatching(/^\d+$/),
      'dead',
      'email:carlos@acme.example',
      'case.reply',
      'attempts 1',
      'next -',
      error,
    ]);
  });

  it('calls a misuse a misuse (exit 2) without opening the database', async () => {
    // A database that cannot be reached, and no command may open Portero at all.
    const opens = deployment.opens();
    await withEnv({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, async () => {
      for (const argv of [
        ['outbox'],
        ['outbox', 'flush'],
        ['outbox', 'retry'],
        ['outbox', 'retry', 'seven'],
        ['outbox', 'retry', '3', '--all'],
        ['outbox', 'list', '--status', 'lost'],
        ['outbox', 'list', '--limit', '0'],
        ['outbox', 'list', '--bogus'],
      ]) {
        const result = await portero(...argv);
        expect({ argv, code: result.code, out: result.out }).toEqual({ argv, code: 2, out: [] });
        expect(result.err).toMatch(/^portero outbox: /);
      }
      expect((await portero('outbox', 'flush')).err).toContain('unknown subcommand "flush"');
      expect((await portero('outbox', 'list', '--status', 'lost')).err).toContain(
        '--status must be one of pending, delivered, dead, got "lost"',
      );
    });
    expect(deployment.opens()).toBe(opens);
  });
});
