import { describe, expect, it } from 'vitest';
import { explainPolicies } from '../../src/policy/explain.js';
import { runPolicyScenario } from '../../src/policy/lab.js';
import { getPolicyScenario, POLICY_SCENARIO_IDS, POLICY_SCENARIOS } from '../../src/policy/scenarios.js';

describe('prepared policy scenarios', () => {
  it('keeps the ids lessons rely on, each once', () => {
    expect(POLICY_SCENARIOS.map((s) => s.id)).toEqual([
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
    expect(new Set(POLICY_SCENARIO_IDS).size).toBe(9);
  });

  it.each(POLICY_SCENARIOS.map((s) => [s.id, s] as const))('%s: its YAML is admitted and resolves to the stated answer', (_id, s) => {
    const r = explainPolicies([{ path: `${s.id}.yaml`, text: s.yaml }], s.workload);
    expect(r.rejected).toEqual([]);
    expect({ mode: r.mode, plaintextAccepted: r.plaintextAccepted, mtlsAccepted: r.mtlsAccepted }).toEqual({
      mode: s.expected.mode,
      plaintextAccepted: s.expected.plaintextAccepted,
      mtlsAccepted: s.expected.mtlsAccepted,
    });
    expect(s.question).toMatch(/\?$/);
    expect(s.explanation.length).toBeGreaterThan(80);
  });

  it.each(POLICY_SCENARIO_IDS.map((id) => [id]))('%s: runs live and behaves as stated', async (id) => {
    const s = getPolicyScenario(id);
    const r = await runPolicyScenario(id);
    expect(r.scenario).toBe(id);
    expect(r.mode).toBe(s.expected.mode);
    expect(r.probes[0]?.outcome).toBe(s.expected.plaintextAccepted ? 'accepted' : 'rejected');
    expect(r.probes[1]?.outcome).toBe(s.expected.mtlsAccepted ? 'accepted' : 'rejected');
    expect(r.sidecar.appStatus).toBe(s.expected.sidecarStatus);
    if (s.expected.nonMeshTls) expect(r.probes.find((p) => p.id === 'tls-non-mesh')?.outcome).toBe(s.expected.nonMeshTls);
    expect(r.passed).toBe(true);
  });

  it('refuses an unknown id with the list of known ones', async () => {
    await expect(runPolicyScenario('policy-nope')).rejects.toThrow(/unknown policy scenario 'policy-nope'. Known: policy-namespace-strict/);
  });
});
