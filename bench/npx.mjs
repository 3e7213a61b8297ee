// `npx mtls-tutor` as a new user meets it: the packed tarball installed into an empty npm cache, to the first frame.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeInPty } from './pty.mjs';
import { median, percentile, printTable } from './stats.mjs';

const MARKER = 'Review due cards';

export async function benchNpx({ root, runs = 7 }) {
  const work = mkdtempSync(join(tmpdir(), 'mtls-bench-npx-'));
  try {
    // --ignore-scripts: `npm run bench` has just built dist/, and a user's install runs no build either.
    execFileSync('npm', ['pack', root, '--ignore-scripts', '--silent', '--pack-destination', work], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')));
    const home = mkdtempSync(join(work, 'home-'));
    const npx = (cache) => `npx --yes --cache ${cache} --package ${tarball} mtls-tutor`;
    const warmCache = join(work, 'warm-cache');
    const prefix = join(work, 'installed');
    execFileSync('npm', ['install', '--prefix', prefix, '--cache', join(work, 'install-cache'), '--no-audit', '--no-fund', '--silent', tarball], { stdio: ['ignore', 'ignore', 'inherit'] });
    let coldRun = 0;
    const cases = [
      { name: 'npx, empty npm cache (cold)', run: () => timeInPty(npx(join(work, `cold-cache-${coldRun++}`)), { marker: MARKER, env: { MTLS_TUTOR_HOME: home } }) },
      { name: 'npx, already installed (warm)', run: () => timeInPty(npx(warmCache), { marker: MARKER, env: { MTLS_TUTOR_HOME: home } }) },
      { name: 'installed package (npm install, then its bin)', run: () => timeInPty(join(prefix, 'node_modules/.bin/mtls-tutor'), { marker: MARKER, env: { MTLS_TUTOR_HOME: home } }) },
      { name: 'node bin/mtls-tutor.js (repo)', run: () => timeInPty(`${process.execPath} ${join(root, 'bin/mtls-tutor.js')}`, { marker: MARKER, env: { MTLS_TUTOR_HOME: home } }) },
    ];
    const samples = new Map(cases.map((c) => [c.name, []]));
    for (const c of cases) await c.run(); // warm the file cache (and the warm npx install) once
    for (let i = 0; i < runs; i++) for (const c of cases) samples.get(c.name).push(await c.run());
    const rows = cases.map((c) => ({ name: c.name, median: median(samples.get(c.name)), p90: percentile(samples.get(c.name), 90) }));
    const repo = rows[3].median;
    printTable(`npx start to the first frame (${runs} alternating runs each)`, rows, [
      { label: 'case', get: (r) => r.name },
      { label: 'median ms', get: (r) => r.median.toFixed(0) },
      { label: 'p90 ms', get: (r) => r.p90.toFixed(0) },
      { label: 'x repo start', get: (r) => (r.median / repo).toFixed(2) },
    ]);
    return [
      { name: 'cold npx first frame within 1.5 s', ok: rows[0].median <= 1500, detail: `${rows[0].median.toFixed(0)} ms` },
      // npx itself (npm's CLI) costs ~0.4 s before our code runs, whatever the package; the installed bin is ours.
      { name: 'installed package starts within 1.2x the repo start', ok: rows[2].median / repo <= 1.2, detail: `${(rows[2].median / repo).toFixed(2)}x (${rows[2].median.toFixed(0)} vs ${repo.toFixed(0)} ms; warm npx ${rows[1].median.toFixed(0)} ms)` },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
