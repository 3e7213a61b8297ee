// Times a whole command (spawn to exit), optionally recording its peak RSS through bench/rss-preload.cjs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const PRELOAD = new URL('./rss-preload.cjs', import.meta.url).pathname;

/** Runs `file args` to completion; resolves {ms, code, stdout, rss?}. Bounded by timeoutMs. */
export function timeProcess(file, args, { env = {}, timeoutMs = 60_000, measureRss = false } = {}) {
  const dir = measureRss ? mkdtempSync(join(tmpdir(), 'mtls-rss-')) : null;
  const rssFile = dir ? join(dir, 'rss') : null;
  const nodeArgs = measureRss ? ['--require', PRELOAD, ...args] : args;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, nodeArgs, { env: { ...process.env, ...env, ...(rssFile ? { MTLS_BENCH_RSS_FILE: rssFile } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${file} ${args.join(' ')}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      let rss;
      if (rssFile) {
        try {
          rss = Number(readFileSync(rssFile, 'utf8'));
        } catch {}
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({ ms, code, stdout, stderr, rss });
    });
  });
}
