import { closeSync, fstatSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface LockOptions {
  /** A lock older than this is assumed abandoned (its holder was killed mid-write) and taken over. */
  staleMs?: number;
  /** How long to wait for a holder before taking over anyway. */
  timeoutMs?: number;
  /**
   * A holder that is a live process on this machine is waited for this long instead: it is working (the one-time
   * upgrade of a very long history holds the lock for seconds), and two writers would lose each other's answers.
   */
  liveHolderMs?: number;
  retryMs?: number;
  /**
   * For tests: called at the moments another process could act in between, to make it act there.
   * `beforeTakeover`: a lock was judged abandoned, not yet taken over; `waiting`: before each wait for a live
   * holder; `beforeRelease`: the holder checked the lock is still its own, not yet removed it.
   */
  interleave?: { beforeTakeover?(): void; waiting?(): void; beforeRelease?(): void };
}

const EMPTY_LOCK_GRACE_MS = 1000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms); // synchronous: a lock is held for a few milliseconds at a time
}

/** Whether the lock's holder is a process on this machine that is running ('alive') or gone ('dead'). */
function holderHere(content: string): 'alive' | 'dead' | 'unknown' {
  const [pid, host] = content.split('\n');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return 'unknown';
  try {
    process.kill(Number(pid), 0);
    return 'alive';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'alive';
  }
}

/** A lock file's identity: its inode, its content and its age, read through one descriptor so they agree. */
interface Seen {
  ino: number;
  content: string;
  ageMs: number;
}

function look(path: string): Seen | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // released meanwhile
  }
  try {
    const stat = fstatSync(fd);
    return { ino: stat.ino, content: readFileSync(fd, 'utf8'), ageMs: Date.now() - stat.mtimeMs };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes the lock at `path` only if it is still the very file `expected` (same inode and content), atomically:
 * it is renamed to a name of our own first (one rename moves one file, so two processes can never both take
 * it), then checked. If what was moved is not the expected file — another process had taken the lock over in
 * between — it is linked back, which cannot overwrite a lock someone made meanwhile.
 */
function removeIf(path: string, expected: (moved: Seen) => boolean): boolean {
  const aside = `${path}.${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // gone already
  }
  const moved = look(aside);
  if (moved && expected(moved)) {
    unlinkSync(aside);
    return true;
  }
  try {
    linkSync(aside, path);
  } catch {
    // A new lock was made in the microseconds it was away: it stands, and the one moved is lost.
  }
  unlinkSync(aside);
  return false;
}

/**
 * Runs `fn` holding an exclusive lock file (created with O_EXCL, so only one process can hold it). Waits a
 * bounded time for another holder; takes over a lock whose holder died, or, unless its holder is running on this
 * machine, that is older than `staleMs`; and only that lock (see removeIf). On release it removes the lock only
 * if it is still its own.
 * Throws the file system error when the lock cannot be created at all (read-only directory...).
 */
export function withLock<T>(lockPath: string, fn: () => T, options: LockOptions = {}): T {
  const { staleMs = 4000, timeoutMs = 6000, liveHolderMs = 60_000, retryMs = 10, interleave = {} } = options;
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
    const holder = look(lockPath);
    if (!holder) continue; // released meanwhile: try again at once
    // A holder writes its pid the moment it creates the lock: an empty lock a second old lost its holder in between.
    const here = holderHere(holder.content);
    const waited = Date.now() - started;
    const abandoned =
      here === 'dead' ||
      (here === 'alive' ? waited > liveHolderMs && holder.ageMs > liveHolderMs : waited > timeoutMs || holder.ageMs > staleMs) ||
      (holder.content === '' && holder.ageMs > EMPTY_LOCK_GRACE_MS);
    if (abandoned) {
      interleave.beforeTakeover?.();
      removeIf(lockPath, (moved) => moved.ino === holder.ino && moved.content === holder.content);
      continue;
    }
    interleave.waiting?.();
    sleep(retryMs + Math.floor(Math.random() * retryMs));
  }
  try {
    return fn();
  } finally {
    // Only our own lock: if it was taken over as stale, the new holder's lock stays.
    if (look(lockPath)?.content === token) {
      interleave.beforeRelease?.();
      removeIf(lockPath, (moved) => moved.content === token);
    }
  }
}
