// Keystroke to frame: 500 keys through the real app in a pseudo-terminal, each timed from the write to the first
// output it causes. Keys are spaced past Ink's render throttle, as a fast typist's would be. Also records the
// session's peak RSS. Baseline in the same run: the smallest bundled Ink app, drawing a counter per key.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildInkBaseline } from './startup.mjs';
import { interactiveEnv } from './pty.mjs';
import { median, percentile, printTable } from './stats.mjs';

const PRELOAD = new URL('./rss-preload.cjs', import.meta.url).pathname;
const CYCLE = ['j', 'j', 'j', 'k', 'k', 'k', '\r', 'j', 'k', '\u001b']; // move, open a lesson, move, back

function session(command, { env = {}, ready, keys, afterwards = [], quit = 'q' }) {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'mtls-keys-'));
    const rssFile = join(dir, 'rss');
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; ${command}`, '/dev/null'], {
      env: { ...interactiveEnv(), TERM: 'xterm-256color', MTLS_BENCH_RSS_FILE: rssFile, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const latencies = [];
    let buffer = '';
    let lastOutput = performance.now();
    let waiting = null; // {sent, resolve}
    const kill = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`keys bench timed out: ${command}`));
    }, 120_000);
    child.stdout.on('data', (chunk) => {
      const now = performance.now();
      lastOutput = now;
      buffer += chunk.toString('utf8');
      if (waiting) {
        latencies.push(now - waiting.sent);
        const w = waiting;
        waiting = null;
        w.resolve();
      }
    });
    const until = async (predicate, ms) => {
      const start = performance.now();
      while (!predicate()) {
        if (performance.now() - start > ms) throw new Error(`waited ${ms} ms: ${buffer.slice(-300)}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    (async () => {
      await until(() => buffer.includes(ready), 15_000);
      for (const key of keys) {
        await until(() => performance.now() - lastOutput > 45, 5_000); // let the previous frame settle
        await new Promise((res, rej) => {
          waiting = { sent: performance.now(), resolve: res };
          child.stdin.write(key);
          setTimeout(() => (waiting ? rej(new Error(`no frame after key ${JSON.stringify(key)}`)) : null), 2_000);
        });
      }
      // Untimed: the rest of a typical session, for the peak memory (e.g. running labs).
      for (const [text, pauseMs] of afterwards) {
        child.stdin.write(text);
        await new Promise((r) => setTimeout(r, pauseMs));
      }
      child.stdin.write(quit);
    })().catch((error) => {
      child.kill('SIGKILL');
      reject(error);
    });
    child.on('exit', () => {
      clearTimeout(kill);
      let rss;
      try {
        rss = Number(readFileSync(rssFile, 'utf8'));
      } catch {}
      rmSync(dir, { recursive: true, force: true });
      resolve({ latencies, rss });
    });
  });
}

export async function benchKeys({ root, keys = 500, nodeFlags = process.env.MTLS_BENCH_NODE_FLAGS ?? '' }) {
  const home = mkdtempSync(join(tmpdir(), 'mtls-bench-home-'));
  const sequence = Array.from({ length: keys }, (_, i) => CYCLE[i % CYCLE.length]);
  const echo = await buildInkBaseline(root, 'ink-echo.jsx');
  const baseline = await session(`${process.execPath} ${nodeFlags} ${echo}`, { ready: 'Ink echo', keys: sequence.map(() => 'j') });
  // After the timed keys the session goes on as a learner's would: it runs three live labs and two policy labs.
  const runLab = (...prediction) => [['\r', 300], ...prediction.map((key) => [key, 300]), ['', 1200], [' ', 300], ['\r', 300], ['j', 200]];
  // The home menu lists the lessons, then Review, Mistakes, Progress, Live labs, the policy lab.
  const lessons = JSON.parse(readFileSync(join(root, 'dist/course.json'), 'utf8')).lessons.length;
  const afterwards = [
    ['\u001b\u001b\u001b', 300], // home
    [`${'j'.repeat(lessons + 3)}\r`, 500], // Live labs
    ...runLab('a'), ...runLab('r'), ...runLab('r'),
    ['\u001bj\r', 500], // Istio policy lab
    ...runLab('s', 'n'), ...runLab('p', 'y'),
  ];
  const ours = await session(`${process.execPath} ${nodeFlags} --require ${PRELOAD} ${join(root, 'bin/mtls-tutor.js')}`, {
    env: { MTLS_TUTOR_HOME: home },
    ready: 'Review due cards',
    keys: sequence,
    afterwards,
  });
  let labsRun = 0;
  try {
    labsRun = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')).events.filter((e) => e.type === 'lab-prediction').length;
  } catch {}
  rmSync(home, { recursive: true, force: true });
  // Opening and leaving a screen (Enter, Esc) draws a whole new screen; a move redraws two lines of a menu.
  const ofKind = (navigation) => ours.latencies.filter((_, i) => ['\r', '\u001b'].includes(sequence[i]) === navigation);
  const base = median(baseline.latencies);
  const rows = [
    { name: `Ink echo (bundled), ${keys} keys`, l: baseline.latencies },
    { name: `mtls-tutor, ${keys} keys (move / open lesson / back)`, l: ours.latencies },
    { name: '  of which moves in a menu', l: ofKind(false) },
    { name: '  of which Enter / Esc (a new screen)', l: ofKind(true) },
  ];
  printTable('Keystroke to frame in a pseudo-terminal', rows, [
    { label: 'case', get: (r) => r.name },
    { label: 'median ms', get: (r) => median(r.l).toFixed(1) },
    { label: 'p95 ms', get: (r) => percentile(r.l, 95).toFixed(1) },
    { label: 'max ms', get: (r) => Math.max(...r.l).toFixed(1) },
    { label: 'median x Ink echo', get: (r) => (median(r.l) / base).toFixed(2) },
    { label: 'p95 x 60 Hz frame', get: (r) => (percentile(r.l, 95) / (1000 / 60)).toFixed(2) },
  ]);
  const p95 = percentile(ours.latencies, 95);
  const mb = (ours.rss ?? NaN) / 2 ** 20;
  console.log(`TUI session peak RSS (the 500 keys, then ${labsRun} of 5 labs run in the same session): ${mb.toFixed(0)} MB`);
  return [
    { name: 'keystroke to frame p95 under one 60 Hz frame (16.7 ms)', ok: p95 < 1000 / 60, detail: `${p95.toFixed(1)} ms` },
    { name: 'TUI session peak memory under 120 MB', ok: mb < 120, detail: `${mb.toFixed(0)} MB` },
  ];
}
