// Cold start to the first frame, alternating our app with two baselines in one run so machine noise hits all.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeInPty } from './pty.mjs';
import { median, percentile, printTable } from './stats.mjs';

/** Bundles one of the Ink baselines in bench/ the way our app is bundled; returns the script to run. */
export async function buildInkBaseline(root, source) {
  const outdir = join(root, '.tmp', 'bench', 'ink');
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench', source)],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outdir, splitting: true, outExtension: { '.js': '.js' }, minify: true, logLevel: 'warning',
    jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, external: ['react-devtools-core'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return join(outdir, source.replace(/\.jsx$/, '.js'));
}

export async function benchStartup({ root, runs = 15 }) {
  const work = join(root, '.tmp', 'bench');
  mkdirSync(work, { recursive: true });
  const hello = await buildInkBaseline(root, 'hello-ink.jsx');
  const home = mkdtempSync(join(tmpdir(), 'mtls-bench-home-'));
  const cases = [
    { name: "bare node -e ''", run: () => timeInPty(`${process.execPath} -e ''`) },
    { name: 'Ink hello-world (bundled)', run: () => timeInPty(`${process.execPath} ${hello}`, { marker: 'Hello from Ink' }) },
    { name: 'mtls-tutor first frame', run: () => timeInPty(`${process.execPath} ${join(root, 'bin/mtls-tutor.js')}`, { marker: 'Review due cards', env: { MTLS_TUTOR_HOME: home } }) },
  ];
  const samples = new Map(cases.map((c) => [c.name, []]));
  for (const c of cases) await c.run(); // warm the file cache once
  for (let i = 0; i < runs; i++) for (const c of cases) samples.get(c.name).push(await c.run());
  const base = median(samples.get(cases[0].name));
  const rows = cases.map((c) => ({ name: c.name, median: median(samples.get(c.name)), p90: percentile(samples.get(c.name), 90) }));
  printTable(`Cold start in a pseudo-terminal (${runs} alternating runs each)`, rows, [
    { label: 'case', get: (r) => r.name },
    { label: 'median ms', get: (r) => r.median.toFixed(0) },
    { label: 'p90 ms', get: (r) => r.p90.toFixed(0) },
    { label: 'x bare node', get: (r) => (r.median / base).toFixed(2) },
  ]);
  const ours = rows[2].median / base;
  return { name: 'TUI first frame within 3x bare node', ok: ours <= 3, detail: `${ours.toFixed(2)}x (bundled Ink hello-world: ${(rows[1].median / base).toFixed(2)}x)` };
}
