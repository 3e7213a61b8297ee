import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/policy/resolve.js';
import { explain, lostReason, pa } from './fixtures.js';

// Rules R1..R13 are the numbered rules of shared/reference/istio-peer-authentication.md, section 2.
const web = { namespace: 'foo', labels: { app: 'web', version: 'v1' } };
const meshStrict = pa({ name: 'default', ns: 'istio-system', mode: 'STRICT', at: 0 });

describe('R1 default', () => {
  it('R1: no policy at all means PERMISSIVE, plaintext and mTLS both accepted', () => {
    const r = explain([], web);
    expect(r).toMatchObject({ mode: 'PERMISSIVE', plaintextAccepted: true, mtlsAccepted: true, decidingLevel: 'default' });
    expect(r.decidedBy).toEqual({ mesh: null, namespace: null, workload: null, port: null });
  });

  it('R1: policies that all live elsewhere leave the default PERMISSIVE', () => {
    const r = explain([pa({ name: 'default', ns: 'bar', mode: 'STRICT' }), pa({ name: 'x', ns: 'baz', labels: { app: 'web' }, mode: 'STRICT' })], web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(r.considered.every((c) => c.outcome === 'lost')).toBe(true);
  });
});

describe('R2 mesh-wide policy lives in the root namespace', () => {
  it('R2: a selector-less STRICT policy in istio-system makes every workload STRICT', () => {
    const r = explain([meshStrict], web);
    expect(r).toMatchObject({ mode: 'STRICT', plaintextAccepted: false, mtlsAccepted: true, decidingLevel: 'mesh' });
    expect(r.decidedBy.mesh).toBe('istio-system/default');
  });

  it('R2: the same policy in an ordinary namespace is only namespace-wide', () => {
    const r = explain([pa({ name: 'default', ns: 'bar', mode: 'STRICT' })], web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'bar/default')).toMatch(/in another namespace/);
  });

  it('R2: a custom root namespace moves the mesh level; istio-system becomes an ordinary namespace', () => {
    const docs = [pa({ name: 'mesh', ns: 'istio-config', mode: 'STRICT' }), pa({ name: 'default', ns: 'istio-system', mode: 'DISABLE' })];
    const r = explain(docs, web, 'istio-config');
    expect(r.mode).toBe('STRICT');
    expect(r.decidedBy.mesh).toBe('istio-config/mesh');
    expect(lostReason(r, 'istio-system/default')).toMatch(/another namespace/);
  });

  it('R2: selector {} in the root namespace warns and still acts as the mesh policy', () => {
    const r = explain([pa({ name: 'default', ns: 'istio-system', labels: 'empty', mode: 'STRICT' })], web);
    expect(r.mode).toBe('STRICT');
    expect(r.decidedBy.mesh).toBe('istio-system/default');
    expect(r.warnings.join('\n')).toMatch(/workload selector specified without labels/);
  });
});

describe('R3 narrowest wins', () => {
  it('R3: a namespace PERMISSIVE overrides a mesh STRICT', () => {
    const r = explain([meshStrict, pa({ name: 'default', ns: 'foo', mode: 'PERMISSIVE' })], web);
    expect(r).toMatchObject({ mode: 'PERMISSIVE', decidingLevel: 'namespace' });
    expect(r.decidedBy).toMatchObject({ mesh: 'istio-system/default', namespace: 'foo/default' });
  });

  it('R3: workload DISABLE beats namespace STRICT beats mesh PERMISSIVE', () => {
    const docs = [
      pa({ name: 'default', ns: 'istio-system', mode: 'PERMISSIVE' }),
      pa({ name: 'default', ns: 'foo', mode: 'STRICT' }),
      pa({ name: 'web-off', ns: 'foo', labels: { app: 'web' }, mode: 'DISABLE' }),
    ];
    const r = explain(docs, web);
    expect(r).toMatchObject({ mode: 'DISABLE', plaintextAccepted: true, mtlsAccepted: false, decidingLevel: 'workload' });
    expect(r.decidedBy.workload).toBe('foo/web-off');
  });

  it('R3: a workload policy for another app leaves this one at the namespace mode', () => {
    const docs = [pa({ name: 'default', ns: 'foo', mode: 'STRICT' }), pa({ name: 'legacy', ns: 'foo', labels: { app: 'legacy' }, mode: 'PERMISSIVE' })];
    const r = explain(docs, web);
    expect(r.mode).toBe('STRICT');
    expect(lostReason(r, 'foo/legacy')).toMatch(/missing label app=legacy|app=web is not app=legacy/);
  });
});

