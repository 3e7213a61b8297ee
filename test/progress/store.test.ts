import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProgressStore, progressHome } from '../../src/progress/store.js';
import { answer, tempHome } from './helpers.js';

const fileIn = (home: string) => join(home, 'progress.json');
const backups = (home: string, label: string) => readdirSync(home).filter((f) => f.startsWith(`progress.${label}-`));

describe('progress store: persistence', () => {
  it('writes each event at once, and a new instance (a restart) reads it back', () => {
    const home = tempHome();
    const store = openProgressStore({ home });
    expect(store.path).toBe(fileIn(home));
    expect(store.persistent).toBe(true);
    const event = store.record(answer('q1'));
    expect(event.id).toMatch(/^[0-9a-z]+-[0-9a-f]{16}$/);
    expect(readFileSync(fileIn(home), 'utf8')).toContain(event.id); // on disk before record() returned
    const reopened = openProgressStore({ home });
    expect(reopened.events()).toEqual([event]);
    expect(reopened.notices).toEqual([]);
  });

  it('lives in $MTLS_TUTOR_HOME when set', () => {
    expect(progressHome({ MTLS_TUTOR_HOME: '/tmp/x' })).toBe('/tmp/x');
    expect(progressHome({ MTLS_TUTOR_HOME: '' })).toBeUndefined();
    const home = tempHome();
    const before = process.env.MTLS_TUTOR_HOME;
    process.env.MTLS_TUTOR_HOME = home;
    try {
      expect(openProgressStore().path).toBe(fileIn(home));
    } finally {
      if (before === undefined) delete process.env.MTLS_TUTOR_HOME;
      else process.env.MTLS_TUTOR_HOME = before;
    }
  });

  it('two instances open at once keep each other’s answers', () => {
    const home = tempHome();
    const a = openProgressStore({ home });
    const b = openProgressStore({ home });
    const fromA = a.record(answer('qa'));
    const fromB = b.record(answer('qb')); // B had not seen A's answer: the write merges instead of overwriting
    a.record(answer('qa2'));
    const ids = openProgressStore({ home }).events().map((e) => e.id);
    expect(ids).toContain(fromA.id);
    expect(ids).toContain(fromB.id);
    expect(ids).toHaveLength(3);
    b.refresh();
    expect(b.events()).toHaveLength(3);
  });

  it('keeps events of types it does not know (written by a newer version) but leaves them out of events()', () => {
    const home = tempHome();
    const future = { id: 'zz-1', type: 'flashcard-deck', at: '2026-03-02T10:00:00Z', deck: 'x' };
    writeFileSync(fileIn(home), JSON.stringify({ app: 'mtls-tutor', version: 1, events: [future] }));
    const store = openProgressStore({ home });
    store.record(answer('q1'));
    expect(store.events().map((e) => e.type)).toEqual(['answer']);
    expect(store.size).toBe(2);
    expect(readFileSync(fileIn(home), 'utf8')).toContain('"flashcard-deck"');
  });

  it('refuses to record something that is not an event', () => {
    const store = openProgressStore({ home: tempHome() });
    expect(() => store.record({ type: 'answer' } as never)).toThrow(/not a valid progress event/);
  });
});

