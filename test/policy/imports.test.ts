import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every file reachable from `entry` through static value imports (type-only and dynamic imports excluded). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.startsWith(root)) return;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
      const spec = m[1]!;
      visit(spec.startsWith('.') ? resolve(dirname(file), spec.replace(/\.js$/, '.ts')) : spec);
    }
  };
  visit(resolve(root, entry));
  return seen;
}

describe('policy explain stays light', () => {
  it('neither the policy CLI module nor explain statically reaches the PKI, x509 or the lab', () => {
    for (const entry of ['src/cli/policy.ts', 'src/policy/explain.ts', 'src/policy/scenarios.ts']) {
      const graph = [...staticGraph(entry)];
      expect(graph.filter((f) => /@peculiar|reflect-metadata|src\/lab\/|policy\/lab\.ts|policy\/live\//.test(f))).toEqual([]);
    }
  });

  it('the lab module does reach the PKI (so the check above can fail)', () => {
    expect([...staticGraph('src/policy/lab.ts')].some((f) => f.endsWith('src/lab/pki.ts'))).toBe(true);
  });
});
