import { describe, expect, it } from 'vitest';
import { loadPolicies } from '../../src/policy/parse.js';
import { explain, pa } from './fixtures.js';

const web = { namespace: 'foo', labels: { app: 'web' } };

function load(text: string, path = 'p.yaml') {
  return loadPolicies([{ path, text }], { defaultNamespace: 'foo' });
}

/** A PeerAuthentication in namespace foo whose spec is the given YAML (indented by the caller). */
function withSpec(spec: string, name = 'p'): string {
  return `apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: ${name}\n  namespace: foo\nspec:\n${spec}`;
}

describe('admission: what Istio refuses', () => {
  it('refuses an unknown mode with the API server message, and the refused policy takes no part', () => {
    const r = explain([pa({ name: 'default', ns: 'foo', mode: 'BLAH' })], web);
    expect(r.rejected).toEqual([
      { policy: 'foo/default', field: 'spec.mtls.mode', reason: expect.stringContaining('Unsupported value: "BLAH"'), file: 'policies.yaml', line: 8 },
    ]);
    expect(r.decidedBy.namespace).toBeNull();
  });

  it('refuses a lower-case mode: the enum is case-sensitive', () => {
    expect(load(withSpec('  mtls:\n    mode: strict\n')).rejected[0]?.reason).toMatch(/Unsupported value: "strict"/);
  });

  it('refuses portLevelMtls without a selector', () => {
    const set = load(withSpec('  mtls: {mode: STRICT}\n  portLevelMtls:\n    8080: {mode: DISABLE}\n'));
    expect(set.rejected).toEqual([expect.objectContaining({ field: 'spec.portLevelMtls', reason: 'portLevelMtls requires selector', line: 8 })]);
  });

  it('refuses portLevelMtls with a selector that has no labels', () => {
    const set = load(withSpec('  selector: {}\n  portLevelMtls:\n    8080: {mode: DISABLE}\n'));
    expect(set.rejected.map((r) => r.reason)).toContain('portLevelMtls requires selector');
  });

  it('refuses an empty portLevelMtls', () => {
    const set = load(withSpec('  selector:\n    matchLabels: {app: web}\n  portLevelMtls: {}\n'));
    expect(set.rejected[0]?.reason).toBe('spec.portLevelMtls in body should have at least 1 properties');
  });

  it.each([['0'], ['65536'], ['42949672'], ['-1']])('refuses port %s: outside 1-65535', (port) => {
    const set = load(withSpec(`  selector:\n    matchLabels: {app: web}\n  portLevelMtls:\n    ${port}: {mode: STRICT}\n`));
    expect(set.rejected).toEqual([expect.objectContaining({ field: `spec.portLevelMtls.${port}`, reason: expect.stringContaining('port must be between 1-65535') })]);
  });

  it('refuses a non-numeric port key', () => {
    const set = load(withSpec('  selector:\n    matchLabels: {app: web}\n  portLevelMtls:\n    http: {mode: STRICT}\n'));
    expect(set.rejected[0]?.reason).toMatch(/type conversion error from "http"/);
  });

  it('accepts the boundary ports 1 and 65535', () => {
    const set = load(withSpec('  selector:\n    matchLabels: {app: web}\n  portLevelMtls:\n    1: {mode: STRICT}\n    "65535": {}\n'));
    expect(set.rejected).toEqual([]);
    expect(set.peerAuthentications[0]?.portLevelMtls).toEqual({ 1: 'STRICT', 65535: undefined });
  });

  it('refuses wildcards in selector keys and values', () => {
    const set = load(withSpec('  selector:\n    matchLabels:\n      "app*": web\n      version: "v*"\n'));
    expect(set.rejected.map((r) => r.reason)).toEqual(['wildcard not allowed in label key match', 'wildcard not allowed in label value match']);
  });

  it('refuses an empty selector key', () => {
    const set = load(withSpec('  selector:\n    matchLabels:\n      "": web\n'));
    expect(set.rejected[0]?.reason).toBe('key must not be empty');
  });

  it('refuses a label value longer than 63 characters', () => {
    const set = load(withSpec(`  selector:\n    matchLabels:\n      app: ${'a'.repeat(64)}\n`));
    expect(set.rejected[0]?.reason).toMatch(/Too long: may not be more than 63/);
    expect(load(withSpec(`  selector:\n    matchLabels:\n      app: ${'a'.repeat(63)}\n`)).rejected).toEqual([]);
  });

  it('refuses a label value that YAML reads as a number, and says to quote it', () => {
    const set = load(withSpec('  selector:\n    matchLabels:\n      version: 2\n'));
    expect(set.rejected[0]?.reason).toMatch(/must be of type string \(quote it: "2"\)/);
  });

  it('refuses a wrong apiVersion', () => {
    const set = load(pa({ name: 'old', ns: 'foo', mode: 'STRICT', apiVersion: 'authentication.istio.io/v1alpha1' }));
    expect(set.rejected[0]).toMatchObject({ field: 'apiVersion', reason: expect.stringContaining('no matches for kind "PeerAuthentication" in version "authentication.istio.io/v1alpha1"') });
  });

  it('refuses a misspelt kind in an Istio group', () => {
    const set = load('apiVersion: security.istio.io/v1\nkind: PeerAuthenticaton\nmetadata: {name: x}\n');
    expect(set.rejected[0]).toMatchObject({ field: 'kind', reason: 'no matches for kind "PeerAuthenticaton" in version "security.istio.io/v1"' });
  });

  it('refuses a document without kind or without metadata.name', () => {
    expect(load('apiVersion: security.istio.io/v1\nmetadata: {name: x}\n').rejected[0]?.field).toBe('kind');
    const set = load('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {namespace: foo}\nspec: {}\n');
    expect(set.rejected[0]).toMatchObject({ policy: 'foo/(unnamed)', field: 'metadata.name', reason: 'resource name may not be empty' });
  });

  it('refuses an unknown field the way kubectl strict validation does, with a hint for targetRef', () => {
    const set = load(withSpec('  targetRef: {kind: Service, name: web}\n  mtls: {mode: STRICT}\n'));
    expect(set.rejected[0]?.reason).toMatch(/strict decoding error: unknown field "spec.targetRef".*no targetRef/);
    expect(load(withSpec('  mtls: {mod: STRICT}\n')).rejected[0]?.reason).toMatch(/unknown field "spec.mtls.mod"/);
  });

  it('refuses a creationTimestamp that is not a time', () => {
    const set = load(pa({ name: 'x', ns: 'foo', at: 'yesterday' }));
    expect(set.rejected[0]?.field).toBe('metadata.creationTimestamp');
  });

  it('reports YAML that does not parse with file and line, and still loads the other documents', () => {
    const text = `${pa({ name: 'good', ns: 'foo', mode: 'STRICT' })}---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: broken\nspec: {}\n`;
    const set = load(text, 'mixed.yaml');
    expect(set.rejected).toHaveLength(1);
    expect(set.rejected[0]).toMatchObject({ policy: 'mixed.yaml (document 2)', field: '(yaml)', file: 'mixed.yaml' });
    expect(set.rejected[0]?.reason).toMatch(/^YAML does not parse at mixed\.yaml:\d+:\d+/);
    expect(set.rejected[0]!.line).toBeGreaterThan(8);
    expect(set.peerAuthentications.map((p) => p.ref)).toEqual(['foo/good']);
  });
});

