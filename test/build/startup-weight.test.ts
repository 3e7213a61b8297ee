import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

interface Meta {
  outputs: Record<string, { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string }> }>;
}

/** Every module loaded when the TUI starts: cli.js, its static imports, and the TUI chunk with its static imports. */
function startupModules(): string[] {
  const dir = dirname(inject('bundle'));
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const byName = new Map(Object.entries(meta.outputs).map(([path, out]) => [basename(path), out]));
  const seen = new Set<string>();
  const visit = (name: string, followDynamicTo?: RegExp) => {
    if (seen.has(name)) return;
    const out = byName.get(name);
    if (!out) return;
    seen.add(name);
    for (const imp of out.imports) {
      const target = basename(imp.path);
      if (imp.kind === 'import-statement' || (followDynamicTo?.test(target) ?? false)) visit(target);
    }
  };
  visit('cli.js', /^run-/);
  return [...seen].flatMap((name) => Object.keys(byName.get(name)!.inputs));
}

describe('start-up weight', () => {
  it("the TUI's first frame loads no validator, YAML parser, config store or certificate code", () => {
    const modules = startupModules();
    expect(modules.some((m) => m.includes('node_modules/ink/'))).toBe(true); // the walk itself works
    for (const heavy of ['node_modules/zod/', 'node_modules/yaml/', 'node_modules/conf/', 'node_modules/ajv/', 'src/lab/pki', 'src/lab/certificate', 'src/lab/der', 'src/lab/runner', 'src/wire/decode', 'src/wire/key-schedule']) {
      expect(modules.filter((m) => m.includes(heavy)), heavy).toEqual([]);
    }
  });
});
