// `lab run --wire`: what capturing and decoding every handshake adds to a lab run, against the very same run
// without --wire, whole process each, alternating in one run. Without --wire nothing of it runs: no relay starts
// and no wire module loads (test/lab/capture.test.ts, test/build/startup-weight.test.ts), so the run without the
// flag is the baseline itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { timeProcess } from './process.mjs';
import { median, percentile, printTable } from './stats.mjs';

export async function benchWire({ root, runs = 10 }) {
  const cli = join(root, 'bin', 'mtls-tutor.js');
  const haveOpenssl = (await timeProcess('sh', ['-c', 'command -v openssl'])).code === 0 && existsSync(cli);
  const pairs = [
    { name: 'lab run --all', args: ['lab', 'run', '--all', '--json'], goal: true },
    { name: 'lab run --all --tls both', args: ['lab', 'run', '--all', '--tls', 'both', '--json'], goal: true },
    ...(haveOpenssl ? [{ name: 'lab run --all --tls both --server openssl', args: ['lab', 'run', '--all', '--tls', 'both', '--server', 'openssl', '--json'], goal: false }] : []),
  ];
  const samples = new Map(pairs.flatMap((p) => [[`${p.name}`, []], [`${p.name} --wire`, []]]));
  for (let i = 0; i < runs; i++) {
    for (const pair of pairs) {
      for (const wire of [false, true]) {
        const r = await timeProcess(process.execPath, [cli, ...pair.args, ...(wire ? ['--wire'] : [])]);
        if (r.code !== 0) throw new Error(`${pair.name}${wire ? ' --wire' : ''} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
        if (wire && !r.stdout.includes('"wire"')) throw new Error(`${pair.name} --wire printed no wire messages`);
        samples.get(`${pair.name}${wire ? ' --wire' : ''}`).push(r.ms);
      }
    }
  }
  const rows = pairs.flatMap((p) => [p.name, `${p.name} --wire`]).map((name) => ({ name, s: samples.get(name) }));
  printTable(`lab run --wire, whole process (${runs} alternating runs each)`, rows, [
    { label: 'case', get: (r) => r.name },
    { label: 'median ms', get: (r) => median(r.s).toFixed(0) },
    { label: 'p90 ms', get: (r) => percentile(r.s, 90).toFixed(0) },
    { label: 'x without --wire', get: (r) => (median(r.s) / median(samples.get(r.name.replace(/ --wire$/, '')))).toFixed(2) },
  ]);
  return pairs.map((p) => {
    const ratio = median(samples.get(`${p.name} --wire`)) / median(samples.get(p.name));
    return p.goal
      ? { name: `${p.name} --wire adds at most 25%`, ok: ratio <= 1.25, detail: `${ratio.toFixed(2)}x the same run without --wire` }
      : { name: `${p.name} --wire (for reference, no goal)`, ok: true, detail: `${ratio.toFixed(2)}x` };
  });
}