describe('admission: what Istio accepts', () => {
  it('accepts `selector: {}` with the istiod warning and treats it as no selector', () => {
    const set = load(withSpec('  selector: {}\n  mtls: {mode: STRICT}\n'));
    expect(set.rejected).toEqual([]);
    expect(set.warnings.join('\n')).toMatch(/foo\/p: workload selector specified without labels/);
    expect(set.peerAuthentications[0]?.selector).toBeNull();
  });

  it('accepts an empty spec and a policy named default that has a selector', () => {
    const set = load(`${withSpec('  {}\n', 'empty')}---\n${withSpec('  selector:\n    matchLabels: {app: web}\n', 'default')}`);
    expect(set.rejected).toEqual([]);
    expect(set.peerAuthentications).toHaveLength(2);
  });

  it('skips documents of kinds it does not read with one warning per file, naming the kinds', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';
    const set = load(`${cm}---\n${cm.replace('name: a', 'name: b')}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n${pa({ name: 'p', mode: 'STRICT' })}`);
    expect(set.rejected).toEqual([]);
    expect(set.skipped).toEqual([]);
    expect(set.warnings).toEqual(['p.yaml: not used by the policy lab, skipped: ConfigMap (2), Service']);
    expect(set.peerAuthentications).toHaveLength(1);
  });

  it('reads a Deployment in the same file as a workload (its pod template labels and service account), not a policy', () => {
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      labels: {app: web, version: v2}\n    spec:\n      serviceAccountName: web-sa\n';
    const set = load(`${deploy}---\n${pa({ name: 'p', mode: 'STRICT' })}`);
    expect(set).toMatchObject({ rejected: [], warnings: [] });
    expect(set.workloads).toEqual([
      { kind: 'Deployment', name: 'web', namespace: 'foo', labels: { app: 'web', version: 'v2' }, serviceAccount: 'web-sa', source: { file: 'p.yaml', line: 1 } },
    ]);
  });

  it('ignores empty documents such as a trailing ---', () => {
    expect(load(`---\n${pa({ name: 'p', mode: 'STRICT' })}---\n`)).toMatchObject({ rejected: [], warnings: [] });
  });

  it('lets a later document with the same namespace/name replace the earlier one, with a warning', () => {
    const set = loadPolicies(
      [
        { path: 'a.yaml', text: pa({ name: 'default', ns: 'foo', mode: 'STRICT' }) },
        { path: 'b.yaml', text: pa({ name: 'default', ns: 'foo', mode: 'DISABLE' }) },
      ],
      {},
    );
    expect(set.peerAuthentications.map((p) => p.mode)).toEqual(['DISABLE']);
    expect(set.warnings[0]).toMatch(/defined twice \(a\.yaml:1 and b\.yaml:1\)/);
  });

  it('truncates creationTimestamp to whole seconds, as Kubernetes stores it', () => {
    const set = load(pa({ name: 'p', ns: 'foo', at: '2024-03-01T10:00:00.750Z' }));
    expect(set.peerAuthentications[0]?.createdAt).toBe(Date.UTC(2024, 2, 1, 10) / 1000);
  });
});

