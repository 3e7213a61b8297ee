import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

function runWriter(home: string, tag: string, count: number, startFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, home, tag, String(count), startFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`writer ${tag} timed out: ${stderr}`));
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('two processes writing at once', () => {
  it('lose none of each other’s events', async () => {
    const home = tempHome();
    const startFile = join(home, 'go');
    const count = 150;
    const writers = [runWriter(home, 'a', count, startFile), runWriter(home, 'b', count, startFile)];
    setTimeout(() => writeFileSync(startFile, ''), 200);
    const results = await Promise.all(writers);
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ persistent: true, notices: [] });
    }
    const ids = openProgressStore({ home }).events().map((e) => (e.type === 'answer' ? e.questionId : ''));
    expect(ids).toHaveLength(2 * count);
    expect(new Set(ids).size).toBe(2 * count);
  });
});
