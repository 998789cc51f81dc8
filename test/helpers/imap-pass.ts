import { connectImap, fetchMailboxOnce } from '../../adapters/email/imap-intake.ts';
import type { CaseDeps } from '../../src/app/cases/case-context.ts';
import type { MailboxRecord } from '../../src/app/mail/mailbox.port.ts';
import { receiveMail } from '../../src/app/mail/receive-mail.ts';

/** One IMAP pass over a mailbox, as serve's watcher runs it, with the mailbox's cursor as the database has it now. */
export async function imapPass(deps: CaseDeps, box: MailboxRecord) {
  const fresh = (await deps.store.transaction((repos) => repos.mailboxes.list())).find((m) => m.id === box.id)!;
  const client = await connectImap(fresh);
  try {
    return await fetchMailboxOnce(client, fresh, {
      maxMessageBytes: 10 * 1024 * 1024,
      receive: (mailbox, mail) => receiveMail(deps, mailbox, mail),
      saveCursor: (mailbox, uidValidity, lastUid) =>
        deps.store.transaction((repos) => repos.mailboxes.saveCursor(mailbox.id, uidValidity, lastUid)),
    });
  } finally {
    await client.logout();
  }
}
