import { describe, expect, it } from 'vitest';
import { explainAuthz } from '../../../src/policy/authz/report.js';
import { AUTHZ_SCENARIOS } from '../../../src/policy/authz/scenarios.js';
import { loadPolicies } from '../../../src/policy/parse.js';

describe('prepared AuthorizationPolicy scenarios (lesson 7)', () => {
  it('cover what the lesson teaches, each id once', () => {
    expect(AUTHZ_SCENARIOS.map((s) => s.id)).toEqual(['authz-allow-one-service-account', 'authz-deny-namespace', 'authz-plaintext-gap', 'authz-wrong-namespace', 'authz-spiffe-prefix']);
  });

  it.each(AUTHZ_SCENARIOS.map((s) => [s.id, s] as const))('%s: admitted, and resolves to the stated answer', (_id, s) => {
    const set = loadPolicies([{ path: `${s.id}.yaml`, text: s.yaml }], { defaultNamespace: s.workload.namespace });
    expect(set.skipped).toEqual([]);
    const r = explainAuthz(set, s.workload, { ...s.request, port: s.workload.port });
    expect(r.result).toBe(s.expected.result);
    expect(s.question).toMatch(/\?$/);
  });
});