describe('R4 UNSET inherits', () => {
  it('R4: a mesh policy with mode UNSET means PERMISSIVE', () => {
    const r = explain([pa({ name: 'default', ns: 'istio-system', mode: 'UNSET' })], web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(r.decidedBy.mesh).toBe('istio-system/default');
    expect(r.decidingLevel).toBe('default');
  });

  it('R4: a workload policy without mtls inherits the namespace STRICT', () => {
    const docs = [pa({ name: 'default', ns: 'foo', mode: 'STRICT' }), pa({ name: 'web', ns: 'foo', labels: { app: 'web' } })];
    const r = explain(docs, web);
    expect(r).toMatchObject({ mode: 'STRICT', decidingLevel: 'namespace' });
    expect(r.decidedBy.workload).toBe('foo/web');
  });

  it('R4: a namespace policy with `mtls: {}` inherits the mesh STRICT', () => {
    const r = explain([meshStrict, pa({ name: 'default', ns: 'foo', mode: null })], web);
    expect(r.mode).toBe('STRICT');
    expect(r.explanation.join(' ')).toMatch(/inherits STRICT/);
  });

  it('R4: mesh DISABLE flows through UNSET namespace and UNSET workload policies', () => {
    const docs = [
      pa({ name: 'default', ns: 'istio-system', mode: 'DISABLE' }),
      pa({ name: 'default', ns: 'foo', mode: 'UNSET' }),
      pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'UNSET' }),
    ];
    expect(explain(docs, web)).toMatchObject({ mode: 'DISABLE', decidingLevel: 'mesh' });
  });
});

describe('R5 one selector-less policy per namespace, the oldest', () => {
  it('R5: two namespace-wide policies: the newer DISABLE is ignored, the older STRICT applies', () => {
    const docs = [pa({ name: 'zz-old', ns: 'foo', mode: 'STRICT', at: 1 }), pa({ name: 'aa-new', ns: 'foo', mode: 'DISABLE', at: 5 })];
    const r = explain(docs, web);
    expect(r.mode).toBe('STRICT');
    expect(r.decidedBy.namespace).toBe('foo/zz-old');
    expect(lostReason(r, 'foo/aa-new')).toMatch(/namespace-level duplicate, newer than foo\/zz-old/);
  });

  it('R5: two mesh-wide policies: the older PERMISSIVE wins over a newer STRICT', () => {
    const docs = [pa({ name: 'strict', ns: 'istio-system', mode: 'STRICT', at: 9 }), pa({ name: 'permissive', ns: 'istio-system', mode: 'PERMISSIVE', at: 2 })];
    const r = explain(docs, web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'istio-system/strict')).toMatch(/mesh-level duplicate/);
  });

  it('R5: a `selector: {}` policy counts as a second namespace-wide policy', () => {
    const docs = [pa({ name: 'default', ns: 'foo', mode: 'PERMISSIVE', at: 1 }), pa({ name: 'all', ns: 'foo', labels: 'empty', mode: 'STRICT', at: 2 })];
    const r = explain(docs, web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'foo/all')).toMatch(/namespace-level duplicate/);
  });
});

