import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectImap, fetchMailboxOnce, type MailboxPassDeps } from '../../../adapters/email/imap-intake.ts';
import { describeMailError, startMailWatcher } from '../../../adapters/email/mail-watcher.ts';
import { cases, mailboxes, mailIntake } from '../../../db/schema/index.ts';
import type { IncomingMail } from '../../../src/app/mail/incoming-mail.ts';
import type { MailboxRecord } from '../../../src/app/mail/mailbox.port.ts';
import { MailboxUrlError, parseMailServerUrl } from '../../../src/app/mail/mailbox-url.ts';
import { receiveMail } from '../../../src/app/mail/receive-mail.ts';
import { type Dovecot, type DovecotUser, startDovecot } from '../../helpers/dovecot.ts';
import { simpleMessage } from '../../helpers/mail-fixtures.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// The IMAP side against a real server (Dovecot, started by the test): arrival order, \Seen after the commit, the
// cursor, a fetch that dies half-way, two fetchers at once, a UIDVALIDITY reset, a server restart, IDLE.

const PASSWORD = 'imap-Secret-7f3a';
const PASSWORD_ENV = 'PORTERO_TEST_IMAP_PASSWORD';
const USERS: DovecotUser[] = Array.from({ length: 10 }, (_, i) => ({ user: `box${i}`, password: PASSWORD }));

