// The progress store with a long history: saving an answer and `progress --json` with 1e6 events' worth of history
// against the same with a 100-event history, alternating in one run; and the size of the file on disk.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeProcess } from './process.mjs';
import { median, percentile, printTable } from './stats.mjs';

export async function benchStore({ root, rounds = 5, answersPerRound = 20, events = Number(process.env.MTLS_BENCH_STORE_EVENTS ?? 1_000_000) }) {
  const outdir = join(root, '.tmp', 'bench', 'store');
  mkdirSync(outdir, { recursive: true });
  const driver = join(outdir, 'store-driver.mjs');
  await build({
    entryPoints: [join(root, 'bench', 'store-driver.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: driver, logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const course = join(root, 'dist', 'course.json');
  const cli = join(root, 'bin', 'mtls-tutor.js');
  const work = mkdtempSync(join(tmpdir(), 'mtls-bench-store-'));
  const node = (args, options) => timeProcess(process.execPath, [driver, ...args], { timeoutMs: 30 * 60_000, ...options });
  const json = (r, what) => {
    if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1));
  };
  try {
    const homes = { small: join(work, 'small'), big: join(work, 'big') };
    const sizes = { small: 100, big: events };
    const opened = {};
    for (const [name, home] of Object.entries(homes)) {
      mkdirSync(home);
      const seeded = await node(['seed', home, String(sizes[name]), course]);
      json({ ...seeded, stdout: '0' }, `seeding ${name}`);
      // The first open of a file from before compaction migrates it: a one-time cost, reported for reference.
      opened[name] = json(await node(['open', home], { measureRss: true }), `opening ${name}`);
    }
    const answerSamples = { small: [], big: [] };
    const answerCpu = { small: [], big: [] };
    const jsonSamples = { small: [], big: [] };
    const progressJson = (home) => timeProcess(process.execPath, [cli, 'progress', '--json'], { env: { MTLS_TUTOR_HOME: home }, measureRss: true, timeoutMs: 10 * 60_000 });
    let jsonRss = 0;
    let reported;
    for (let round = 0; round < rounds; round++) {
      for (const name of ['small', 'big']) {
        const r = json(await node(['answers', homes[name], String(answersPerRound)]), `answers (${name})`);
        if (!r.persistent) throw new Error(`the ${name} store did not save: ${JSON.stringify(r.notices)}`);
        answerSamples[name].push(...r.samples.slice(1)); // the first includes the process's first write
        answerCpu[name].push(...r.cpu.slice(1));
        const p = await progressJson(homes[name]);
        if (p.code !== 0) throw new Error(`progress --json exited ${p.code}: ${p.stderr.slice(0, 500)}`);
        jsonSamples[name].push(p.ms);
        if (name === 'big') {
          jsonRss = Math.max(jsonRss, p.rss ?? 0);
          reported = JSON.parse(p.stdout);
        }
      }
    }
    const after = json(await node(['open', homes.big]), 'reopening big');
    const rows = [
      { name: `answer saved (answer + study time), ${sizes.small}-event history`, s: answerSamples.small, cpu: answerCpu.small },
      { name: `answer saved, ${sizes.big.toLocaleString('en')}-event history`, s: answerSamples.big, cpu: answerCpu.big },
      { name: `progress --json, ${sizes.small}-event history`, s: jsonSamples.small },
      { name: `progress --json, ${sizes.big.toLocaleString('en')}-event history`, s: jsonSamples.big },
    ];
    printTable(`Progress store (${rounds} alternating rounds; ${answersPerRound - 1} answers timed per round)`, rows, [
      { label: 'case', get: (r) => r.name },
      { label: 'median ms', get: (r) => median(r.s).toFixed(1) },
      { label: 'p90 ms', get: (r) => percentile(r.s, 90).toFixed(1) },
      { label: 'x small history', get: (r, i = rows.indexOf(r)) => (median(r.s) / median(rows[i < 2 ? 0 : 2].s)).toFixed(2) },
      // CPU time (user + system) of the saving process: what the save costs when the machine is busy.
      { label: 'median CPU ms', get: (r) => (r.cpu ? median(r.cpu).toFixed(1) : '') },
    ]);
    const mb = (bytes) => (bytes / 2 ** 20).toFixed(2);
    console.log(
      `first open of the ${sizes.big.toLocaleString('en')}-event file (one-time migration): ${opened.big.ms.toFixed(0)} ms, peak RSS ${mb(opened.big.rss ?? 0)} MB; ` +
        `file ${mb(opened.big.bytes)} MB after it, ${mb(after.bytes)} MB after the answers; progress --json reports ${reported?.events} events, peak RSS ${mb(jsonRss)} MB`,
    );
    const answer = median(answerSamples.big);
    const ratio = answer / median(answerSamples.small);
    const progress = median(jsonSamples.big);
    const history = `${sizes.big.toLocaleString('en')} events of history`;
    return [
      { name: `an answer is saved in < 20 ms with ${history}`, ok: answer < 20, detail: `median ${answer.toFixed(1)} ms (${ratio.toFixed(2)}x a 100-event history)` },
      { name: `progress --json in < 500 ms with ${history}`, ok: progress < 500, detail: `median ${progress.toFixed(0)} ms (${(progress / median(jsonSamples.small)).toFixed(2)}x a 100-event history)` },
      { name: 'the store file stays under 5 MB', ok: after.bytes < 5 * 2 ** 20, detail: `${mb(after.bytes)} MB` },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
