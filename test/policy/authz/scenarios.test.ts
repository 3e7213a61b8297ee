import { describe, expect, it } from 'vitest';
import { explainAuthz } from '../../../src/policy/authz/report.js';
import { loadPolicies } from '../../../src/policy/parse.js';
import { shippedScenarios } from '../fixtures.js';

describe('prepared AuthorizationPolicy scenarios (lesson 7)', () => {
  it.each(shippedScenarios().authz.map((s) => [s.id, s] as const))('%s: admitted, and resolves to the stated answer', (_id, s) => {
    const set = loadPolicies([{ path: `${s.id}.yaml`, text: s.manifests }], { defaultNamespace: s.workload.namespace });
    expect(set.skipped).toEqual([]);
    const r = explainAuthz(set, s.workload, { ...s.request, port: s.workload.port });
    expect(r.result).toBe(s.expected.result);
  });
});
