import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface LockOptions {
  /** A lock older than this is assumed abandoned (its holder was killed mid-write) and taken over. */
  staleMs?: number;
  /** How long to wait for a live holder before taking over anyway. */
  timeoutMs?: number;
  retryMs?: number;
}

const EMPTY_LOCK_GRACE_MS = 1000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms); // synchronous: a lock is held for a few milliseconds at a time
}

function holderIsDead(content: string): boolean {
  const [pid, host] = content.split('\n');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `fn` holding an exclusive lock file (created with O_EXCL, so only one process can hold it). Waits a
 * bounded time for another holder; takes over a lock whose holder died or that is older than `staleMs`.
 * Throws the file system error when the lock cannot be created at all (read-only directory...).
 */
export function withLock<T>(lockPath: string, fn: () => T, options: LockOptions = {}): T {
  const { staleMs = 4000, timeoutMs = 6000, retryMs = 10 } = options;
  const token = `${process.pid}\n${hostname()}\n${randomBytes(8).toString('hex')}\n`;
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let abandoned = Date.now() - started > timeoutMs;
    try {
      const age = Date.now() - statSync(lockPath).mtimeMs;
      const holder = readFileSync(lockPath, 'utf8');
      // A holder writes its pid the moment it creates the lock: an empty lock a second old lost its holder in between.
      abandoned ||= age > staleMs || (holder === '' && age > EMPTY_LOCK_GRACE_MS) || holderIsDead(holder);
    } catch {
      continue; // released meanwhile: try again at once
    }
    if (abandoned) {
      try {
        unlinkSync(lockPath);
      } catch {
        // someone else took it over first
      }
      continue;
    }
    sleep(retryMs + Math.floor(Math.random() * retryMs));
  }
  try {
    return fn();
  } finally {
    try {
      // Only remove our own lock: if it was taken over as stale, the new holder's lock stays.
      if (readFileSync(lockPath, 'utf8') === token) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  }
}
