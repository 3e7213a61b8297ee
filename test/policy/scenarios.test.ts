/**
 * The prepared scenarios are data files (lessons/policy/NN-<id>.yaml), validated like lessons: the ids lessons
 * rely on are kept, every file is checked (format, name, manifests admitted), and each one behaves as it says,
 * resolved and live.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainPolicies } from '../../src/policy/explain.js';
import { runPolicyScenario } from '../../src/policy/lab.js';
import { loadScenarioDir } from '../../src/policy/scenario-files.js';
import { getPolicyScenario } from '../../src/policy/scenarios.js';
import { shippedScenarios } from './fixtures.js';

const data = shippedScenarios();

describe('prepared PeerAuthentication scenarios', () => {
  it('keeps the ids lessons rely on, in order, each once', () => {
    expect(data.peer.map((s) => s.id)).toEqual([
      'policy-namespace-strict',
      'policy-permissive-migration',
      'policy-workload-selector',
      'policy-wrong-namespace',
      'policy-port-override',
      'policy-unset-inheritance',
      'policy-root-selector-ignored',
      'policy-dr-disable-503',
      'policy-permissive-tls-passthrough',
    ]);
    expect(data.authz.map((s) => s.id)).toEqual(['authz-allow-one-service-account', 'authz-deny-namespace', 'authz-plaintext-gap', 'authz-wrong-namespace', 'authz-spiffe-prefix']);
  });

  it.each(data.peer.map((s) => [s.id, s] as const))('%s: its YAML is admitted and resolves to the stated answer', (_id, s) => {
    const r = explainPolicies([{ path: `${s.id}.yaml`, text: s.manifests }], s.workload);
    expect(r.rejected).toEqual([]);
    expect({ mode: r.mode, plaintextAccepted: r.plaintextAccepted, mtlsAccepted: r.mtlsAccepted }).toEqual({
      mode: s.expected.mode,
      plaintextAccepted: s.expected.plaintextAccepted,
      mtlsAccepted: s.expected.mtlsAccepted,
    });
  });

  it.each(data.peer.map((s) => [s.id]))('%s: runs live and behaves as stated', async (id) => {
    const s = getPolicyScenario(data, id);
    const r = await runPolicyScenario(s);
    expect(r.scenario).toBe(id);
    expect(r.mode).toBe(s.expected.mode);
    expect(r.probes[0]?.outcome).toBe(s.expected.plaintextAccepted ? 'accepted' : 'rejected');
    expect(r.probes[1]?.outcome).toBe(s.expected.mtlsAccepted ? 'accepted' : 'rejected');
    expect(r.sidecar.appStatus).toBe(s.expected.sidecarStatus);
    if (s.expected.nonMeshTls) expect(r.probes.find((p) => p.id === 'tls-non-mesh')?.outcome).toBe(s.expected.nonMeshTls);
    expect(r.passed).toBe(true);
  });

  it('refuses an unknown id with the list of known ones', () => {
    expect(() => getPolicyScenario(data, 'policy-nope')).toThrow(/unknown policy scenario 'policy-nope'. Known: policy-namespace-strict/);
  });
});

describe('scenario files are validated like lessons (file:line: field: message)', () => {
  const valid = (id: string) => `id: ${id}
kind: peer-authentication
title: A title
workload:
  namespace: shop
  labels: {app: cart}
  port: 8080
question: Which mode applies here?
expected: {mode: STRICT, plaintextAccepted: false, mtlsAccepted: true, sidecarStatus: 200}
explanation: >-
  A namespace policy without a selector applies to every workload in its namespace, so this one is STRICT everywhere.
rules: [R2]
manifests: |
  apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {name: default, namespace: shop}
  spec: {mtls: {mode: STRICT}}
`;

  async function check(files: Record<string, string>) {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-scenarios-'));
    try {
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
      const { data: read, errors } = loadScenarioDir(dir);
      return { read, errors: errors.map((e) => `${e.file.slice(dir.length + 1)}:${e.line ?? ''}: ${e.path}: ${e.message}`) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('reads a valid file', async () => {
    const { read, errors } = await check({ '01-a-scenario.yaml': valid('a-scenario') });
    expect(errors).toEqual([]);
    expect(read.peer.map((s) => s.id)).toEqual(['a-scenario']);
  });

  it.each([
    ['a missing field', valid('x').replace('title: A title\n', ''), /01-x\.yaml:1: title: is required/],
    ['an unknown field', valid('x').replace('rules: [R2]', 'rules: [R2]\ncolour: blue'), /01-x\.yaml:1: : unknown field 'colour'/],
    ['a wrong mode', valid('x').replace('mode: STRICT,', 'mode: STRIKT,'), /01-x\.yaml:9: expected\.mode: /],
    ['a wrong kind', valid('x').replace('kind: peer-authentication', 'kind: mesh'), /kind: kind must be peer-authentication or authorization/],
    ['a question without a question mark', valid('x').replace('Which mode applies here?', 'Which mode applies here'), /question: question must end with a question mark/],
    ['manifests refused at admission, at their line in the file', valid('x').replace('mode: STRICT}}', 'mode: STRIKT}}'), /01-x\.yaml:17: manifests: refused at admission: shop\/default spec\.mtls\.mode: Unsupported value: "STRIKT"/],
    ['an id that is not the file name', valid('other'), /01-x\.yaml:1: id: id 'other' does not match the file name \(expected NN-other\.yaml\)/],
    ['YAML that does not parse', 'id: [x\n', /01-x\.yaml:\d+: : YAML does not parse/],
  ])('%s', async (_what, text, message) => {
    const { errors } = await check({ '01-x.yaml': text });
    expect(errors.join('\n')).toMatch(message);
  });

  it('a file name without NN- and a duplicate id', async () => {
    const { errors } = await check({ 'x.yaml': valid('x'), '01-x.yaml': valid('x'), '02-x.yaml': valid('x') });
    expect(errors).toEqual([
      expect.stringMatching(/^02-x\.yaml:: id: id 'x' is also used by .*01-x\.yaml$/),
      expect.stringMatching(/^x\.yaml:: : a scenario file is named NN-<id>\.yaml/),
    ]);
  });
});
