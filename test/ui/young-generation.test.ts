import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

// In a child process of its own: the cap changes a V8 setting for the whole process.
const dir = mkdtempSync(join(tmpdir(), 'mtls-young-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function newSpaceAfterChurn(cap: boolean): Promise<number> {
  const entry = join(dir, `churn-${cap}.ts`);
  writeFileSync(
    entry,
    `import { getHeapSpaceStatistics } from 'node:v8';
import { capYoungGeneration } from ${JSON.stringify(join(process.cwd(), 'src/ui/young-generation.ts'))};
${cap ? 'capYoungGeneration(4);' : ''}
// Short-lived objects with a share that survives a while, as frames and React fibers are, made a frame at a time
// with the event loop turning in between, as in the app.
let keep: unknown[] = [];
for (let frame = 0; frame < 1500; frame++) {
  for (let i = 0; i < 2000; i++) {
    keep.push({ i, s: 'cell' + i });
    if (keep.length > 200_000) keep = [];
  }
  await new Promise((r) => setImmediate(r));
}
console.log(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size);
`,
  );
  const script = join(dir, `churn-${cap}.mjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent' });
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout.trim());
}

describe('capYoungGeneration', () => {
  it('stops the young generation growing past the cap, where V8 alone would let it grow further', { timeout: 30_000 }, async () => {
    const free = await newSpaceAfterChurn(false);
    const capped = await newSpaceAfterChurn(true);
    expect(free, 'the churn makes V8 grow the young generation past 4 MB').toBeGreaterThan(4 * 2 ** 20);
    expect(capped).toBeLessThanOrEqual(4 * 2 ** 20);
  });
});