describe('R5b ties', () => {
  it('R5b: created in the same second, the name that sorts first wins, with a warning', () => {
    const same = '2024-03-01T10:00:00Z';
    const docs = [pa({ name: 'b-strict', ns: 'foo', mode: 'STRICT', at: same }), pa({ name: 'a-off', ns: 'foo', mode: 'DISABLE', at: '2024-03-01T10:00:00.900Z' })];
    const r = explain(docs, web);
    expect(r.mode).toBe('DISABLE');
    expect(r.warnings.join('\n')).toMatch(/same second/);
  });

  it('R5b: without creationTimestamp the name decides, and a warning says so', () => {
    const docs = [pa({ name: 'web-b', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT' }), pa({ name: 'web-a', ns: 'foo', labels: { app: 'web' }, mode: 'DISABLE' })];
    const r = explain(docs, web);
    expect(r.mode).toBe('DISABLE');
    expect(r.decidedBy.workload).toBe('foo/web-a');
    expect(r.warnings.join('\n')).toMatch(/creationTimestamp/);
  });

  it('R5b: an undated policy counts as just applied, so a dated one is older whatever the names', () => {
    const docs = [pa({ name: 'zz', ns: 'foo', mode: 'STRICT', at: 3 }), pa({ name: 'aa', ns: 'foo', mode: 'DISABLE' })];
    const r = explain(docs, web);
    expect(r.mode).toBe('STRICT');
    expect(r.warnings.join('\n')).toMatch(/foo\/aa has no metadata.creationTimestamp/);
  });
});

describe('R6 oldest matching workload policy wins', () => {
  it('R6: the older PERMISSIVE beats a newer STRICT: no "most secure" ranking', () => {
    const docs = [pa({ name: 'new-strict', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', at: 8 }), pa({ name: 'old-perm', ns: 'foo', labels: { app: 'web' }, mode: 'PERMISSIVE', at: 1 })];
    const r = explain(docs, web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'foo/new-strict')).toMatch(/newer than foo\/old-perm at the same level \(workload\)/);
  });

  it('R6: the older broad selector beats a newer, more specific one: no "most specific" ranking', () => {
    const docs = [pa({ name: 'broad', ns: 'foo', labels: { app: 'web' }, mode: 'DISABLE', at: 1 }), pa({ name: 'exact', ns: 'foo', labels: { app: 'web', version: 'v1' }, mode: 'STRICT', at: 2 })];
    expect(explain(docs, web)).toMatchObject({ mode: 'DISABLE', decidedBy: { workload: 'foo/broad' } });
  });

  it('R6: the port-level settings of a losing workload policy are ignored as well', () => {
    const docs = [pa({ name: 'old', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', at: 1 }), pa({ name: 'new', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '8080': 'DISABLE' }, at: 2 })];
    const r = explain(docs, { ...web, port: 8080 });
    expect(r).toMatchObject({ mode: 'STRICT', decidedBy: { port: null } });
    expect(lostReason(r, 'foo/new')).toMatch(/portLevelMtls is ignored too/);
  });
});

describe('R7 selector policies in the root namespace are ignored', () => {
  it('R7: a root-namespace policy selecting app=web does not apply to foo/web', () => {
    const docs = [pa({ name: 'default', ns: 'istio-system', mode: 'PERMISSIVE', at: 0 }), pa({ name: 'web-strict', ns: 'istio-system', labels: { app: 'web' }, mode: 'STRICT', at: 1 })];
    const r = explain(docs, web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'istio-system/web-strict')).toMatch(/selector policy in the root namespace is ignored/);
  });

  it('R7: it is ignored even for a workload that runs in the root namespace', () => {
    const r = explain([pa({ name: 'gw', ns: 'istio-system', labels: { app: 'gw' }, mode: 'STRICT' })], { namespace: 'istio-system', labels: { app: 'gw' } });
    expect(r.mode).toBe('PERMISSIVE');
    expect(r.decidedBy.workload).toBeNull();
  });

  it('R7: a workload in the root namespace takes the mesh policy as its own', () => {
    const r = explain([meshStrict], { namespace: 'istio-system', labels: { app: 'gw' } });
    expect(r).toMatchObject({ mode: 'STRICT', decidedBy: { mesh: 'istio-system/default', namespace: null } });
  });
});

describe('R8 other namespaces never apply', () => {
  it('R8: a matching selector in namespace bar does nothing for foo/web', () => {
    const r = explain([pa({ name: 'web', ns: 'bar', labels: { app: 'web' }, mode: 'STRICT' })], web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'bar/web')).toMatch(/in another namespace \(bar\)/);
  });

  it('R8: a document without metadata.namespace lands in the workload namespace (kubectl apply -n)', () => {
    const r = explain([pa({ name: 'default', mode: 'STRICT' })], web);
    expect(r).toMatchObject({ mode: 'STRICT', decidedBy: { namespace: 'foo/default' } });
  });
});

describe('R9 exact-subset label match', () => {
  it('R9: a partial match does not apply and names the missing label', () => {
    const r = explain([pa({ name: 'v2', ns: 'foo', labels: { app: 'web', version: 'v2' }, mode: 'STRICT' })], { namespace: 'foo', labels: { app: 'web' } });
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'foo/v2')).toMatch(/selector does not match: missing label version=v2/);
  });

  it('R9: extra labels on the workload are fine', () => {
    const r = explain([pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT' })], { namespace: 'foo', labels: { app: 'web', team: 'a', tier: 'front' } });
    expect(r.mode).toBe('STRICT');
  });

  it('R9: values are compared case-sensitively', () => {
    const r = explain([pa({ name: 'web', ns: 'foo', labels: { app: 'Web' }, mode: 'STRICT' })], web);
    expect(r.mode).toBe('PERMISSIVE');
    expect(lostReason(r, 'foo/web')).toMatch(/app=web is not app=Web/);
  });
});

describe('R10 port-level modes are keyed by the workload port', () => {
  const docs = [pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '8080': 'PERMISSIVE' } })];

  it('R10: the listed workload port gets its own mode', () => {
    const r = explain(docs, { ...web, port: 8080 });
    expect(r).toMatchObject({ mode: 'PERMISSIVE', workloadMode: 'STRICT', decidingLevel: 'port', decidedBy: { workload: 'foo/web', port: 8080 } });
  });

  it('R10: other ports keep the workload mode', () => {
    expect(explain(docs, { ...web, port: 9090 })).toMatchObject({ mode: 'STRICT', decidedBy: { port: null } });
  });

  it('R10: an entry for Service port 80 does not apply to workload port 8080', () => {
    const svcPort = [pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '80': 'DISABLE' } })];
    expect(explain(svcPort, { ...web, port: 8080 }).mode).toBe('STRICT');
  });

  it('R10: without --port the port entries are not applied and a warning says which ports exist', () => {
    const r = explain(docs, web);
    expect(r.mode).toBe('STRICT');
    expect(r.warnings.join('\n')).toMatch(/portLevelMtls for port 8080/);
  });

  it('R10/R4: a port entry with `{}` inherits the workload mode', () => {
    const r = explain([pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '8080': null } })], { ...web, port: 8080 });
    expect(r).toMatchObject({ mode: 'STRICT', decidedBy: { port: null } });
  });

  it('R10/R4: a port entry UNSET under an UNSET workload policy inherits the namespace mode', () => {
    const r = explain(
      [pa({ name: 'default', ns: 'foo', mode: 'DISABLE' }), pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, ports: { '8080': 'UNSET' } })],
      { ...web, port: 8080 },
    );
    expect(r).toMatchObject({ mode: 'DISABLE', decidingLevel: 'namespace' });
  });
});

