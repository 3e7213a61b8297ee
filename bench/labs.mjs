// `lab run --all` (every scenario, real handshakes, fresh in-memory PKI) against the usual hand-made openssl lab
// (../shared/bench/openssl-lab.sh: 6 certs, 4 handshakes), whole process each, alternating in one run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { timeProcess } from './process.mjs';
import { median, percentile, printTable } from './stats.mjs';

export async function benchLabs({ root, runs = 10 }) {
  const script = join(root, '..', 'shared', 'bench', 'openssl-lab.sh');
  const cli = join(root, 'bin', 'mtls-tutor.js');
  const haveOpenssl = existsSync(script) && (await timeProcess('sh', ['-c', 'command -v openssl'])).code === 0;
  const cases = [
    ...(haveOpenssl ? [{ name: 'openssl-lab.sh (4 scenarios)', run: () => timeProcess('bash', [script]) }] : []),
    { name: 'mtls-tutor lab run --all', run: () => timeProcess(process.execPath, [cli, 'lab', 'run', '--all', '--json'], { measureRss: true }) },
    // For reference, no goal: the same 12 scenarios with openssl s_server processes as the servers.
    ...(haveOpenssl
      ? [{ name: 'lab run --all --server openssl', run: () => timeProcess(process.execPath, [cli, 'lab', 'run', '--all', '--server', 'openssl', '--json']) }]
      : []),
  ];
  const samples = new Map(cases.map((c) => [c.name, []]));
  const rss = [];
  let scenarios = 0;
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const r = await c.run();
      if (r.code !== 0) throw new Error(`${c.name} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
      samples.get(c.name).push(r.ms);
      if (r.rss) rss.push(r.rss);
      if (c.name === 'mtls-tutor lab run --all') scenarios = JSON.parse(r.stdout).scenarios.length;
    }
  }
  const base = median(samples.get(cases[0].name));
  printTable(`Labs, whole process (${runs} alternating runs each)`, cases.map((c) => ({ name: c.name, s: samples.get(c.name) })), [
    { label: 'case', get: (r) => r.name },
    { label: 'median ms', get: (r) => median(r.s).toFixed(0) },
    { label: 'p90 ms', get: (r) => percentile(r.s, 90).toFixed(0) },
    { label: `x ${cases[0].name.split(' ')[0]}`, get: (r) => (median(r.s) / base).toFixed(2) },
  ]);
  const ours = median(samples.get('mtls-tutor lab run --all'));
  const peak = Math.max(...rss) / 2 ** 20;
  console.log(`lab run --all: ${scenarios} scenarios; peak RSS ${peak.toFixed(0)} MB (max of ${rss.length} runs)`);
  return [
    haveOpenssl
      ? { name: `lab run --all (${scenarios} scenarios) faster than openssl's 4`, ok: ours < base, detail: `${(ours / base).toFixed(2)}x openssl's time` }
      : { name: 'lab run --all vs openssl', ok: true, detail: 'skipped: no openssl binary or ../shared/bench' },
    { name: 'lab run --all peak memory under 120 MB', ok: peak < 120, detail: `${peak.toFixed(0)} MB` },
  ];
}
