import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../db/repositories/store.ts';
import { cases } from '../../db/schema/index.ts';
import { mailboxSmtpLookup } from '../../src/app/mail/smtp-lookup.ts';
import { portero, useCliDeployment } from '../helpers/cli-deployment.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { simpleMessage } from '../helpers/mail-fixtures.ts';

// `portero mailbox` and `portero mail fetch`, in-process on the test database, against a real Dovecot.

const PASSWORD = 'cli-Imap-Secret-91';
const USER = { user: 'soporte-a', password: PASSWORD };

const deployment = useCliDeployment('mailbox', {
  unset: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL', 'MicrosoftAppId', 'MicrosoftAppPassword'],
  seed: [
    ['customer', 'add', 'acme', '--tenant', 'jd-services'],
    ['contact', 'add', 'ana', '--tenant', 'jd-services', '--customer', 'acme', '--email', 'ana@acme.example'],
  ],
});

describe('portero mailbox and portero mail fetch', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot([USER]);
    process.env.JDS_TEST_MAIL_PASSWORD = PASSWORD;
  }, 30_000);
  afterAll(async () => {
    delete process.env.JDS_TEST_MAIL_PASSWORD;
    await dovecot?.stop();
  });

  const imap = () => `imap://soporte-a@127.0.0.1:${dovecot.port}?password_env=JDS_TEST_MAIL_PASSWORD`;
  const smtp = 'smtps://soporte-a%40jd-services.eu@mail.jd-services.test?password_env=JDS_TEST_MAIL_PASSWORD';

  it('refuses an address the policy does not list for email, naming the ones it lists', async () => {
    const result = await portero(
      'mailbox',
      'add',
      'otra@jd-services.eu',
      '--tenant',
      'jd-services',
      '--imap',
      imap(),
      '--smtp',
      smtp,
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('soporte-a@jd-services.eu, soporte-b@jd-services.eu, soporte-c@jd-services.eu');
  });

  it('refuses a password written in a URL without repeating it', async () => {
    const result = await portero(
      'mailbox',
      'add',
      'soporte-a@jd-services.eu',
      '--tenant',
      'jd-services',
      '--imap',
      `imap://soporte-a:${PASSWORD}@127.0.0.1:${dovecot.port}`,
      '--smtp',
      smtp,
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('password_env=NAME');
    expect(result.err).not.toContain(PASSWORD);
  });

  it('adds a mailbox, fetches it once into a case, shows its health, never its password', async () => {
    const added = await portero(
      'mailbox',
      'add',
      'soporte-a@jd-services.eu',
      '--tenant',
      'jd-services',
      '--imap',
      imap(),
      '--smtp',
      smtp,
    );
    expect(added).toMatchObject({ code: 0 });
    await dovecot.append(
      USER,
      simpleMessage({
        from: 'ana@acme.example',
        to: 'soporte-a@jd-services.eu',
        subject: 'Caída del ERP',
        body: 'No arranca desde las 9.',
        messageId: 'cli-1@acme.example',
      }),
    );
    const fetched = await portero('mail', 'fetch', '--tenant', 'jd-services');
    expect(fetched).toMatchObject({ code: 0, out: ['soporte-a@jd-services.eu: opened 1'] });
    const [opened] = await deployment.database.db.select().from(cases);
    expect(opened).toMatchObject({ ref: 'JDS-1', title: 'Caída del ERP', priority: 'A', openedVia: 'email' });
    const list = await portero('mailbox', 'list');
    expect(list.out[0]).toMatch(/^soporte-a@jd-services\.eu\tjd-services\tidle\tlast fetch 2\d{3}-/);
    expect(list.out.join('\n')).toContain('password_env=JDS_TEST_MAIL_PASSWORD');
    expect(list.out.join('\n')).not.toContain(PASSWORD);
    // The SMTP deliverer's lookup: the settings of the sending mailbox, the password read from the environment.
    const lookup = mailboxSmtpLookup(createStore(deployment.database.db));
    expect(await lookup('SOPORTE-A@jd-services.eu')).toEqual({
      host: 'mail.jd-services.test',
      port: 465,
      secure: true,
      user: 'soporte-a@jd-services.eu',
      password: PASSWORD,
    });
    expect(await lookup('nadie@jd-services.eu')).toBeUndefined();
  });

  it('shows a failing mailbox with the server’s answer and no password', async () => {
    process.env.JDS_TEST_MAIL_PASSWORD = 'Wrong-cli-secret';
    try {
      const fetched = await portero('mail', 'fetch');
      expect(fetched.code).toBe(1);
      expect(fetched.err).toMatch(/authentication failed/i);
      const list = await portero('mailbox', 'list', '--tenant', 'jd-services');
      expect(list.out[0]).toMatch(/\tfailing\t.*error: authentication failed/i);
      expect(`${fetched.err}${list.out.join('\n')}`).not.toContain('Wrong-cli-secret');
    } finally {
      process.env.JDS_TEST_MAIL_PASSWORD = PASSWORD;
    }
  });

  it('takes a processed folder (--move-to), shows it in the list, and refuses the read folder itself', async () => {
    const add = (...extra: string[]) =>
      portero(
        'mailbox',
        'add',
        'soporte-c@jd-services.eu',
        '--tenant',
        'jd-services',
        '--imap',
        imap(),
        '--smtp',
        smtp,
        ...extra,
      );
    expect(await add('--move-to', 'INBOX')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--move-to must be another folder than --folder (INBOX)'),
    });
    const added = await add('--move-to', 'Procesados');
    expect(added).toMatchObject({ code: 0, out: [expect.stringContaining('taken messages moved to Procesados')] });
    const list = await portero('mailbox', 'list', '--tenant', 'jd-services');
    expect(list.out.find((line) => line.startsWith('soporte-c@'))).toContain(' INBOX → Procesados');
    expect(await portero('mailbox', 'remove', 'soporte-c@jd-services.eu')).toMatchObject({ code: 0 });
  });

  it('removes a mailbox', async () => {
    expect(await portero('mailbox', 'remove', 'soporte-a@jd-services.eu')).toMatchObject({ code: 0 });
    expect((await portero('mailbox', 'list')).out).toEqual(['(no mailboxes)']);
    expect((await portero('mailbox', 'remove', 'soporte-a@jd-services.eu')).code).toBe(1);
  });
});
