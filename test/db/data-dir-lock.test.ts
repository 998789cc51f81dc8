import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, type LockHolder } from '../../db/data-dir-lock.ts';
import { deadPid, type Holder, startHolder } from './fixtures/holder.ts';

let dir: string;
let holders: Holder[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portero-lock-'));
});
afterEach(async () => {
  for (const holder of holders) {
    if (holder.child.exitCode === null && holder.child.signalCode === null) holder.child.kill('SIGKILL');
    await holder.exited;
  }
  holders = [];
  rmSync(dir, { recursive: true, force: true });
});

async function holder(mode: 'lock' | 'open' = 'lock', then: 'hold' | 'exit' = 'hold') {
  const started = await startHolder(dir, mode, then);
  holders.push(started);
  return started;
}

function refusal(action: () => unknown): DataDirLockedError {
  try {
    action();
  } catch (error) {
    if (error instanceof DataDirLockedError) return error;
    throw error;
  }
  throw new Error('expected the data directory to be refused');
}

const lockFile = () => join(dir, LOCK_FILE);
const readLock = () => JSON.parse(readFileSync(lockFile(), 'utf8')) as LockHolder;

describe('data directory lock, within one process', () => {
  it('writes who holds it, refuses a second handle, and is free again once released', () => {
    const lock = acquireDataDirLock(dir, { command: 'portero serve' });
    expect(readLock()).toMatchObject({ pid: process.pid, command: 'portero serve', host: hostname() });

    const error = refusal(() => acquireDataDirLock(dir, { command: 'portero chat' }));
    expect(error.code).toBe('db.data_dir_locked');
    expect(error.holder.command).toBe('portero serve');
    expect(error.message).toContain('this process');

    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    acquireDataDirLock(dir, { command: 'portero chat' }).release();
  });

  it('takes over a lock whose process is gone, and says so', async () => {
    const pid = await deadPid();
    const stale = { pid, command: 'portero serve', host: hostname(), startedAt: '2024-01-01T00:00:00Z', token: 'x' };
    writeFileSync(lockFile(), JSON.stringify(stale));
    const previous: LockHolder[] = [];

    const lock = acquireDataDirLock(dir, { command: 'portero chat', onStaleLock: (p) => previous.push(p) });

    expect(previous).toEqual([stale]);
    expect(readLock()).toMatchObject({ pid: process.pid, command: 'portero chat' });
    lock.release();
  });

  it('treats our own pid in a lock this process never took as stale (a restarted container reuses pids)', () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, command: 'old', host: hostname(), token: 'old' }));
    const lock = acquireDataDirLock(dir, { command: 'new' });
    expect(readLock().command).toBe('new');
    lock.release();
  });

  it('never guesses about a holder on another host', () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: 1, command: 'portero serve', host: 'elsewhere', token: 't' }));
    expect(refusal(() => acquireDataDirLock(dir, { command: 'portero chat' })).message).toContain('elsewhere');
  });

  it('leaves a lock that is no longer its own alone on release', () => {
    const lock = acquireDataDirLock(dir, { command: 'first' });
    const other = { pid: 1, command: 'someone else', host: 'elsewhere', token: 'theirs' };
    writeFileSync(lockFile(), JSON.stringify(other));
    lock.release();
    expect(readLock()).toEqual(other);
  });
});

describe('data directory lock, across processes', () => {
  it('refuses a second process, naming the holder and the way out', async () => {
    const first = await holder();

    const error = refusal(() => acquireDataDirLock(dir, { command: 'portero chat' }));

    expect(error.holder).toMatchObject({ pid: first.pid, command: 'npm start (test holder)' });
    expect(error.message).toContain(`pid ${first.pid}`);
    expect(error.message).toContain('"npm start (test holder)"');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain(lockFile());
  });

  it('is released when the holder exits, and when it is stopped by a signal', async () => {
    const exiting = await holder('lock', 'exit');
    expect((await exiting.exited).code).toBe(0);
    expect(existsSync(lockFile())).toBe(false);

    const stopped = await holder();
    stopped.child.kill('SIGTERM');
    // The signal still ends the process as it would have without the lock's handler.
    expect((await stopped.exited).signal).toBe('SIGTERM');
    expect(existsSync(lockFile())).toBe(false);
  });

  it('is taken over after the holder was killed outright', async () => {
    const killed = await holder();
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(readLock().pid).toBe(killed.pid);

    const previous: LockHolder[] = [];
    const lock = acquireDataDirLock(dir, { command: 'portero chat', onStaleLock: (p) => previous.push(p) });
    expect(previous.map((p) => p.pid)).toEqual([killed.pid]);
    lock.release();
  });

  // Two real embedded databases opened and migrated in turn: a minute, not 20 s, when the machine is busy.
  it('keeps a second process off a real embedded database while the first has it open', {
    timeout: 60_000,
  }, async () => {
    const first = await holder('open');

    await expect(openDatabase({ dataDir: dir, command: 'portero chat' })).rejects.toThrow(
      `in use by "npm start (test holder)" (pid ${first.pid}`,
    );

    first.child.stdin?.end();
    expect((await first.exited).code).toBe(0);
    const database = await openDatabase({ dataDir: dir, command: 'portero chat' });
    try {
      await database.ping();
      expect(readLock().command).toBe('portero chat');
    } finally {
      await database.close();
    }
    expect(existsSync(lockFile())).toBe(false);
  });
});