describe('progress store: damaged files', () => {
  it('moves a file with bad JSON aside, says where, and starts fresh', () => {
    const home = tempHome();
    writeFileSync(fileIn(home), '{"app":"mtls-tutor","version":1,"events":[{"id":');
    const store = openProgressStore({ home, now: () => new Date('2026-11-23T19:30:00Z') });
    expect(store.events()).toEqual([]);
    expect(store.persistent).toBe(true);
    expect(store.notices).toHaveLength(1);
    const notice = store.notices[0]!;
    expect(notice.kind).toBe('corrupt');
    expect(notice.backupPath).toBe(join(home, 'progress.corrupt-2026-11-23T19-30-00.json'));
    expect(notice.message).toMatch(/unreadable.*saved as .*progress\.corrupt-2026-11-23T19-30-00\.json.*Starting fresh/);
    expect(readFileSync(notice.backupPath!, 'utf8')).toBe('{"app":"mtls-tutor","version":1,"events":[{"id":'); // nothing lost
    store.record(answer('q1'));
    expect(openProgressStore({ home }).events()).toHaveLength(1);
  });

  it('moves aside a truncated file, a wrong shape and an empty file, never overwriting an earlier backup', () => {
    const home = tempHome();
    const good = JSON.stringify({ app: 'mtls-tutor', version: 1, events: [{ ...answer('q1'), id: 'a-1' }] });
    const now = () => new Date('2026-11-23T19:30:00Z');
    for (const content of [good.slice(0, good.length / 2), '[1, 2, 3]', '{"app":"mtls-tutor","version":1,"events":"lots"}', '']) {
      writeFileSync(fileIn(home), content);
      const store = openProgressStore({ home, now });
      expect(store.notices.map((n) => n.kind), content).toEqual(['corrupt']);
      expect(readFileSync(store.notices[0]!.backupPath!, 'utf8')).toBe(content);
    }
    expect(backups(home, 'corrupt')).toHaveLength(4);
  });

  it('keeps the good entries of a file with a few damaged ones, and backs up the original', () => {
    const home = tempHome();
    const original = JSON.stringify({ app: 'mtls-tutor', version: 1, events: [{ ...answer('q1'), id: 'a-1' }, { type: 'answer' }, { ...answer('q2'), id: 'a-2' }] });
    writeFileSync(fileIn(home), original);
    const store = openProgressStore({ home });
    expect(store.events().map((e) => e.id)).toEqual(['a-1', 'a-2']);
    expect(store.notices[0]).toMatchObject({ kind: 'salvaged' });
    expect(store.notices[0]!.message).toMatch(/events\[1\] has no id.*2 entries could be kept/);
    expect(readFileSync(store.notices[0]!.backupPath!, 'utf8')).toBe(original);
  });

  it('leaves a file from a newer version alone and works in memory', () => {
    const home = tempHome();
    const newer = JSON.stringify({ app: 'mtls-tutor', version: 99, events: [{ ...answer('q1'), id: 'a-1' }] });
    writeFileSync(fileIn(home), newer);
    const store = openProgressStore({ home });
    expect(store.persistent).toBe(false);
    expect(store.notices[0]).toMatchObject({ kind: 'newer-version' });
    expect(store.events().map((e) => e.id)).toEqual(['a-1']);
    store.record(answer('q2'));
    expect(store.events()).toHaveLength(2);
    expect(readFileSync(fileIn(home), 'utf8')).toBe(newer);
  });

  it('works in memory with a warning when the progress file cannot be read (a folder in its place)', () => {
    const home = tempHome();
    mkdirSync(fileIn(home));
    const store = openProgressStore({ home });
    expect(store.persistent).toBe(false);
    expect(store.notices[0]?.kind).toBe('unreadable');
    expect(store.notices[0]?.message).toMatch(/cannot be read.*memory/);
    expect(() => store.record(answer('q1'))).not.toThrow();
    expect(store.events()).toHaveLength(1);
    expect(statSync(fileIn(home)).isDirectory()).toBe(true);
  });

  it('works in memory with a warning when the folder cannot be created', () => {
    const home = tempHome();
    writeFileSync(join(home, 'not-a-folder'), 'x');
    const store = openProgressStore({ home: join(home, 'not-a-folder', 'sub') });
    expect(store.persistent).toBe(false);
    expect(store.notices[0]?.message).toMatch(/cannot be saved.*memory/);
    expect(store.record(answer('q1')).type).toBe('answer');
  });

  it('removes temp files of writes abandoned long ago (a writer killed before its rename), and nothing else', () => {
    const home = tempHome();
    const abandoned = join(home, 'progress.json.tmp-1763900000a1b2c3');
    const recent = join(home, 'progress.json.tmp-1763900001d4e5f6');
    const someoneElses = join(home, 'progress.json.tmp-notes');
    const lockMovedAside = join(home, 'progress.json.lock.4242-0123456789ab'); // its mover was killed before removing it
    for (const f of [abandoned, recent, someoneElses, lockMovedAside]) writeFileSync(f, '{"app":"mtls-tutor","ver');
    const longAgo = new Date(Date.now() - 3_600_000);
    for (const f of [abandoned, someoneElses, lockMovedAside]) utimesSync(f, longAgo, longAgo);
    const store = openProgressStore({ home });
    expect(store.notices).toEqual([]);
    expect(readdirSync(home).sort()).toEqual(['progress.json.tmp-1763900001d4e5f6', 'progress.json.tmp-notes']);
  });

  it('falls back to memory if a write fails mid-session, keeping what was recorded', () => {
    const home = tempHome();
    const seen: string[] = [];
    const store = openProgressStore({ home, onNotice: (n) => seen.push(n.kind) });
    store.record(answer('q1'));
    // The file is replaced by a folder: the next write cannot succeed.
    rmSync(fileIn(home));
    mkdirSync(fileIn(home));
    store.record(answer('q2'));
    expect(store.persistent).toBe(false);
    expect(seen).toEqual(['unreadable']);
    expect(store.events()).toHaveLength(2);
  });
});

describe('progress store: locking', () => {
  it('takes over a lock left by a process that died', () => {
    const home = tempHome();
    writeFileSync(`${fileIn(home)}.lock`, `999999999\n${hostname()}\nx\n`);
    const store = openProgressStore({ home, lock: { staleMs: 60_000, timeoutMs: 60_000 } });
    store.record(answer('q1'));
    expect(openProgressStore({ home }).events()).toHaveLength(1);
    expect(existsSync(`${fileIn(home)}.lock`)).toBe(false);
  });

  it('takes over an empty lock a moment old: its holder died between creating it and writing its pid', () => {
    const home = tempHome();
    const lock = `${fileIn(home)}.lock`;
    writeFileSync(lock, '');
    const aMomentAgo = new Date(Date.now() - 2_000);
    utimesSync(lock, aMomentAgo, aMomentAgo);
    const started = Date.now();
    openProgressStore({ home, lock: { staleMs: 60_000, timeoutMs: 60_000 } }).record(answer('q1'));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(openProgressStore({ home }).events()).toHaveLength(1);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock older than the stale limit', () => {
    const home = tempHome();
    const lock = `${fileIn(home)}.lock`;
    writeFileSync(lock, `${process.pid}\nsome-other-host\nx\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    openProgressStore({ home, lock: { staleMs: 5_000, timeoutMs: 60_000 } }).record(answer('q1'));
    expect(openProgressStore({ home }).events()).toHaveLength(1);
  });

  it('waits for a live holder only a bounded time', () => {
    const home = tempHome();
    writeFileSync(`${fileIn(home)}.lock`, `${process.pid}\nsome-other-host\nx\n`); // fresh, holder unknown
    const store = openProgressStore({ home, lock: { staleMs: 60_000, timeoutMs: 100 } });
    store.record(answer('q1'));
    expect(store.persistent).toBe(true);
    expect(openProgressStore({ home }).events()).toHaveLength(1);
  });
});
