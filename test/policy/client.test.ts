import { describe, expect, it } from 'vitest';
import { chooseDestinationRule, defaultHost, planClientSidecar, toFqdn } from '../../src/policy/client.js';
import type { DestinationRule } from '../../src/policy/types.js';

function dr(name: string, namespace: string, host: string, tlsMode?: DestinationRule['tlsMode'], createdAt?: number): DestinationRule {
  return { kind: 'DestinationRule', name, namespace, ref: `${namespace}/${name}`, host, tlsMode, createdAt, source: { file: 'x', line: 1 } };
}
const HOST = 'web.foo.svc.cluster.local';

describe('which DestinationRule the client sidecar uses', () => {
  it('expands a short host in the rule\'s own namespace, and leaves names with dots as written', () => {
    expect(toFqdn('web', 'foo')).toBe(HOST);
    expect(toFqdn('web.foo', 'bar')).toBe('web.foo');
    expect(defaultHost('foo', { app: 'web' })).toBe(HOST);
  });

  it('matches a short name, the FQDN and a wildcard; "web.foo" does not match (Istio does not expand it)', () => {
    expect(chooseDestinationRule([dr('a', 'foo', 'web')], HOST, 'foo', 'foo', 'istio-system').rule?.ref).toBe('foo/a');
    expect(chooseDestinationRule([dr('a', 'bar', '*.foo.svc.cluster.local')], HOST, 'bar', 'foo', 'istio-system').rule?.ref).toBe('bar/a');
    const miss = chooseDestinationRule([dr('a', 'foo', 'web.foo')], HOST, 'foo', 'foo', 'istio-system');
    expect(miss.rule).toBeNull();
    expect(miss.skipped[0]?.reason).toMatch(/does not expand "web.foo"/);
  });

  it('prefers the client namespace, then the service namespace, then the root; ignores other namespaces', () => {
    const rules = [dr('root', 'istio-system', HOST, 'DISABLE'), dr('svc', 'foo', HOST, 'SIMPLE'), dr('client', 'bar', HOST, 'ISTIO_MUTUAL'), dr('other', 'baz', HOST, 'DISABLE')];
    expect(chooseDestinationRule(rules, HOST, 'bar', 'foo', 'istio-system').rule?.ref).toBe('bar/client');
    expect(chooseDestinationRule(rules, HOST, 'qux', 'foo', 'istio-system').rule?.ref).toBe('foo/svc');
    const fromRoot = chooseDestinationRule([rules[0]!, rules[3]!], HOST, 'qux', 'foo', 'istio-system');
    expect(fromRoot.rule?.ref).toBe('istio-system/root');
    expect(fromRoot.skipped.find((s) => s.rule === 'baz/other')?.reason).toMatch(/only the client's, the service's and the root namespace/);
  });

  it('an exact host beats a wildcard in the same namespace', () => {
    const rules = [dr('wild', 'foo', '*.foo.svc.cluster.local', 'DISABLE', 1), dr('exact', 'foo', 'web', 'ISTIO_MUTUAL', 5)];
    expect(chooseDestinationRule(rules, HOST, 'foo', 'foo', 'istio-system').rule?.ref).toBe('foo/exact');
  });
});

describe('what the client sidecar sends', () => {
  it('ISTIO_MUTUAL and MUTUAL send mTLS, SIMPLE sends TLS without a certificate, DISABLE sends plaintext', () => {
    expect(planClientSidecar(dr('a', 'foo', 'web', 'ISTIO_MUTUAL'), 'STRICT').sends).toBe('mtls');
    expect(planClientSidecar(dr('a', 'foo', 'web', 'MUTUAL'), 'STRICT').sends).toBe('mtls');
    expect(planClientSidecar(dr('a', 'foo', 'web', 'SIMPLE'), 'STRICT').sends).toBe('tls');
    expect(planClientSidecar(dr('a', 'foo', 'web', 'DISABLE'), 'STRICT')).toMatchObject({ sends: 'plaintext', tlsMode: 'DISABLE' });
  });

  it('without a tls block auto mTLS sends mTLS unless the server is DISABLE', () => {
    expect(planClientSidecar(null, 'STRICT')).toMatchObject({ tlsMode: 'AUTO', sends: 'mtls' });
    expect(planClientSidecar(dr('a', 'foo', 'web'), 'PERMISSIVE')).toMatchObject({ tlsMode: 'AUTO', sends: 'mtls' });
    expect(planClientSidecar(null, 'DISABLE')).toMatchObject({ tlsMode: 'AUTO', sends: 'plaintext' });
  });
});