describe('R11 port-level only on workload policies', () => {
  it('R11: portLevelMtls on a namespace-wide policy is refused and the rest still resolves', () => {
    const r = explain([meshStrict, pa({ name: 'default', ns: 'foo', mode: 'DISABLE', ports: { '8080': 'PERMISSIVE' } })], { ...web, port: 8080 });
    expect(r.mode).toBe('STRICT');
    expect(r.rejected).toEqual([expect.objectContaining({ policy: 'foo/default', field: 'spec.portLevelMtls', reason: 'portLevelMtls requires selector' })]);
  });

  it('R11: port settings on a root-namespace selector policy are valid but never used', () => {
    const r = explain([meshStrict, pa({ name: 'gw', ns: 'istio-system', labels: { app: 'web' }, ports: { '8080': 'DISABLE' } })], { ...web, port: 8080 });
    expect(r).toMatchObject({ mode: 'STRICT', rejected: [] });
  });
});

describe('R12 and R13 ports without a Service', () => {
  it('R12: port 9000 STRICT under a mesh DISABLE applies even though no Service declares 9000', () => {
    const docs = [pa({ name: 'default', ns: 'istio-system', mode: 'DISABLE' }), pa({ name: 'admin', ns: 'foo', labels: { app: 'web' }, ports: { '9000': 'STRICT' } })];
    expect(explain(docs, { ...web, port: 9000 })).toMatchObject({ mode: 'STRICT', decidedBy: { port: 9000 } });
    expect(explain(docs, { ...web, port: 8080 }).mode).toBe('DISABLE');
  });

  it('R13: a Sidecar resource in the file is skipped with a warning and the port-level mode still applies', () => {
    const sidecar = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: default, namespace: foo}\nspec: {ingress: []}\n';
    const docs = [sidecar, pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'PERMISSIVE', ports: { '9000': 'STRICT' } })];
    const r = explain(docs, { ...web, port: 9000 });
    expect(r.mode).toBe('STRICT');
    expect(r.warnings.join('\n')).toMatch(/Sidecar foo\/default skipped/);
  });
});

describe('resolve() on its own', () => {
  it('lists every policy once in considered, in Istio order (time, then name), chosen ones with their level', () => {
    const r = explain([meshStrict, pa({ name: 'default', ns: 'foo', mode: 'PERMISSIVE' }), pa({ name: 'x', ns: 'bar' })], web);
    expect(r.considered.map((c) => [c.policy, c.outcome, c.level])).toEqual([
      ['istio-system/default', 'chosen', 'mesh'],
      ['foo/default', 'chosen', 'namespace'],
      ['bar/x', 'lost', null],
    ]);
  });

  it('does not depend on the order the policies were given in', () => {
    const docs = [pa({ name: 'a', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', at: 3 }), pa({ name: 'b', ns: 'foo', labels: { app: 'web' }, mode: 'DISABLE', at: 2 })];
    expect(explain(docs, web).mode).toBe('DISABLE');
    expect(explain([...docs].reverse(), web).mode).toBe('DISABLE');
  });

  it('accepts an empty policy list directly', () => {
    expect(resolve([], { namespace: 'x', labels: {} }).mode).toBe('PERMISSIVE');
  });
});
