import { randomUUID } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

// Two processes writing one PGlite data directory corrupt it, and PGlite itself does not stop them:
// an exclusively created file in the directory does.
// Not proper-lockfile: its lock (a directory) says nothing of its holder, and it calls a lock stale by age, not
// by whether the holder is alive, so it could neither name the process to stop nor take over at once from a dead one.

export const LOCK_FILE = 'portero.lock';

export interface LockHolder {
  pid: number;
  command: string;
  host: string;
  startedAt: string;
  /** Distinguishes two holders with the same pid (a restarted container), and our own release from another's. */
  token: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Idempotent; removes the file only while it is still ours. */
  release(): void;
}

/** Another live process (or this one, through another handle) has the directory open. */
export class DataDirLockedError extends Error {
  readonly code = 'db.data_dir_locked';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const who = holder.pid === process.pid && holder.host === hostname() ? 'this process' : `pid ${holder.pid}`;
    super(
      [
        `The data directory ${dataDir} is in use by "${holder.command}" (${who} on ${holder.host}, since ${holder.startedAt}).`,
        'An embedded database can be opened by one process at a time. Stop that process first,',
        'or point both at a shared PostgreSQL with DATABASE_URL, or use another PORTERO_DATA_DIR.',
        `If no such process exists any more, delete ${join(dataDir, LOCK_FILE)}.`,
      ].join('\n'),
    );
    this.name = 'DataDirLockedError';
  }
}

export interface AcquireOptions {
  command: string;
  /** Told when a lock left by a dead process is taken over. */
  onStaleLock?: (previous: LockHolder) => void;
}

const held = new Map<string, DataDirLock>();

export function acquireDataDirLock(dataDir: string, options: AcquireOptions): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    command: options.command,
    host: hostname(),
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
  // Bounded: each round either creates the file, refuses, or removes one stale lock.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, holder)) return register(path, holder);
    const current = readHolder(path);
    if (current === undefined) continue; // vanished or half-written by a racing process: look again
    if (isAlive(current, path)) throw new DataDirLockedError(dir, current);
    if (removeIfUnchanged(path, current)) options.onStaleLock?.(current);
  }
  const current = readHolder(path);
  throw new DataDirLockedError(dir, current ?? { ...holder, command: 'an unknown process', pid: -1 });
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return {
      pid: parsed.pid,
      host: parsed.host,
      command: String(parsed.command ?? 'unknown'),
      startedAt: String(parsed.startedAt ?? 'unknown'),
      token: String(parsed.token ?? ''),
    };
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder, path: string): boolean {
  // A pid means nothing on another machine sharing the volume: never guess there.
  if (holder.host !== hostname()) return true;
  // Our own pid is only a live holder if this process really took that lock (a restarted container reuses pids).
  if (holder.pid === process.pid) return held.get(path)?.holder.token === holder.token;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moves the stale file aside, and puts it back if a racing process replaced it with a live lock meanwhile. */
function removeIfUnchanged(path: string, stale: LockHolder): boolean {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = readHolder(aside);
  if (moved && moved.token === stale.token && moved.pid === stale.pid) {
    unlinkSync(aside);
    return true;
  }
  try {
    linkSync(aside, path);
  } catch {
    // Someone created a new lock meanwhile; theirs stands.
  }
  unlinkSync(aside);
  return false;
}

function register(path: string, holder: LockHolder): DataDirLock {
  const lock: DataDirLock = {
    path,
    holder,
    release() {
      if (held.get(path) !== lock) return;
      held.delete(path);
      if (readHolder(path)?.token === holder.token) unlinkSync(path);
      if (held.size === 0) uninstallExitHooks();
    },
  };
  held.set(path, lock);
  installExitHooks();
  return lock;
}

// On exit every held lock goes. On a signal nobody else handles we release and die as the signal would have
// made us; when the application handles it, its shutdown closes the database (or exits) and that releases.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooksInstalled = false;

function releaseAll(): void {
  for (const lock of [...held.values()]) lock.release();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  uninstallExitHooks();
  process.kill(process.pid, signal);
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', releaseAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstallExitHooks(): void {
  if (!hooksInstalled) return;
  hooksInstalled = false;
  process.off('exit', releaseAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
