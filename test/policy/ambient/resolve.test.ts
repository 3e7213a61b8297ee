/**
 * What ztunnel enforces for an ambient workload port, end to end: istiod's selection (workloads.go
 * fetchPeerAuthentications), the references it sends (authorization.go convertedSelectorPeerAuthentications), the
 * converted policies, and ztunnel's evaluation (rbac.rs, state.rs assert_rbac).
 */
import { describe, expect, it } from 'vitest';
import { resolveAmbient } from '../../../src/policy/ambient/resolve.js';
import { assertRbac, policyMatches } from '../../../src/policy/ambient/rbac.js';
import { loadPolicies } from '../../../src/policy/parse.js';
import { pa } from '../fixtures.js';

const web = { namespace: 'foo', labels: { app: 'web' } };

function ambient(docs: string[], port?: number, workload = web) {
  const set = loadPolicies([{ path: 'p.yaml', text: docs.join('---\n') }], { defaultNamespace: 'foo' });
  expect(set.rejected).toEqual([]);
  return resolveAmbient(set.peerAuthentications, { ...workload, ...(port !== undefined ? { port } : {}) }, 'istio-system');
}
const plain = (docs: string[], port?: number) => ambient(docs, port).plaintext.allowed;

describe('ambient: what istiod sends and what ztunnel lets through', () => {
  it('1. no PeerAuthentication: nothing is sent; plaintext and HBONE both get in', () => {
    expect(ambient([])).toMatchObject({ references: [], plaintext: { allowed: true }, hbone: { allowed: true } });
  });

  it('2. a STRICT mesh policy: the static STRICT policy denies plaintext; HBONE gets in', () => {
    const r = ambient([pa({ name: 'default', ns: 'istio-system', mode: 'STRICT' })], 8080);
    expect(r.references).toEqual(['istio-system/istio_converted_static_strict']);
    expect(r).toMatchObject({ plaintext: { allowed: false, deniedBy: 'istio-system/istio_converted_static_strict' }, hbone: { allowed: true } });
  });

  it('3. DISABLE is not supported in ambient: it counts as not STRICT, so plaintext still gets in', () => {
    expect(plain([pa({ name: 'default', ns: 'istio-system', mode: 'STRICT', at: 0 }), pa({ name: 'default', ns: 'foo', mode: 'DISABLE', at: 1 })])).toBe(true);
  });

  it('4. a PERMISSIVE namespace overrides a STRICT mesh; an UNSET namespace inherits it', () => {
    const meshStrict = pa({ name: 'default', ns: 'istio-system', mode: 'STRICT', at: 0 });
    expect(plain([meshStrict, pa({ name: 'default', ns: 'foo', mode: 'PERMISSIVE', at: 1 })])).toBe(true);
    expect(plain([meshStrict, pa({ name: 'default', ns: 'foo', mode: 'UNSET', at: 1 })])).toBe(false);
  });

  it('5. a STRICT workload policy without ports makes only that workload STRICT', () => {
    const docs = [pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT' })];
    expect(plain(docs)).toBe(false);
    expect(ambient(docs, undefined, { namespace: 'foo', labels: { app: 'other' } }).plaintext.allowed).toBe(true);
  });

  it('6. a PERMISSIVE workload policy under a STRICT mesh lets plaintext in', () => {
    expect(plain([pa({ name: 'default', ns: 'istio-system', mode: 'STRICT' }), pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'PERMISSIVE' })])).toBe(true);
  });

  it('7. STRICT with port 9090 PERMISSIVE: only the converted policy is sent, and it exempts 9090', () => {
    const r = ambient([pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '9090': 'PERMISSIVE' } })], 9090);
    expect(r.references).toEqual(['foo/converted_peer_authentication_web']);
    expect(r.ports).toEqual([{ port: 9090, plaintextAllowed: true }]);
    expect(ambient([pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '9090': 'PERMISSIVE' } })], 8080).plaintext).toMatchObject({ allowed: false, deniedBy: 'foo/converted_peer_authentication_web' });
  });

  it('8. PERMISSIVE with port 9090 STRICT: plaintext is denied on 9090 only', () => {
    const docs = [pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'PERMISSIVE', ports: { '9090': 'STRICT' } })];
    expect([plain(docs, 9090), plain(docs, 8080)]).toEqual([false, true]);
  });

  it('9. a root-namespace policy with `selector: {}` is not fetched in ambient (a sidecar takes it as the mesh policy)', () => {
    const r = ambient([pa({ name: 'default', ns: 'istio-system', labels: 'empty', mode: 'STRICT' })]);
    expect(r).toMatchObject({ references: [], plaintext: { allowed: true } });
    expect(r.considered[0]).toMatchObject({ outcome: 'lost', reason: expect.stringMatching(/root-namespace policy with a selector field .* is not fetched in ambient/) });
  });

  it('10. a selector policy in the root namespace and a policy in another namespace do nothing', () => {
    expect(plain([pa({ name: 'x', ns: 'istio-system', labels: { app: 'web' }, mode: 'STRICT' }), pa({ name: 'default', ns: 'bar', mode: 'STRICT' })])).toBe(true);
  });

  it('11. the oldest namespace policy wins', () => {
    expect(plain([pa({ name: 'b', ns: 'foo', mode: 'STRICT', at: 1 }), pa({ name: 'a', ns: 'foo', mode: 'PERMISSIVE', at: 2 })])).toBe(false);
    expect(plain([pa({ name: 'b', ns: 'foo', mode: 'STRICT', at: 3 }), pa({ name: 'a', ns: 'foo', mode: 'PERMISSIVE', at: 2 })])).toBe(true);
  });

  it('12. STRICT mesh, UNSET namespace, UNSET workload with port 9090 PERMISSIVE: istiod drops the static STRICT policy and its converted policy comes out empty, so every port takes plaintext', () => {
    const r = ambient([
      pa({ name: 'default', ns: 'istio-system', mode: 'STRICT', at: 0 }),
      pa({ name: 'default', ns: 'foo', mode: 'UNSET', at: 1 }),
      pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, ports: { '9090': 'PERMISSIVE' }, at: 2 }),
    ], 8080);
    expect(r).toMatchObject({ references: ['foo/converted_peer_authentication_web'], missing: 'foo/converted_peer_authentication_web', plaintext: { allowed: true } });
  });

  it('13. STRICT mesh, no namespace policy, PERMISSIVE workload with port 9090 STRICT: the STRICT port is not enforced either', () => {
    const r = ambient([pa({ name: 'default', ns: 'istio-system', mode: 'STRICT', at: 0 }), pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'PERMISSIVE', ports: { '9090': 'STRICT' }, at: 1 })], 9090);
    expect(r).toMatchObject({ missing: 'foo/converted_peer_authentication_web', plaintext: { allowed: true } });
  });

  it('14. STRICT mesh and UNSET workload with port 9090 PERMISSIVE, no namespace policy: 9090 takes plaintext, others do not (the STRICT is merged into the converted policy)', () => {
    const docs = [pa({ name: 'default', ns: 'istio-system', mode: 'STRICT', at: 0 }), pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, ports: { '9090': 'PERMISSIVE' }, at: 1 })];
    expect(ambient(docs, 9090).references).toEqual(['foo/converted_peer_authentication_web']);
    expect([plain(docs, 9090), plain(docs, 8080)]).toEqual([true, false]);
  });

  it('15. PeerAuthentication never stops HBONE: every derived policy denies only "no peer identity"', () => {
    const docs = [pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '9090': 'DISABLE' } }), pa({ name: 'default', ns: 'istio-system', mode: 'STRICT' })];
    for (const port of [8080, 9090]) expect(ambient(docs, port).hbone.allowed).toBe(true);
  });
});

