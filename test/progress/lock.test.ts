import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock } from '../../src/progress/lock.js';
import { tempHome } from './helpers.js';

// Another process's part is played in the hooks withLock calls at the moments another process could act.
const live = (name: string) => `${process.pid}\n${hostname()}\n${name}\n`; // a holder that is alive (this process)
const dead = `999999999\n${hostname()}\nlong-gone\n`;

describe('the progress lock', () => {
  it('two waiters racing for a dead holder’s lock: the later one leaves the earlier one’s new lock alone and waits', () => {
    const lock = join(tempHome(), 'progress.json.lock');
    writeFileSync(lock, dead);
    const seenWhileWaiting: string[] = [];
    let ranAfterRelease = false;
    let released = false;
    withLock(
      lock,
      () => {
        ranAfterRelease = released;
      },
      {
        staleMs: 60_000,
        timeoutMs: 60_000,
        interleave: {
          // Both judged the dead holder's lock abandoned; the other waiter takes it over first.
          beforeTakeover: () => {
            if (readFileSync(lock, 'utf8') !== dead) return;
            unlinkSync(lock);
            writeFileSync(lock, live('other waiter'));
          },
          // While we wait, the other waiter holds its lock; it releases it after a few of our waits.
          waiting: () => {
            seenWhileWaiting.push(readFileSync(lock, 'utf8'));
            if (seenWhileWaiting.length === 3) {
              unlinkSync(lock);
              released = true;
            }
          },
        },
      },
    );
    expect(seenWhileWaiting).toEqual([live('other waiter'), live('other waiter'), live('other waiter')]);
    expect(ranAfterRelease).toBe(true);
    expect(readdirSync(join(lock, '..'))).toEqual([]); // and nothing left behind
  });

  it('a holder whose lock was taken over (it held it too long) does not remove the new holder’s lock', () => {
    const lock = join(tempHome(), 'progress.json.lock');
    withLock(lock, () => {
      unlinkSync(lock);
      writeFileSync(lock, live('new holder'));
    });
    expect(readFileSync(lock, 'utf8')).toBe(live('new holder'));
  });

  it('a takeover landing between the holder’s last check and its release survives the release', () => {
    const lock = join(tempHome(), 'progress.json.lock');
    withLock(lock, () => {}, {
      interleave: {
        beforeRelease: () => {
          unlinkSync(lock);
          writeFileSync(lock, live('new holder'));
        },
      },
    });
    expect(readFileSync(lock, 'utf8')).toBe(live('new holder'));
    expect(readdirSync(join(lock, '..'))).toEqual(['progress.json.lock']);
  });

  it('waits for a holder running on this machine even past the stale limit (it may be upgrading a long history)', () => {
    const lock = join(tempHome(), 'progress.json.lock');
    writeFileSync(lock, live('busy holder'));
    const started = Date.now();
    let releasedAt = 0;
    let ranAt = 0;
    withLock(
      lock,
      () => {
        ranAt = Date.now();
      },
      {
        staleMs: 20,
        timeoutMs: 20,
        liveHolderMs: 30_000,
        interleave: {
          waiting: () => {
            if (releasedAt === 0 && Date.now() - started > 300) {
              unlinkSync(lock);
              releasedAt = Date.now();
            }
          },
        },
      },
    );
    expect(releasedAt).toBeGreaterThan(0);
    expect(ranAt).toBeGreaterThanOrEqual(releasedAt);
  });

  it('releases its own lock', () => {
    const lock = join(tempHome(), 'progress.json.lock');
    expect(withLock(lock, () => existsSync(lock))).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});
