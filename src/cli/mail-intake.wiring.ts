import type { MailboxPassDeps } from '../../adapters/email/imap-intake.ts';
import { type MailWatcher, type MailWatcherDeps, startMailWatcher } from '../../adapters/email/mail-watcher.ts';
import { receiveMail } from '../app/mail/receive-mail.ts';
import type { Portero } from '../main.ts';

// The email door wired to a running Portero: what `portero serve` watches and `portero mail fetch` runs once.

/** `wakeRelay`: what a message queued (an acknowledgement, a refusal) leaves at once, not at the relay's next pass. */
export function mailPassDeps(portero: Portero, wakeRelay?: () => void): MailboxPassDeps {
  const { maxMessageBytes } = portero.config.mail;
  return {
    maxMessageBytes,
    async receive(mailbox, mail) {
      const received = await receiveMail(portero, mailbox, mail, { maxMessageBytes });
      if (received.outcome !== 'duplicate') wakeRelay?.();
      return received;
    },
    saveCursor: (mailbox, uidValidity, lastUid) =>
      portero.store.transaction((repos) => repos.mailboxes.saveCursor(mailbox.id, uidValidity, lastUid)),
  };
}

export function mailWatcherDeps(
  portero: Portero,
  log: MailWatcherDeps['log'],
  wakeRelay?: () => void,
): MailWatcherDeps {
  return {
    listMailboxes: () => portero.store.transaction((repos) => repos.mailboxes.list()),
    pass: mailPassDeps(portero, wakeRelay),
    reportHealth: (mailbox, health) =>
      portero.store.transaction((repos) => repos.mailboxes.reportHealth(mailbox.id, health)),
    clock: portero.clock,
    log,
  };
}

/** `portero serve`'s watcher of every mailbox (none configured: it only rereads the list each minute). */
export function startMailIntake(portero: Portero, options: { wakeRelay?: () => void } = {}): MailWatcher {
  return startMailWatcher(
    mailWatcherDeps(
      portero,
      (event, fields) =>
        event === 'mail.connected' ? portero.logger.info(fields, event) : portero.logger.warn(fields, event),
      options.wakeRelay,
    ),
  );
}