describe('ztunnel\'s matching (rbac.rs)', () => {
  const deny = (groups: { rules: { matches: import('../../../src/policy/ambient/convert.js').ZMatch[] }[] }[]) => ({ name: 'p', namespace: 'ns', scope: 'WORKLOAD_SELECTOR' as const, action: 'DENY' as const, groups });
  it('16. an empty match never matches; a rule with no matches always does; a policy with no groups never does', () => {
    expect(policyMatches(deny([{ rules: [{ matches: [{}] }] }]), { principal: null, port: 1 })).toBe(false);
    expect(policyMatches(deny([{ rules: [{ matches: [] }] }]), { principal: null, port: 1 })).toBe(true);
    expect(policyMatches(deny([]), { principal: null, port: 1 })).toBe(false);
  });

  it('17. principals are compared without spiffe://; presence needs a peer identity', () => {
    const p = deny([{ rules: [{ matches: [{ principals: [{ exact: 'cluster.local/ns/a/sa/b' }] }] }] }]);
    expect(policyMatches(p, { principal: 'spiffe://cluster.local/ns/a/sa/b', port: 1 })).toBe(true);
    expect(policyMatches(deny([{ rules: [{ matches: [{ notPrincipals: [{ presence: true }] }] }] }]), { principal: 'spiffe://x/ns/a/sa/b', port: 1 })).toBe(false);
  });

  it('18. DENY first; no ALLOW allows; otherwise some ALLOW must match (state.rs assert_rbac)', () => {
    const allowA = { ...deny([{ rules: [{ matches: [{ destinationPorts: [80] }] }] }]), action: 'ALLOW' as const };
    expect(assertRbac([], { principal: null, port: 1 }).allowed).toBe(true);
    expect(assertRbac([allowA], { principal: null, port: 81 }).allowed).toBe(false);
    expect(assertRbac([allowA], { principal: null, port: 80 }).allowed).toBe(true);
  });
});
