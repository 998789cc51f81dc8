import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

// A real IMAP server for the tests: Debian's Dovecot, started in the foreground as its own instance on 127.0.0.1 at
// a free port, with its configuration, users (passwd-file) and maildirs in a temporary directory. As root (CI
// containers) its login and mail processes run as the packaged dovecot/dovenull users; otherwise as the current user.

export const DOVECOT = '/usr/sbin/dovecot';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface Dovecot {
  port: number;
  dir: string;
  /** Puts a message into a user's folder, as a mail server's delivery would (IMAP APPEND). */
  append(user: DovecotUser, raw: string | Buffer, options?: { folder?: string; date?: Date }): Promise<number>;
  /** Many messages in one session, in this order (a backlog). */
  appendMany(user: DovecotUser, raws: (string | Buffer)[]): Promise<void>;
  /** The flags of every message in a user's folder, by UID. */
  flags(user: DovecotUser, folder?: string): Promise<Map<number, Set<string>>>;
  /** Stops the server (connections drop) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Forgets the folder's UIDs (a new UIDVALIDITY, every message numbered anew), as a rebuilt server would. */
  resetUidValidity(user: DovecotUser): Promise<void>;
  stop(): Promise<void>;
}

export async function startDovecot(users: DovecotUser[]): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'portero-dovecot-'));
  await chmod(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const me = userInfo();
  const mailUser = asRoot ? 'dovecot' : me.username;
  for (const sub of ['run', 'state', 'mail']) await mkdir(join(dir, sub));
  if (asRoot) await chown(join(dir, 'mail'), ...(await ids('dovecot')));
  await writeFile(join(dir, 'users'), users.map((u) => `${u.user}:{PLAIN}${u.password}\n`).join(''));
  const port = await freePort();
  const config = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `instance_name = portero-test-${port}`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `log_path = ${dir}/dovecot.log`,
    `default_internal_user = ${asRoot ? 'dovecot' : me.username}`,
    `default_login_user = ${asRoot ? 'dovenull' : me.username}`,
    `mail_location = maildir:${dir}/mail/%u`,
    'first_valid_uid = 0',
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/users\n}`,
    `userdb {\n  driver = static\n  args = uid=${mailUser} gid=${asRoot ? 'dovecot' : me.gid} home=${dir}/mail/%u\n}`,
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    'service stats {\n  chroot =\n}',
    '',
  ].join('\n');
  await writeFile(join(dir, 'dovecot.conf'), config);

  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child = started;
    await waitForPort(port, () => (started.exitCode !== null ? `dovecot exited: ${stderr}` : undefined));
  };
  const stopChild = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();

  const session = async <T>(user: DovecotUser, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: user.user, pass: user.password },
      logger: false,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    port,
    dir,
    append: (user, raw, options = {}) =>
      session(user, async (client) => {
        const folder = options.folder ?? 'INBOX';
        if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => {});
        const appended = await client.append(folder, raw, [], options.date);
        return appended ? Number(appended.uid) : 0;
      }),
    appendMany: (user, raws) =>
      session(user, async (client) => {
        for (const raw of raws) await client.append('INBOX', raw);
      }),
    flags: (user, folder = 'INBOX') =>
      session(user, async (client) => {
        const lock = await client.getMailboxLock(folder);
        try {
          const result = new Map<number, Set<string>>();
          if (client.mailbox && client.mailbox.exists > 0) {
            for (const message of await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true }))
              result.set(message.uid, message.flags ?? new Set());
          }
          return result;
        } finally {
          lock.release();
        }
      }),
    async restart() {
      await stopChild();
      await start();
    },
    async resetUidValidity(user) {
      await stopChild();
      const maildir = join(dir, 'mail', user.user);
      for (const file of await readdir(maildir)) {
        if (file.startsWith('dovecot')) await rm(join(maildir, file), { force: true });
      }
      // Dovecot takes the current time as the new UIDVALIDITY: make sure it differs from the old one.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await start();
    },
    async stop() {
      await stopChild();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function ids(user: string): Promise<[number, number]> {
  const { readFile } = await import('node:fs/promises');
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((row) => row.startsWith(`${user}:`));
  if (!line) throw new Error(`the system user ${user} is missing: install dovecot-imapd`);
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, failed: () => string | undefined): Promise<void> {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 100; attempt++) {
    const problem = failed();
    if (problem) throw new Error(problem);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}
