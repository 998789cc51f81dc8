import type { Store } from '../store.port.ts';
import { smtpSettingsOf } from './mailbox-url.ts';
import type { SmtpLookup } from './smtp-settings.ts';

/** The SMTP settings of the mailbox that sends as `fromAddress`, its secret read at each call (a refreshed token). */
export function mailboxSmtpLookup(store: Store, env: NodeJS.ProcessEnv = process.env): SmtpLookup {
  return async (fromAddress) => {
    const mailbox = await store.transaction((repos) => repos.mailboxes.bySender(fromAddress));
    return mailbox ? smtpSettingsOf(mailbox.smtpUrl, env) : undefined;
  };
}
