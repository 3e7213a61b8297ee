import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/learning/rng.js';
import { explainPolicies, explainSet } from '../../src/policy/explain.js';
import { loadPolicies } from '../../src/policy/parse.js';
import { damageYaml, DAMAGES } from '../yaml-damage.js';
import { pa, shippedScenarios } from './fixtures.js';

/** Valid inputs to damage: every prepared scenario (PeerAuthentication and DestinationRule) and a few more. */
const VALID = [
  ...[...shippedScenarios().peer, ...shippedScenarios().authz].map((s) => s.manifests),
  pa({ name: 'web', ns: 'foo', labels: { app: 'web', version: 'v1' }, mode: 'STRICT', ports: { '8080': 'DISABLE', '9090': null }, at: 3 }),
  `${pa({ name: 'default', ns: 'istio-system', mode: 'PERMISSIVE' })}---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\n  namespace: foo\nspec:\n  host: web.foo.svc.cluster.local\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n`,
];
const FILE = 'fuzz.yaml';
const WORKLOAD = { namespace: 'foo', labels: { app: 'web' }, port: 8080 };
/** Far above a normal parse (about a millisecond): only runaway work (an expanded alias bomb) gets near it. */
const MAX_MS = 2_000;

/** Explains `text` and checks every problem is reported precisely; returns a description of the first flaw. */
function flawIn(text: string): string | undefined {
  const started = performance.now();
  let set;
  let report;
  try {
    set = loadPolicies([{ path: FILE, text }], { defaultNamespace: WORKLOAD.namespace });
    report = explainSet(set, WORKLOAD);
    JSON.stringify(report); // what --json prints: must not throw either (a BigInt would)
  } catch (error) {
    return `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  }
  const ms = performance.now() - started;
  if (ms > MAX_MS) return `took ${Math.round(ms)} ms`;
  const lines = text.split(/\r?\n|\r/).length;
  for (const r of report.rejected) {
    if (r.file !== FILE) return `rejection names file ${JSON.stringify(r.file)}`;
    if (!Number.isInteger(r.line) || r.line < 1 || r.line > lines) return `rejection line ${r.line} outside 1..${lines}: ${r.reason}`;
    if (!r.policy || !r.field || !r.reason.trim()) return `vague rejection ${JSON.stringify(r)}`;
    if (r.field === '(yaml)' && !r.reason.includes(`${FILE}:`)) return `YAML error without file:line: ${r.reason}`;
    if (/\n\s+at /.test(r.reason) || /Maximum call stack/.test(r.reason)) return `internal error text in ${r.reason}`;
  }
  for (const w of report.warnings) if (typeof w !== 'string' || w.trim() === '') return `empty warning ${JSON.stringify(w)}`;
  // Never silence: every file yields a policy, a refusal or a warning (an empty file: "no documents").
  const said = set.peerAuthentications.length + set.destinationRules.length + set.workloads.length + set.namespaces.length + set.authorizationPolicies.length + report.rejected.length + report.warnings.length;
  if (said === 0) return 'said nothing about the file';
  return undefined;
}

describe('policy YAML loader fuzz', () => {
  it('accepts every valid input as it is', () => {
    for (const text of VALID) expect(flawIn(text)).toBeUndefined();
  });

  it('turns 400 damaged policy files into precise errors or a valid parse, never an exception', { timeout: 60_000 }, () => {
    const counts: Record<string, number> = {};
    for (let seed = 1; seed <= 400; seed++) {
      const random = seededRng(seed);
      const base = VALID[Math.floor(random() * VALID.length)]!;
      const { text, applied } = damageYaml(base, random);
      for (const name of applied) counts[name] = (counts[name] ?? 0) + 1;
      const flaw = flawIn(text);
      if (flaw) throw new Error(`seed ${seed} (${applied.join(', ')}): ${flaw}\n--- input (first 600 chars) ---\n${text.slice(0, 600)}`);
    }
    // Every kind of damage was tried, so none of them silently stopped being generated.
    expect(Object.keys(counts).sort()).toEqual(Object.keys(DAMAGES).sort());
  });

  it('refuses a billion-laughs alias bomb at once, naming the alias line', () => {
    const bomb = DAMAGES.aliasBomb!(pa({ name: 'p', ns: 'foo', mode: 'STRICT' }), () => 0);
    const started = performance.now();
    const report = explainPolicies([{ path: 'bomb.yaml', text: bomb }], WORKLOAD);
    expect(performance.now() - started).toBeLessThan(MAX_MS);
    expect(report.rejected).toEqual([
      expect.objectContaining({ field: '(yaml)', line: 2, reason: expect.stringMatching(/^YAML cannot be read at bomb\.yaml:2: aliases would expand to more than 100 copies/) }),
    ]);
  });

  it('names an alias whose anchor is missing, at its line', () => {
    const text = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: p\nspec:\n  mtls: *strict\n';
    const [rejection] = explainPolicies([{ path: 'a.yaml', text }], WORKLOAD).rejected;
    expect(rejection).toMatchObject({ line: 6, reason: 'YAML cannot be read at a.yaml:6: alias *strict refers to no anchor &strict set before it' });
  });

  it('warns about a file with no documents: most likely the wrong file', () => {
    for (const text of ['', '# just a comment\n', '---\n...\n']) {
      expect(explainPolicies([{ path: 'e.yaml', text }], WORKLOAD).warnings).toEqual(['e.yaml: no documents in this file (it is empty or only comments)']);
    }
  });

  it('says "nested too deeply" rather than leaking a stack overflow', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    const [rejection] = explainPolicies([{ path: 'deep.yaml', text }], WORKLOAD).rejected;
    expect(rejection?.reason).toMatch(/^YAML does not parse at deep\.yaml:4:\d+: nested too deeply$/);
  });

  it('quotes a label value as it was written when YAML reads it as a number', () => {
    const text = pa({ name: 'p', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT' }).replace('app: web', 'version: 1.10');
    expect(explainPolicies([{ path: 'n.yaml', text }], WORKLOAD).rejected[0]?.reason).toMatch(/must be of type string \(quote it: "1\.10"\)$/);
  });

  it('prints no warnings of the YAML library on stderr (a list used as a key is reported as a field)', async () => {
    const emitted: string[] = [];
    const listener = (w: Error) => emitted.push(w.message);
    process.on('warning', listener);
    try {
      const text = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  ? [a, b]\n  : 1\n';
      expect(explainPolicies([{ path: 'k.yaml', text }], WORKLOAD).rejected[0]).toMatchObject({ field: 'spec.[ a, b ]', line: 5 });
      await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on a later tick
    } finally {
      process.off('warning', listener);
    }
    expect(emitted).toEqual([]);
  });
});
