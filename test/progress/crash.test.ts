import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededRng } from '../../src/learning/rng.js';
import { openProgressStore } from '../../src/progress/store.js';
import { buildStoreChild } from './child.js';
import { tempHome } from './helpers.js';

let child: Awaited<ReturnType<typeof buildStoreChild>>;
beforeAll(async () => {
  child = await buildStoreChild();
});
afterAll(() => child?.dispose());

const SEED = 7;
const ROUNDS = 8;

/** Busy-waits (no event loop turn, so the kill follows at once) until `check` holds or `ms` pass. */
function spinUntil(check: () => boolean, ms: number): boolean {
  const end = performance.now() + ms;
  while (performance.now() < end) if (check()) return true;
  return false;
}

describe('a crash mid-write', () => {
  it(`loses nothing record() had returned, leaves a readable file and a lock the next start takes over (seed ${SEED})`, { timeout: 40_000 }, async () => {
    const home = tempHome();
    const file = join(home, 'progress.json');
    const lock = `${file}.lock`;
    const random = seededRng(SEED);
    const saved: string[] = [];
    let killedHoldingLock = 0;

    for (let round = 1; round <= ROUNDS; round++) {
      const where = `seed ${SEED}, round ${round}`;
      const writer = spawn(process.execPath, [child.script, 'crash', home], { stdio: ['ignore', 'pipe', 'pipe'] });
      const closed = new Promise<void>((resolve) => writer.on('close', () => resolve()));
      let stdout = '';
      let stderr = '';
      writer.stdout.on('data', (d) => (stdout += d));
      writer.stderr.on('data', (d) => (stderr += d));
      try {
        // Let it write for a while, then kill it at a random moment; every other round, while it holds the lock
        // (inside read-merge-write), which is where a crash could do damage.
        await vi.waitFor(() => expect(stdout.split('\n').length, `${where}: the writer never got going: ${stderr}`).toBeGreaterThan(3), { timeout: 10_000, interval: 5 });
        await new Promise((resolve) => setTimeout(resolve, random() * 40));
        if (round % 2 === 0) spinUntil(() => existsSync(lock), 500);
      } finally {
        writer.kill('SIGKILL');
        await closed; // reaped: its pid is gone, as after a real crash
      }
      expect(stderr, where).toBe('');
      if (existsSync(lock)) killedHoldingLock++;
      // Only whole lines: the last may have been cut by the kill.
      saved.push(...stdout.split('\n').slice(0, -1));

      // The file on disk is whole JSON: the write was atomic (temp file, fsync, rename).
      expect(() => JSON.parse(readFileSync(file, 'utf8')), where).not.toThrow();

      // The next start: no "corrupt" notice, nothing missing, the dead writer's lock taken over without waiting
      // for it to go stale (the store sees its pid is gone).
      const started = performance.now();
      const store = openProgressStore({ home, lock: { staleMs: 30_000, timeoutMs: 30_000 } });
      expect(performance.now() - started, `${where}: waited for the dead writer's lock`).toBeLessThan(3_000);
      expect(store.notices, where).toEqual([]);
      expect(store.persistent, where).toBe(true);
      const ids = new Set(store.events().map((e) => e.id));
      const missing = saved.filter((id) => !ids.has(id));
      expect(missing, `${where}: ${missing.length} of ${saved.length} saved events lost`).toEqual([]);
      expect(existsSync(lock), where).toBe(false);
      expect(readdirSync(home).filter((f) => f.includes('corrupt')), where).toEqual([]);
    }
    expect(saved.length).toBeGreaterThan(ROUNDS * 3);

    // Writes cut before their rename leave temp files (and a kill while a lock is moved aside, that lock); once
    // they are old, the next start removes them.
    const leftovers = readdirSync(home).filter((f) => f.startsWith('progress.json.tmp-') || f.startsWith('progress.json.lock.'));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const f of leftovers) utimesSync(join(home, f), anHourAgo, anHourAgo);
    expect(openProgressStore({ home }).size).toBeGreaterThanOrEqual(saved.length);
    expect(readdirSync(home)).toEqual(['progress.json']);
    // The rounds did hit a writer inside its critical section (else the lock takeover was never tested).
    expect(killedHoldingLock, 'rounds where the writer died holding the lock').toBeGreaterThan(0);
  });
});
