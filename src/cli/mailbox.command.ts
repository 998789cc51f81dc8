import { connectImap, fetchMailboxOnce } from '../../adapters/email/imap-intake.ts';
import { describeMailError } from '../../adapters/email/mail-watcher.ts';
import { formatMailServerUrl, MailboxUrlError, parseMailServerUrl } from '../app/mail/mailbox-url.ts';
import { policyEmailAddresses } from '../domain/mail/mail-door.ts';
import { parseCliArgs, required } from './cli-args.ts';
import type { CliCommand } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { mailPassDeps } from './mail-intake.wiring.ts';
import { withRuntime } from './runtime.ts';

// `portero mailbox`: the support mailboxes Portero reads and sends from. `portero mail fetch`: one pass over them.

const MAILBOX_USAGE = [
  'usage: portero mailbox add <address> --tenant T --imap URL --smtp URL [--folder INBOX] [--move-to FOLDER] [--from ADDRESS]',
  '       portero mailbox list [--tenant T]',
  '       portero mailbox remove <address>',
].join('\n');

export const mailboxCommand: CliCommand = {
  name: 'mailbox',
  summary: 'the support mailboxes Portero reads (IMAP) and sends from (SMTP)',
  usage: [
    MAILBOX_USAGE,
    '',
    '  <address> must be an email address of the tenant’s policy (a priority’s intake address, an email channel).',
    '  URLs: imap://user@host:143, imaps://user@host:993, smtp://user@host:587, smtps://user@host:465, with the',
    '  secret named, never written: ?password_env=NAME (an environment variable), ?token_env=NAME or',
    '  ?token_file=/path (an OAuth2 access token, read again at each connection: Microsoft 365, Google Workspace).',
    '  --move-to FOLDER moves each message there once its case is written (created when missing); without it a',
    '  message stays in --folder, marked \\Seen.',
    '  list shows each mailbox’s state (connected, idle, failing), its last successful fetch and its last error.',
    '',
    'example: portero mailbox add soporte-a@jd-services.eu --tenant jd-services \\',
    "           --imap 'imaps://soporte-a%40jd-services.eu@mail.jd-services.eu?password_env=JDS_IMAP_PASSWORD' \\",
    "           --smtp 'smtps://soporte-a%40jd-services.eu@mail.jd-services.eu?password_env=JDS_IMAP_PASSWORD'",
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values, positionals } = parseCliArgs(
      rest,
      {
        tenant: { type: 'string' },
        imap: { type: 'string' },
        smtp: { type: 'string' },
        folder: { type: 'string' },
        'move-to': { type: 'string' },
        from: { type: 'string' },
      },
      MAILBOX_USAGE,
    );
    switch (sub) {
      case 'add': {
        const address = positionals[0]?.toLowerCase();
        if (!address || positionals.length > 1) throw new UsageError(`mailbox add takes one address\n${MAILBOX_USAGE}`);
        const tenantId = required(values.tenant, 'tenant', MAILBOX_USAGE);
        let imapUrl: string;
        let smtpUrl: string;
        try {
          imapUrl = formatMailServerUrl(
            parseMailServerUrl('imap', required(values.imap, 'imap', MAILBOX_USAGE), 'imap'),
          );
          smtpUrl = formatMailServerUrl(
            parseMailServerUrl('smtp', required(values.smtp, 'smtp', MAILBOX_USAGE), 'smtp'),
          );
        } catch (error) {
          if (error instanceof MailboxUrlError) throw new UsageError(error.message);
          throw error;
        }
        const from = values.from?.toLowerCase();
        if (from !== undefined && !/^[^\s@]+@[^\s@]+$/.test(from))
          throw new UsageError(`--from must be an email address, got "${values.from}"`);
        const folder = values.folder ?? 'INBOX';
        const moveTo = values['move-to']?.trim();
        if (moveTo !== undefined && (moveTo === '' || /[\r\n]/.test(moveTo)))
          throw new UsageError(`--move-to must name an IMAP folder (one line), got "${values['move-to']}"`);
        if (moveTo !== undefined && moveTo.toLowerCase() === folder.toLowerCase())
          throw new UsageError(`--move-to must be another folder than --folder (${folder})`);
        return withRuntime(io, async (runtime) => {
          const policy = await runtime.tenantPolicy(tenantId);
          if (!policy) {
            io.err(`there is no tenant "${tenantId}"`);
            return 1;
          }
          const listed = policyEmailAddresses(policy);
          if (!listed.includes(address)) {
            io.err(
              `${address} is not an address the policy of ${tenantId} lists for email; it lists: ${listed.join(', ') || '(none)'}`,
            );
            return 1;
          }
          const added = await runtime.store.transaction((repos) =>
            repos.mailboxes.add({
              tenantId,
              address,
              imapUrl,
              smtpUrl,
              folder,
              moveTo: moveTo ?? null,
              fromAddress: from ?? null,
            }),
          );
          if (!added) {
            io.err(`${address} already has a mailbox: remove it first (portero mailbox remove ${address})`);
            return 1;
          }
          io.out(
            `mailbox ${address} added for ${tenantId}: ${imapUrl} (folder ${added.folder}${added.moveTo ? `, taken messages moved to ${added.moveTo}` : ''}), sending by ${smtpUrl}`,
          );
          return 0;
        });
      }
      case 'list':
        return withRuntime(io, async (runtime) => {
          const rows = await runtime.store.transaction((repos) => repos.mailboxes.list(values.tenant));
          for (const row of rows) {
            const fetched = row.lastFetchAt ? row.lastFetchAt.toISOString() : 'never';
            const error = row.lastError ? `\terror: ${row.lastError}` : '';
            io.out(
              `${row.address}\t${row.tenantId}\t${row.state}\tlast fetch ${fetched}\t${row.imapUrl} ${row.folder}${row.moveTo ? ` → ${row.moveTo}` : ''}${error}`,
            );
          }
          if (rows.length === 0) io.out('(no mailboxes)');
          return 0;
        });
      case 'remove': {
        const address = positionals[0];
        if (!address) throw new UsageError(`mailbox remove takes an address\n${MAILBOX_USAGE}`);
        return withRuntime(io, async (runtime) => {
          const removed = await runtime.store.transaction((repos) => repos.mailboxes.remove(address));
          if (!removed) {
            io.err(`there is no mailbox ${address}`);
            return 1;
          }
          io.out(`mailbox ${address} removed (the messages already taken stay on their cases)`);
          return 0;
        });
      }
      default:
        throw new UsageError(MAILBOX_USAGE);
    }
  },
};

