/**
 * AuthorizationPolicy admission: what the CRD and istiod's webhook refuse (pkg/config/validation/validation.go
 * ValidateAuthorizationPolicy and validation_test.go TestValidateAuthorizationPolicy), with file, line and field.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicies } from '../../../src/policy/parse.js';
import { ap } from './fixtures.js';

function refused(spec: string, metadata = '') {
  const set = loadPolicies([{ path: 'ap.yaml', text: ap('p', 'foo', spec, metadata) }], { defaultNamespace: 'foo' });
  return { set, reasons: set.rejected.map((r) => `${r.line} ${r.field}: ${r.reason}`) };
}

describe('AuthorizationPolicy admission', () => {
  it.each([
    ['deny-rules-nil', 'action: DENY', /spec\.rules: DENY action without `rules` is meaningless/],
    ['deny with rules: [] (decoded as no rules)', 'action: DENY\nrules: []', /DENY action without `rules` is meaningless/],
    ['custom without rules', 'action: CUSTOM\nprovider: {name: ext}', /CUSTOM action without `rules` is meaningless/],
    ['custom-empty-provider', 'action: CUSTOM\nprovider: {name: ""}\nrules:\n- {}', /spec\.provider\.name: `provider\.name` must not be empty/],
    ['provider-wrong-action', 'action: DENY\nprovider: {name: ext}\nrules:\n- {}', /`provider` must not be with non CUSTOM action, found DENY/],
    ['custom-invalid-rule', 'action: CUSTOM\nprovider: {name: ext}\nrules:\n- from:\n  - source:\n      principals: ["a"]', /From\.Principals is currently not supported with CUSTOM action/],
    ['unknown action', 'action: REJECT\nrules:\n- {}', /spec\.action: Unsupported value: "REJECT": supported values: "ALLOW", "DENY", "AUDIT", "CUSTOM"/],
    ['source-nil', 'rules:\n- from:\n  - {}', /`from\.source` must not be nil, found at rule 0/],
    ['source-empty', 'rules:\n- from:\n  - source: {}', /`from\.source` must not be empty, found at rule 0/],
    ['operation-empty', 'rules:\n- to:\n  - operation: {}', /`to\.operation` must not be empty, found at rule 0/],
    ['Principals-empty', 'rules:\n- from:\n  - source:\n      principals: [""]', /empty value not allowed, found in Principals/],
    ['invalid ip in ipBlocks', 'rules:\n- from:\n  - source:\n      ipBlocks: ["1.2.3.4.5", "10.0.0.0/33"]', /bad IP address \(1\.2\.3\.4\.5\)/],
    ['bad port', 'rules:\n- to:\n  - operation:\n      ports: ["http"]', /bad port \(http\)/],
    ['serviceAccounts and namespaces', 'rules:\n- from:\n  - source:\n      serviceAccounts: ["sa"]\n      namespaces: ["ns"]', /cannot set serviceAccounts with namespaces or principals, found at rule 0/],
    ['serviceAccounts wildcard', 'rules:\n- from:\n  - source:\n      serviceAccounts: ["ns/*"]', /wildcard not allowed, found in ServiceAccounts/],
    ['trust domain with /', 'rules:\n- from:\n  - source:\n      trustDomains: ["a/b"]', /trust domain must not contain '\/', found in TrustDomains/],
    ['unknown when key', 'rules:\n- when:\n  - key: source.user\n    values: ["x"]', /invalid `value` for `key` source\.user: unknown attribute: source\.user/],
    ['replaced when key', 'rules:\n- when:\n  - key: destination.labels[app]\n    values: ["x"]', /attribute destination\.labels\[app\] is replaced by the workload selector/],
    ['when without values', 'rules:\n- when:\n  - key: source.ip', /at least one of `values` or `notValues` must be set for key source\.ip/],
    ['bad header key', 'rules:\n- when:\n  - key: request.headers\n    values: ["x"]', /bad key \(request\.headers\): should have format a\[b\]/],
    ['path template {**} not last', 'rules:\n- to:\n  - operation:\n      paths: ["/a/{**}/{*}"]', /\{\*\*\} is not the last operator/],
    ['selector and targetRefs', 'selector:\n  matchLabels: {app: a}\ntargetRefs:\n- kind: Gateway\n  group: gateway.networking.k8s.io\n  name: gw\nrules:\n- {}', /only one of targetRefs or selector can be set/],
    ['targetRef to a Pod', 'targetRef:\n  kind: Pod\n  name: x\nrules:\n- {}', /targetRef must be to one of .* but was \/Pod/],
    ['targetRef namespace', 'targetRefs:\n- kind: Service\n  name: x\n  namespace: other\nrules:\n- {}', /cross namespace referencing is not currently supported/],
    ['unknown field', 'rules:\n- from:\n  - source:\n      principal: ["a"]', /unknown field "spec\.rules\[0\]\.from\[0\]\.source\.principal"/],
    ['selector wildcard', 'selector:\n  matchLabels: {app: "web*"}', /wildcard not allowed in label value match/],
  ])('%s', (_name, spec, message) => {
    const { set, reasons } = refused(spec);
    expect(set.authorizationPolicies).toEqual([]);
    expect(reasons.join('\n')).toMatch(message);
    expect(set.skipped).toHaveLength(1);
    expect(set.skipped[0]).toMatchObject({ file: 'ap.yaml', document: 'document 1' });
  });

  it('names the line of the field at fault', () => {
    const { set } = refused('rules:\n- to:\n  - operation:\n      methods: ["GET"]\n      ports: ["99999"]');
    expect(set.rejected).toEqual([expect.objectContaining({ policy: 'foo/p', field: 'spec.rules.0.to.0.operation.ports', line: 11, file: 'ap.yaml', reason: 'bad port (99999): <nil>' })]);
  });

  it.each([
    ['dry-run-invalid-value', 'action: ALLOW', 'annotations:\n  istio.io/dry-run: "foo"', /with invalid value \(foo\)/],
    ['dry-run-invalid-action-audit', 'action: AUDIT', 'annotations:\n  istio.io/dry-run: "true"', /currently only supports action ALLOW\/DENY, found action AUDIT/],
  ])('%s', (_name, spec, metadata, message) => {
    expect(refused(spec, metadata).reasons.join('\n')).toMatch(message);
  });

  it.each([
    ['allow-rules-nil', 'action: ALLOW'],
    ['good serviceAccounts', 'rules:\n- from:\n  - source:\n      serviceAccounts: ["ns/sa", "sa"]'],
    ['selector-empty-labels (a warning only)', 'selector: {}\nrules:\n- {}'],
    ['target-refs-good-service', 'targetRefs:\n- kind: Service\n  group: ""\n  name: web\nrules:\n- {}'],
    ['a spiffe:// principal: admitted, though it can never match', 'rules:\n- from:\n  - source:\n      principals: ["spiffe://cluster.local/ns/foo/sa/sleep"]'],
    ['path templates', 'rules:\n- to:\n  - operation:\n      paths: ["/foo/{*}/bar/{**}", "/store/{**}/cart"]'],
    ['from: [] and to: [] (istiod decodes them as absent: any source, any operation)', 'rules:\n- from: []\n  to: []'],
  ])('admits %s', (_name, spec) => {
    const { set, reasons } = refused(spec);
    expect(reasons).toEqual([]);
    expect(set.authorizationPolicies).toHaveLength(1);
  });

  it('warns that a DENY rule with only HTTP attributes denies all TCP traffic in its scope', () => {
    const { set } = refused('action: DENY\nrules:\n- to:\n  - operation:\n      methods: ["GET"]');
    expect(set.warnings.join('\n')).toMatch(/will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule/);
  });

  it('reads dry-run values as Go\'s ParseBool does', () => {
    for (const [value, dry] of [['true', true], ['1', true], ['F', false], ['False', false]] as const) {
      expect(refused('action: DENY\nrules:\n- {}', `annotations:\n  istio.io/dry-run: "${value}"`).set.authorizationPolicies[0]?.dryRun).toBe(dry);
    }
  });
});
