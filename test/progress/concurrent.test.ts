import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openProgressStore } from '../../src/progress/store.js';
import { tempHome } from './helpers.js';

// The child runs the real store code, bundled (dependencies stay in node_modules, found from .tmp/).
const outdir = join(process.cwd(), '.tmp', `progress-writer-${process.pid}`);
const script = join(outdir, 'writer.mjs');

beforeAll(async () => {
  mkdirSync(outdir, { recursive: true });
  await build({ entryPoints: ['test/progress/writer-child.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'silent' });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// A failed or timed-out test must not leave a writer running.
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

function runWriter(home: string, tag: string, count: number, startFile: string, compaction: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, home, tag, String(count), startFile, ...compaction], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`writer ${tag} timed out: ${stderr}`));
    }, 15_000);
    child.on('close', (code) => {
      running.delete(child);
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('two processes writing at once', () => {
  it.each([
    ['', []],
    [', folding old events into the summary all the while', ['40', '10']],
  ])('lose none of each other’s events%s', { timeout: 25_000 }, async (_, compaction) => {
    const home = tempHome();
    const startFile = join(home, 'go');
    const count = 150;
    const writers = [runWriter(home, 'a', count, startFile, compaction), runWriter(home, 'b', count, startFile, compaction)];
    // Start both at once, when both have started up and opened the store, so their writes really overlap.
    await vi.waitFor(() => expect(existsSync(`${startFile}.a-ready`) && existsSync(`${startFile}.b-ready`)).toBe(true), { timeout: 10_000, interval: 10 });
    writeFileSync(startFile, '');
    const results = await Promise.all(writers);
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ persistent: true, notices: [] });
    }
    const reopened = openProgressStore({ home });
    expect(reopened.notices).toEqual([]);
    const ids = reopened.events().flatMap((e) => (e.type === 'answer' ? [e.questionId] : []));
    const expected = ['a', 'b'].flatMap((tag) => Array.from({ length: count }, (_, i) => `${tag}-${i}`));
    expect([...ids].sort()).toEqual(expected.sort());
    // The log, in time order, switches writer more than once: they did write at the same time.
    const switches = ids.filter((id, i) => i > 0 && id[0] !== ids[i - 1]![0]).length;
    expect(switches, 'times the writer changes along the log').toBeGreaterThan(1);
    expect(reopened.size).toBe(2 * count);
    if (compaction.length > 0) expect(JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')).events.length).toBeLessThanOrEqual(40);
  });
});
