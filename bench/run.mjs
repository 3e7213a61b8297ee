// `npm run bench`: every speed and memory goal, each measured against a baseline in the same run.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { benchKeys } from './keys.mjs';
import { benchLabs } from './labs.mjs';
import { benchNpx } from './npx.mjs';
import { benchServe } from './serve.mjs';
import { benchSoak } from './soak.mjs';
import { benchStartup } from './startup.mjs';
import { benchWire } from './wire.mjs';
import { benchStore } from './store.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const suites = { startup: benchStartup, npx: benchNpx, keys: benchKeys, labs: benchLabs, wire: benchWire, serve: benchServe, soak: benchSoak };

console.log(`mtls-tutor benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
const results = [];
suites.store = benchStore; // the progress store with a long history (bench/store.mjs)
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  results.push(...[await suite({ root })].flat());
}
console.log('\nGoals');
for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.name}: ${r.detail}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
