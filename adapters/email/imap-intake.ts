import { ImapFlow } from 'imapflow';
import type { IncomingMail } from '../../src/app/mail/incoming-mail.ts';
import type { MailboxRecord } from '../../src/app/mail/mailbox.port.ts';
import { parseMailServerUrl, resolveCredentials } from '../../src/app/mail/mailbox-url.ts';
import type { Received } from '../../src/app/mail/receive-mail.ts';
import { parseIncoming } from './parse-incoming.ts';

// One pass over a mailbox's folder: every message after the cursor, in UID order (arrival order), handed to the
// email door one at a time; \Seen is set and the cursor moved only after the door's transaction committed, and then,
// when the mailbox has a processed folder, the message is moved there. A pass killed anywhere fetches again what it
// had not finished: the door's claim makes that a no-op. Whatever is still in the folder at or below the cursor was
// taken already (a pass killed between the cursor and the move): the next pass moves it first.

/** Messages fetched with one FETCH command (the bytes of a batch are held in memory at once). */
const BATCH = 25;

export interface MailboxPassDeps {
  /** The email door (receiveMail, bound to its deps). */
  receive(mailbox: MailboxRecord, mail: IncomingMail): Promise<Received>;
  saveCursor(mailbox: MailboxRecord, uidValidity: string, lastUid: number): Promise<void>;
  maxMessageBytes: number;
}

export interface PassReport {
  received: Received[];
}

/** Connects with the mailbox's IMAP URL, its secret read now; no secret is ever in a log line or an error. */
export async function connectImap(mailbox: MailboxRecord, env: NodeJS.ProcessEnv = process.env): Promise<ImapFlow> {
  const server = parseMailServerUrl('imap', mailbox.imapUrl, 'imap');
  const credentials = await resolveCredentials(server, env);
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.secure,
    ...(credentials.user && {
      auth: credentials.accessToken
        ? { user: credentials.user, accessToken: credentials.accessToken }
        : { user: credentials.user, pass: credentials.password ?? '' },
    }),
    logger: false,
    // IDLE (how a new message is heard of at once) starts after this much quiet; imapflow's default of 15 s left a
    // message that arrived between two passes unnoticed for up to 15 s. A pass holds the folder's lock, during which
    // no IDLE starts, so its commands are not interrupted.
    autoIdleDelay: 1_000,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 5 * 60_000,
  });
  // A connection dropped later is reported by the watcher through 'close'; an 'error' event must not crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Moves taken messages to the processed folder; a refusal fails the pass (the mailbox shows it), and is retried. */
async function moveTaken(client: ImapFlow, uids: number[] | string, folder: string) {
  const moved = await client.messageMove(uids, folder, { uid: true });
  if (moved === false) throw new Error(`the taken messages could not be moved to the folder ${folder}`);
}

export async function fetchMailboxOnce(
  client: ImapFlow,
  mailbox: MailboxRecord,
  deps: MailboxPassDeps,
): Promise<PassReport> {
  const received: Received[] = [];
  // Created when missing (imapflow answers an existing one with created: false), before the folder is selected.
  if (mailbox.moveTo) await client.mailboxCreate(mailbox.moveTo);
  const lock = await client.getMailboxLock(mailbox.folder);
  try {
    const opened = client.mailbox;
    if (!opened) throw new Error(`folder ${mailbox.folder} could not be opened`);
    const uidValidity = String(opened.uidValidity);
    // A new UIDVALIDITY means the old UIDs say nothing: start over; the door's keys skip what was taken already.
    const after = mailbox.uidValidity === uidValidity ? mailbox.lastUid : 0;
    if (mailbox.moveTo && after > 0 && opened.exists > 0) await moveTaken(client, `1:${after}`, mailbox.moveTo);
    if (opened.exists === 0) {
      if (mailbox.uidValidity !== uidValidity) await deps.saveCursor(mailbox, uidValidity, 0);
      return { received };
    }
    const listed = await client.fetchAll(
      `${after + 1}:*`,
      { uid: true, size: true, internalDate: true },
      { uid: true },
    );
    // `n:*` names the last message even when its UID is below n: keep only what is really new, oldest first.
    const pending = listed.filter((message) => message.uid > after).sort((a, b) => a.uid - b.uid);
    for (let start = 0; start < pending.length; start += BATCH) {
      const batch = pending.slice(start, start + BATCH);
      const small = batch.filter((message) => (message.size ?? 0) <= deps.maxMessageBytes).map((m) => m.uid);
      const large = batch.filter((message) => (message.size ?? 0) > deps.maxMessageBytes).map((m) => m.uid);
      const sources = new Map<number, Buffer>();
      if (small.length > 0) {
        for (const message of await client.fetchAll(small, { uid: true, source: true }, { uid: true })) {
          if (message.source) sources.set(message.uid, message.source);
        }
      }
      // Over the cap only the header is read: enough to answer the sender politely.
      if (large.length > 0) {
        for (const message of await client.fetchAll(large, { uid: true, headers: true }, { uid: true })) {
          if (message.headers) sources.set(message.uid, Buffer.concat([message.headers, Buffer.from('\r\n')]));
        }
      }
      const done: number[] = [];
      try {
        for (const message of batch) {
          const source = sources.get(message.uid);
          if (!source) continue;
          const arrivedAt = message.internalDate ? new Date(message.internalDate) : new Date();
          const mail = await parseIncoming({ source, arrivedAt, size: message.size ?? source.byteLength });
          received.push(await deps.receive(mailbox, mail));
          done.push(message.uid);
        }
      } finally {
        // What committed is marked read and passed by the cursor, even when a later message of the batch failed.
        if (done.length > 0) {
          await client.messageFlagsAdd(done, ['\\Seen'], { uid: true });
          await deps.saveCursor(mailbox, uidValidity, Math.max(...done));
          mailbox.lastUid = Math.max(mailbox.uidValidity === uidValidity ? mailbox.lastUid : 0, ...done);
          mailbox.uidValidity = uidValidity;
          if (mailbox.moveTo) await moveTaken(client, done, mailbox.moveTo);
        }
      }
    }
    return { received };
  } finally {
    lock.release();
  }
}
