import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createSmtpDeliverer, type SmtpDeliverer } from '../../adapters/email/smtp.deliverer.ts';
import type { CaseDeps } from '../../src/app/cases/case-context.ts';
import type { MailboxRecord } from '../../src/app/mail/mailbox.port.ts';
import { mailboxSmtpLookup } from '../../src/app/mail/smtp-lookup.ts';
import { type Dovecot, type DovecotUser, startDovecot } from './dovecot.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

/**
 * Inside a describe: a real Dovecot with `users` for the suite (their password reaches Portero through the variable
 * `passwordEnv`, as an operator's would), and for each test an SMTP sink with Portero's SMTP deliverer in front of it.
 * `mailbox()` adds a tenant's support mailbox on one of the accounts, sending through the sink.
 */
export function useMailServers(p: { readonly deps: CaseDeps }, users: DovecotUser[], passwordEnv: string) {
  let dovecot: Dovecot | undefined;
  let sink: SmtpSink | undefined;
  let smtp: SmtpDeliverer | undefined;
  const must = <T>(value: T | undefined, name: string): T => {
    if (!value) throw new Error(`useMailServers(): ${name} exists inside a test only`);
    return value;
  };
  beforeAll(async () => {
    dovecot = await startDovecot(users);
    process.env[passwordEnv] = users[0]!.password;
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
  });
  beforeEach(async () => {
    sink = await startSmtpSink();
    smtp = createSmtpDeliverer(mailboxSmtpLookup(p.deps.store));
  });
  afterEach(async () => {
    smtp?.close();
    await sink?.close();
  });
  return {
    get dovecot() {
      return must(dovecot, 'Dovecot');
    },
    get sink() {
      return must(sink, 'the SMTP sink');
    },
    get smtp() {
      return must(smtp, 'the SMTP deliverer');
    },
    /** The tenant's support mailbox, on the IMAP account of `user`. */
    async mailbox(tenantId: string, address: string, user: DovecotUser): Promise<MailboxRecord> {
      const row = await p.deps.store.transaction((repos) =>
        repos.mailboxes.add({
          tenantId,
          address,
          imapUrl: `imap://${user.user}@127.0.0.1:${must(dovecot, 'Dovecot').port}?password_env=${passwordEnv}`,
          smtpUrl: `smtp://127.0.0.1:${must(sink, 'the SMTP sink').port}`,
          folder: 'INBOX',
          fromAddress: null,
        }),
      );
      return row!;
    },
  };
}