describe('DestinationRule documents', () => {
  const dr = (apiVersion: string, tls: string) =>
    `apiVersion: ${apiVersion}\nkind: DestinationRule\nmetadata: {name: web, namespace: foo}\nspec:\n  host: web.foo.svc.cluster.local\n${tls}`;

  it.each(['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'])('accepts %s with its tls mode', (v) => {
    const set = load(dr(v, '  trafficPolicy:\n    tls: {mode: ISTIO_MUTUAL}\n'));
    expect(set.destinationRules).toEqual([expect.objectContaining({ ref: 'foo/web', host: 'web.foo.svc.cluster.local', tlsMode: 'ISTIO_MUTUAL' })]);
  });

  it('keeps "no tls block" apart from DISABLE: the first leaves auto mTLS in charge', () => {
    expect(load(dr('networking.istio.io/v1', '')).destinationRules[0]?.tlsMode).toBeUndefined();
    expect(load(dr('networking.istio.io/v1', '  trafficPolicy:\n    tls: {}\n')).destinationRules[0]?.tlsMode).toBe('DISABLE');
  });

  it('refuses an unknown tls mode, a missing host and a wrong apiVersion', () => {
    expect(load(dr('networking.istio.io/v1', '  trafficPolicy:\n    tls: {mode: MTLS}\n')).rejected[0]?.reason).toMatch(/Unsupported value: "MTLS"/);
    expect(load('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: x}\nspec: {}\n').rejected[0]?.field).toBe('spec.host');
    expect(load(dr('security.istio.io/v1', '')).rejected[0]?.field).toBe('apiVersion');
  });
});