const MAIL_USAGE =
  'usage: portero mail fetch [--tenant T]    one pass over every mailbox (what serve does each minute)';

export const mailCommand: CliCommand = {
  name: 'mail',
  summary: 'fetch the support mailboxes once',
  usage: [MAIL_USAGE, '', 'example: portero mail fetch --tenant jd-services'].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values } = parseCliArgs(rest, { tenant: { type: 'string' } }, MAIL_USAGE);
    if (sub !== 'fetch') throw new UsageError(MAIL_USAGE);
    return withRuntime(io, async (runtime) => {
      const mailboxes = await runtime.store.transaction((repos) => repos.mailboxes.list(values.tenant));
      if (mailboxes.length === 0) io.out('(no mailboxes)');
      let failed = 0;
      for (const mailbox of mailboxes) {
        try {
          const client = await connectImap(mailbox);
          try {
            const { received } = await fetchMailboxOnce(client, mailbox, mailPassDeps(runtime));
            const counts = new Map<string, number>();
            for (const one of received) counts.set(one.outcome, (counts.get(one.outcome) ?? 0) + 1);
            const summary = [...counts].map(([outcome, count]) => `${outcome} ${count}`).join(', ') || 'nothing new';
            io.out(`${mailbox.address}: ${summary}`);
            await runtime.store.transaction((repos) =>
              repos.mailboxes.reportHealth(mailbox.id, {
                state: 'idle',
                lastFetchAt: runtime.clock.now(),
                lastError: null,
              }),
            );
          } finally {
            await client.logout().catch(() => client.close());
          }
        } catch (error) {
          failed += 1;
          const lastError = describeMailError(error);
          io.err(`${mailbox.address}: ${lastError}`);
          await runtime.store.transaction((repos) =>
            repos.mailboxes.reportHealth(mailbox.id, { state: 'failing', lastError }),
          );
        }
      }
      return failed > 0 ? 1 : 0;
    });
  },
};
