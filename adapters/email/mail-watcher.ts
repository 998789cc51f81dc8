import type { ImapFlow } from 'imapflow';
import type { Clock } from '../../src/app/clock.port.ts';
import type { MailboxRecord, MailboxState } from '../../src/app/mail/mailbox.port.ts';
import { connectImap, fetchMailboxOnce, type MailboxPassDeps } from './imap-intake.ts';

// `portero serve` watches every mailbox: one IMAP connection each, idling (imapflow's IDLE) so that a new message is
// fetched at once, with a sweep at least every minute in case a server's IDLE says nothing, and a reconnection with
// growing pauses when the server goes away. Replicas may all watch the same mailbox: the door takes a message once.

export interface MailWatcherDeps {
  listMailboxes(): Promise<MailboxRecord[]>;
  pass: MailboxPassDeps;
  reportHealth(
    mailbox: MailboxRecord,
    health: { state: MailboxState; lastFetchAt?: Date; lastError: string | null },
  ): Promise<void>;
  clock: Clock;
  log(event: string, fields: Record<string, unknown>): void;
  connect?: (mailbox: MailboxRecord) => Promise<ImapFlow>;
}

export interface MailWatcherOptions {
  /** The fallback sweep, and how often the list of mailboxes is read again (default 60 s). */
  sweepMs?: number;
  /** First and longest pause before reconnecting (1 s doubling up to 60 s). */
  backoffMs?: { initial: number; max: number };
}

export interface MailWatcher {
  stop(): Promise<void>;
}

export function startMailWatcher(deps: MailWatcherDeps, options: MailWatcherOptions = {}): MailWatcher {
  const sweepMs = options.sweepMs ?? 60_000;
  const backoff = options.backoffMs ?? { initial: 1_000, max: 60_000 };
  const connect = deps.connect ?? ((mailbox: MailboxRecord) => connectImap(mailbox));
  const watching = new Map<string, { stop(): void; done: Promise<void> }>();
  let stopped = false;
  let wakeManager = () => {};

  const watch = (initial: MailboxRecord) => {
    let stopThis = () => {};
    const stopping = new Promise<void>((resolve) => {
      stopThis = resolve;
    });
    let client: ImapFlow | undefined;
    const done = (async () => {
      let failures = 0;
      let mailbox = initial;
      while (!stopped) {
        try {
          client = await connect(mailbox);
          failures = 0;
          await deps.reportHealth(mailbox, { state: 'connected', lastError: null });
          deps.log('mail.connected', { mailbox: mailbox.id, tenant: mailbox.tenantId });
          const current = client;
          // A message arriving during a pass is remembered: the next wait returns at once.
          const arrivals = { pending: false };
          current.on('exists', () => {
            arrivals.pending = true;
          });
          for (;;) {
            arrivals.pending = false;
            await fetchMailboxOnce(current, mailbox, deps.pass);
            await deps.reportHealth(mailbox, { state: 'connected', lastFetchAt: deps.clock.now(), lastError: null });
            const woke = arrivals.pending ? 'exists' : await nextWake(current, sweepMs, stopping);
            if (woke === 'stop') break;
            if (woke === 'closed') throw new Error('the IMAP server closed the connection');
            const fresh = await deps.listMailboxes().then((all) => all.find((row) => row.id === mailbox.id));
            if (!fresh) return;
            mailbox = fresh;
          }
          break;
        } catch (error) {
          if (stopped) break;
          failures += 1;
          const lastError = describeMailError(error);
          const delay = Math.min(backoff.initial * 2 ** (failures - 1), backoff.max);
          deps.log('mail.failing', {
            mailbox: mailbox.id,
            tenant: mailbox.tenantId,
            error: lastError,
            retryInMs: delay,
          });
          await deps.reportHealth(mailbox, { state: 'failing', lastError }).catch(() => {});
          await Promise.race([new Promise((resolve) => setTimeout(resolve, delay).unref()), stopping]);
          const fresh = await deps
            .listMailboxes()
            .then((all) => all.find((row) => row.id === mailbox.id))
            .catch(() => mailbox);
          if (!fresh) return;
          mailbox = fresh;
        } finally {
          const closing = client;
          client = undefined;
          if (closing?.usable) await closing.logout().catch(() => closing.close());
          else closing?.close();
        }
      }
      await deps.reportHealth(mailbox, { state: 'idle', lastError: null }).catch(() => {});
    })();
    watching.set(initial.id, { stop: stopThis, done });
  };

  // Mailboxes added or removed while serving are picked up at the next sweep.
  const manager = (async () => {
    while (!stopped) {
      try {
        const mailboxes = await deps.listMailboxes();
        const ids = new Set(mailboxes.map((mailbox) => mailbox.id));
        for (const mailbox of mailboxes) if (!watching.has(mailbox.id)) watch(mailbox);
        for (const [id, watcher] of watching) {
          if (!ids.has(id)) {
            watcher.stop();
            watching.delete(id);
          }
        }
      } catch (error) {
        deps.log('mail.list_failed', { error: describeMailError(error) });
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, sweepMs);
        wakeManager = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    async stop() {
      stopped = true;
      wakeManager();
      for (const watcher of watching.values()) watcher.stop();
      await manager;
      await Promise.all([...watching.values()].map((watcher) => watcher.done));
    },
  };
}

/** Whatever comes first: a new message (IDLE's EXISTS), the sweep's time, the connection closing, the stop. */
function nextWake(client: ImapFlow, sweepMs: number, stopping: Promise<void>) {
  return new Promise<'exists' | 'sweep' | 'closed' | 'stop'>((resolve) => {
    const finish = (why: 'exists' | 'sweep' | 'closed' | 'stop') => {
      // The others must not pile up listeners over hours of idling.
      clearTimeout(timer);
      client.off('exists', onExists);
      client.off('close', onClose);
      resolve(why);
    };
    const onExists = () => finish('exists');
    const onClose = () => finish('closed');
    const timer = setTimeout(() => finish('sweep'), sweepMs);
    client.on('exists', onExists);
    client.on('close', onClose);
    void stopping.then(() => finish('stop'));
  });
}

/** What went wrong, in words fit for `mailbox list`: the server's answer or the error's code, never a credential. */
export function describeMailError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, responseText, authenticationFailed } = error as Error & {
    code?: string;
    responseText?: string;
    authenticationFailed?: boolean;
  };
  if (authenticationFailed) return `authentication failed${responseText ? `: ${responseText}` : ''}`;
  return [code, responseText ?? error.message].filter(Boolean).join(': ').slice(0, 500);
}
