// Five minutes of a learner at random: keys on every screen (labs and policy labs included), through the real app
// in a pseudo-terminal, for the session's peak memory. Seeded, so a bad run can be replayed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interactiveEnv } from './pty.mjs';

const PRELOAD = new URL('./rss-preload.cjs', import.meta.url).pathname;
// Weighted: mostly moving and opening, often answering, sometimes typing a sentence or leaving a screen.
const KEYS = [
  ...'jjjjjjkkkk'.split(''), '\r', '\r', '\r', '\u001b', ' ', ' ', 'a', 'b', 'c', 'd', 'y', 'n', 'r', 's', 'p', 'o', 'h', 'u', 'w',
  '1', '2', '3', '4', '5', '6', '7', '8', '\u001b[A', '\u001b[B', '\u001b[C', '\u001b[D',
  'the client signs the transcript with its private key. ',
];

/** mulberry32: a small seeded generator, so MTLS_SOAK_SEED replays a run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchSoak({ root, seconds = Number(process.env.MTLS_SOAK_SECONDS ?? 300), seed = Number(process.env.MTLS_SOAK_SEED ?? 7) }) {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-soak-'));
  const rssFile = join(dir, 'rss');
  const next = random(seed);
  const child = spawn('script', ['-qfec', `stty cols 100 rows 30; ${process.execPath} --require ${PRELOAD} ${join(root, 'bin/mtls-tutor.js')}`, '/dev/null'], {
    env: { ...interactiveEnv(), TERM: 'xterm-256color', MTLS_BENCH_RSS_FILE: rssFile, MTLS_TUTOR_HOME: join(dir, 'home') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = 0;
  child.stdout.on('data', (chunk) => (output += chunk.length));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const limit = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000);
  let keys = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    // Bursts of 1–5 keys, 20–400 ms apart: a person, sometimes a fast one.
    const burst = 1 + Math.floor(next() * 5);
    let text = '';
    for (let i = 0; i < burst; i++) text += KEYS[Math.floor(next() * KEYS.length)];
    child.stdin.write(text);
    keys += burst;
    await new Promise((r) => setTimeout(r, 20 + next() * 380));
  }
  // Leave whatever screen it is on (a text box takes q as a letter), then quit.
  child.stdin.write('\u001b\u001b\u001b\u001b');
  await new Promise((r) => setTimeout(r, 500));
  child.stdin.write('q');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  child.kill('SIGKILL');
  clearTimeout(limit);
  let rss = NaN;
  try {
    rss = Number(readFileSync(rssFile, 'utf8'));
  } catch {}
  rmSync(dir, { recursive: true, force: true });
  const mb = rss / 2 ** 20;
  console.log(`\nRandom session (${seconds} s, ${keys} keys, seed ${seed}, ${(output / 1024).toFixed(0)} kB drawn): peak RSS ${mb.toFixed(0)} MB`);
  return { name: `${Math.round(seconds / 60)}-minute random session peak memory under 120 MB`, ok: mb < 120, detail: Number.isFinite(mb) ? `${mb.toFixed(0)} MB` : 'no figure: the app did not exit cleanly' };
}