describe('taking mail from an IMAP mailbox', () => {
  const p = usePortero();
  let dovecot: Dovecot;
  let next = 0;

  beforeAll(async () => {
    dovecot = await startDovecot(USERS);
    process.env[PASSWORD_ENV] = PASSWORD;
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  /** A mailbox of its own for each test (the server outlives the database's reset between tests). */
  async function mailbox(options: { moveTo?: string } = {}) {
    const user = USERS[next++]!;
    await p.customer('jd-services', 'acme');
    await p.contact('jd-services', 'acme', 'ana', { email: 'ana@acme.example' });
    const row = await p.deps.store.transaction((repos) =>
      repos.mailboxes.add({
        tenantId: 'jd-services',
        address: 'soporte-b@jd-services.eu',
        imapUrl: `imap://${user.user}@127.0.0.1:${dovecot.port}?password_env=${PASSWORD_ENV}`,
        smtpUrl: 'smtp://support@127.0.0.1:1',
        folder: 'INBOX',
        fromAddress: null,
        moveTo: options.moveTo ?? null,
      }),
    );
    return { user, row: row! };
  }

  const request = (n: number) =>
    simpleMessage({
      from: 'ana@acme.example',
      to: 'soporte-b@jd-services.eu',
      subject: `Incidencia número ${n}`,
      body: `Descripción de la incidencia ${n}.`,
      messageId: `incidencia-${n}@acme.example`,
    });

  const passDeps = (overrides: Partial<MailboxPassDeps> = {}): MailboxPassDeps => ({
    maxMessageBytes: 10 * 1024 * 1024,
    receive: (box, mail) => receiveMail(p.deps, box, mail),
    saveCursor: (box, uidValidity, lastUid) =>
      p.deps.store.transaction((repos) => repos.mailboxes.saveCursor(box.id, uidValidity, lastUid)),
    ...overrides,
  });

  const fresh = async (row: MailboxRecord) =>
    (await p.t.db.select().from(mailboxes).where(eq(mailboxes.id, row.id)))[0]!;
  const titles = async () => (await p.t.db.select().from(cases).orderBy(cases.number)).map((row) => row.title);

  async function pass(row: MailboxRecord, deps = passDeps()) {
    const client = await connectImap(await fresh(row));
    try {
      const mailbox = { ...(await fresh(row)) } as MailboxRecord;
      return await fetchMailboxOnce(client, mailbox, deps);
    } finally {
      await client.logout();
    }
  }

  it('takes the messages in arrival order, marks them \\Seen and moves the cursor; the next pass takes nothing', async () => {
    const { user, row } = await mailbox();
    for (const n of [1, 2, 3]) await dovecot.append(user, request(n));
    const first = await pass(row);
    expect(first.received.map((one) => one.outcome)).toEqual(['opened', 'opened', 'opened']);
    expect(await titles()).toEqual(['Incidencia número 1', 'Incidencia número 2', 'Incidencia número 3']);
    const flags = await dovecot.flags(user);
    expect([...flags.values()].every((set) => set.has('\\Seen'))).toBe(true);
    expect((await fresh(row)).lastUid).toBe(3);
    expect((await pass(row)).received).toEqual([]);
  });

  it('with a processed folder, each message is moved there once its case is committed; the cursor still holds', async () => {
    const { user, row } = await mailbox({ moveTo: 'Procesados' });
    for (const n of [1, 2, 3]) await dovecot.append(user, request(n));
    const first = await pass(row);
    expect(first.received.map((one) => one.outcome)).toEqual(['opened', 'opened', 'opened']);
    expect((await dovecot.flags(user)).size).toBe(0);
    const moved = await dovecot.flags(user, 'Procesados');
    expect(moved.size).toBe(3);
    expect([...moved.values()].every((set) => set.has('\\Seen'))).toBe(true);
    expect((await fresh(row)).lastUid).toBe(3);
    // A later message: taken once, moved too; nothing is taken twice.
    await dovecot.append(user, request(4));
    expect((await pass(row)).received.map((one) => one.outcome)).toEqual(['opened']);
    expect((await pass(row)).received).toEqual([]);
    expect((await dovecot.flags(user)).size).toBe(0);
    expect((await dovecot.flags(user, 'Procesados')).size).toBe(4);
    expect(await titles()).toHaveLength(4);
  });

  it('a fetch that dies after the cursor moved and before the move: the next pass moves what was taken, nothing twice', async () => {
    const { user, row } = await mailbox({ moveTo: 'Procesados' });
    for (const n of [1, 2]) await dovecot.append(user, request(n));
    const dying = passDeps({
      async saveCursor(box, uidValidity, lastUid) {
        await p.deps.store.transaction((repos) => repos.mailboxes.saveCursor(box.id, uidValidity, lastUid));
        throw new Error('killed');
      },
    });
    await expect(pass(row, dying)).rejects.toThrow('killed');
    expect((await dovecot.flags(user)).size).toBe(2);
    expect((await fresh(row)).lastUid).toBe(2);
    expect((await pass(row)).received).toEqual([]);
    expect((await dovecot.flags(user)).size).toBe(0);
    expect((await dovecot.flags(user, 'Procesados')).size).toBe(2);
    expect(await titles()).toEqual(['Incidencia número 1', 'Incidencia número 2']);
  });

  it('a fetch that dies after a commit and before \\Seen leaves no duplicate and loses nothing', async () => {
    const { user, row } = await mailbox();
    for (const n of [1, 2, 3]) await dovecot.append(user, request(n));
    let taken = 0;
    const dying = passDeps({
      async receive(box, mail: IncomingMail) {
        const result = await receiveMail(p.deps, box, mail);
        // The second message's case is committed; the process "dies" before marking it or moving the cursor.
        if (++taken === 2) throw new Error('killed');
        return result;
      },
    });
    await expect(pass(row, dying)).rejects.toThrow('killed');
    const flags = await dovecot.flags(user);
    expect(flags.get(2)?.has('\\Seen')).toBe(false);
    expect((await fresh(row)).lastUid).toBe(1);
    const again = await pass(row);
    expect(again.received.map((one) => one.outcome)).toEqual(['duplicate', 'opened']);
    expect(await titles()).toEqual(['Incidencia número 1', 'Incidencia número 2', 'Incidencia número 3']);
    expect([...(await dovecot.flags(user)).values()].every((set) => set.has('\\Seen'))).toBe(true);
  });

  it('two fetchers at once (replicas) take each message once', async () => {
    const { user, row } = await mailbox();
    for (const n of [1, 2, 3, 4, 5]) await dovecot.append(user, request(n));
    const [a, b] = await Promise.all([pass(row), pass(row)]);
    const outcomes = [...a.received, ...b.received].map((one) => one.outcome);
    expect(outcomes.filter((outcome) => outcome === 'opened')).toHaveLength(5);
    expect(await p.t.db.select().from(cases)).toHaveLength(5);
    expect(await p.t.db.select().from(mailIntake)).toHaveLength(5);
  });

  it('after a UIDVALIDITY reset every message is numbered anew: the old ones are skipped, the new one taken', async () => {
    const { user, row } = await mailbox();
    for (const n of [1, 2]) await dovecot.append(user, request(n));
    await pass(row);
    const before = (await fresh(row)).uidValidity;
    await dovecot.resetUidValidity(user);
    await dovecot.append(user, request(3));
    const after = await pass(row);
    expect(after.received.map((one) => one.outcome)).toEqual(['duplicate', 'duplicate', 'opened']);
    expect((await fresh(row)).uidValidity).not.toBe(before);
    expect(await titles()).toEqual(['Incidencia número 1', 'Incidencia número 2', 'Incidencia número 3']);
  }, 30_000);

  it('serve’s watcher: IDLE brings a new message well before the sweep, and it reconnects after a server restart', async () => {
    const { user, row } = await mailbox();
    const events: string[] = [];
    const watcher = startMailWatcher(
      {
        listMailboxes: () => p.deps.store.transaction((repos) => repos.mailboxes.list()),
        pass: passDeps(),
        reportHealth: (box, health) =>
          p.deps.store.transaction((repos) => repos.mailboxes.reportHealth(box.id, health)),
        clock: p.clock,
        log: (event) => events.push(event),
      },
      // The sweep is far away: only IDLE can bring the first message in time.
      { sweepMs: 60_000, backoffMs: { initial: 100, max: 1_000 } },
    );
    try {
      await until(async () => (await fresh(row)).state === 'connected');
      await dovecot.append(user, request(1));
      await until(async () => (await titles()).length === 1);
      await dovecot.restart();
      await until(async () => events.includes('mail.failing'));
      await dovecot.append(user, request(2));
      await until(async () => (await titles()).length === 2);
      expect(await titles()).toEqual(['Incidencia número 1', 'Incidencia número 2']);
      const health = await fresh(row);
      expect(health.state).toBe('connected');
      expect(health.lastFetchAt).not.toBeNull();
    } finally {
      await watcher.stop();
    }
    expect((await fresh(row)).state).toBe('idle');
    expect(await p.t.db.select().from(mailIntake)).toHaveLength(2);
  }, 60_000);

  it('never shows a password: not in a refused URL, not in a failed login, not in the stored mailbox', async () => {
    let refused: unknown;
    try {
      parseMailServerUrl('imap', 'imaps://ana:Hunter2-secret@mail.example', 'imap');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(MailboxUrlError);
    expect(String((refused as Error).message)).not.toContain('Hunter2-secret');
    expect((refused as Error).message).toContain('password_env=NAME');

    const { row } = await mailbox();
    process.env[PASSWORD_ENV] = 'Wrong-Hunter2-secret';
    try {
      const failure = await connectImap(await fresh(row)).then(
        () => undefined,
        (error: unknown) => error,
      );
      const words = describeMailError(failure);
      expect(words).toMatch(/authentication failed/i);
      expect(words).not.toContain('Wrong-Hunter2-secret');
      expect(JSON.stringify(await fresh(row))).not.toContain('Wrong-Hunter2-secret');
    } finally {
      process.env[PASSWORD_ENV] = PASSWORD;
    }
  });
});

/** Waits for a condition the system reaches on its own (a watcher's work); fails after `ms`. */
async function until(condition: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('the condition was not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
