/**
 * AuthorizationPolicy resolution, case by case from Istio's own code, tests and docs (the source of each case is
 * named): istio/istio pilot/pkg/security/authz/{builder,model,matcher}, pilot/pkg/model/{authorization,
 * policyattachment}.go, pilot/pkg/security/trustdomain, builder/testdata, tests/integration/security/testdata/authz
 * and authz_test.go, and istio.io's authorization tasks.
 */
import { describe, expect, it } from 'vitest';
import { ap, decide, OTHER, pa, verdict } from './fixtures.js';

const ALLOW_SLEEP = ap('allow-sleep', 'foo', 'action: ALLOW\nrules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/foo/sa/sleep"]');

describe('evaluation order and empty policies (builder.go)', () => {
  it('1. no AuthorizationPolicy at all: allowed', () => {
    expect(decide([])).toMatchObject({ result: 'allowed', httpStatus: 200, decision: { stage: 'no-allow-policy' } });
  });

  it('2. allow-nothing (`spec: {}`, istio.io "allow-nothing"): an ALLOW with no rules matches nothing, so all is denied', () => {
    const r = decide([ap('allow-nothing', 'foo', '{}')]);
    expect(r).toMatchObject({ result: 'denied', httpStatus: 403, decision: { stage: 'no-allow-match' } });
    expect(r.policies[0]?.why).toBe('no rules: it matches nothing');
  });

  it('3. testdata allow-empty-rule: `rules: [{}]` matches every request', () => {
    expect(verdict([ap('allow-all', 'foo', 'rules:\n- {}')], { from: 'plaintext', method: 'DELETE' })).toBe('allowed');
  });

  it('4. testdata deny-empty-rule: a DENY with `rules: [{}]` denies everything', () => {
    expect(decide([ap('deny-all', 'foo', 'action: DENY\nrules:\n- {}')])).toMatchObject({ result: 'denied', decision: { stage: 'deny', policy: 'foo/deny-all', rule: 0 } });
  });

  it('5. deny-and-allow (testdata) and TestAuthz_PathPrecedence: DENY wins over a matching ALLOW', () => {
    const deny = ap('deny-admin', 'foo', 'action: DENY\nrules:\n- to:\n  - operation:\n      paths: ["/allow/admin"]');
    const allow = ap('allow-prefix', 'foo', 'action: ALLOW\nrules:\n- to:\n  - operation:\n      paths: ["/allow*"]');
    expect(verdict([deny, allow], { path: '/allow/admin' })).toBe('denied');
    expect(verdict([deny, allow], { path: '/allow/admin?param=value' })).toBe('denied'); // the query is not part of the path
    expect(verdict([deny, allow], { path: '/allow' })).toBe('allowed');
    expect(verdict([deny, allow], { path: '/allow?param=value' })).toBe('allowed');
  });

  it('6. ALLOW policies exist but none matches: denied; any one matching is enough', () => {
    const a = ap('a', 'foo', 'rules:\n- to:\n  - operation:\n      methods: ["POST"]');
    const b = ap('b', 'foo', 'rules:\n- to:\n  - operation:\n      methods: ["GET"]');
    expect(verdict([a])).toBe('denied');
    expect(verdict([a, b])).toBe('allowed');
  });

  it('7. action not written is ALLOW (the proto default)', () => {
    const r = decide([ap('x', 'foo', 'rules:\n- to:\n  - operation:\n      methods: ["GET"]')]);
    expect(r.policies[0]).toMatchObject({ action: 'ALLOW', matched: true });
  });

  it('8. AUDIT only logs: it never changes the decision', () => {
    const r = decide([ap('audit', 'foo', 'action: AUDIT\nrules:\n- {}')]);
    expect(r).toMatchObject({ result: 'allowed', decision: { stage: 'no-allow-policy' } });
    expect(r.explanation.join('\n')).toMatch(/AUDIT: foo\/audit matches: the request is logged; audit never changes the decision/);
  });

  it('9. istio.io/dry-run: "true": the DENY is evaluated and reported, not enforced', () => {
    const r = decide([ap('dry', 'foo', 'action: DENY\nrules:\n- {}', 'annotations:\n  istio.io/dry-run: "true"\n')]);
    expect(r).toMatchObject({ result: 'allowed', decision: { dryRun: [{ policy: 'foo/dry', action: 'DENY', wouldMatch: true }] } });
  });

  it('10. CUSTOM: a matching rule hands the request to the external authorizer first (builder custom, extauthz.go)', () => {
    const custom = ap('ext', 'foo', 'action: CUSTOM\nprovider:\n  name: my-ext-authz\nrules:\n- to:\n  - operation:\n      paths: ["/admin*"]');
    const r = decide([custom, ALLOW_SLEEP], { path: '/admin/users' });
    expect(r).toMatchObject({ result: 'external', decision: { stage: 'custom', ifExternalAllows: 'allowed', custom: { policy: 'foo/ext', provider: 'my-ext-authz', rule: 0 } } });
    expect(r.decision.custom?.sends).toMatch(/^GET \/admin\/users \(host httpbin\.foo\.svc\.cluster\.local, source 127\.0\.0\.1, peer spiffe:\/\/cluster\.local\/ns\/foo\/sa\/sleep\)/);
    expect(verdict([custom, ALLOW_SLEEP], { path: '/public' })).toBe('allowed'); // not matched: no authorizer is asked
    expect(decide([custom, ALLOW_SLEEP], { path: '/admin', from: OTHER }).decision.ifExternalAllows).toBe('denied');
  });
});

describe('from.source (model.go, generator.go)', () => {
  it('11. allow-principal (integration): only the named service account gets in', () => {
    expect(verdict([ALLOW_SLEEP])).toBe('allowed');
    expect(verdict([ALLOW_SLEEP], { from: OTHER })).toBe('denied');
  });

  it('12. principals are written without spiffe://; with it the value becomes spiffe://spiffe://... and never matches', () => {
    const r = decide([ap('typo', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["spiffe://cluster.local/ns/foo/sa/sleep"]')]);
    expect(r.result).toBe('denied');
    expect(r.policies[0]?.why).toMatch(/matches none of \["spiffe:\/\/cluster\.local\/ns\/foo\/sa\/sleep"\]/);
  });

  it('13. principals "*" matches any mTLS peer and never plaintext (simple-policy-principal-with-wildcard)', () => {
    const any = ap('any', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["*"]');
    expect(verdict([any], { from: OTHER })).toBe('allowed');
    expect(verdict([any], { from: 'plaintext' })).toBe('denied');
  });

  it('14. principal prefix and suffix wildcards (StringMatcherWithPrefix)', () => {
    const prefix = ap('p', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/foo/*"]');
    const suffix = ap('s', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["*/sa/sleep"]');
    expect([verdict([prefix]), verdict([prefix], { from: OTHER })]).toEqual(['allowed', 'denied']);
    expect([verdict([suffix]), verdict([suffix], { from: 'spiffe://cluster.local/ns/x/sa/sleep' }), verdict([suffix], { from: OTHER })]).toEqual(['allowed', 'allowed', 'denied']);
  });

  it('15. the plaintext gap (integration plaintext.yaml.tmpl): DENY notPrincipals ["*"] denies plaintext, not mTLS', () => {
    const docs = [pa('foo', 'PERMISSIVE'), ap('require-mtls', 'foo', 'action: DENY\nrules:\n- from:\n  - source:\n      notPrincipals: ["*"]')];
    expect(decide(docs, { from: 'plaintext' })).toMatchObject({ result: 'denied', connection: { sends: 'plaintext', accepted: true } });
    expect(verdict(docs)).toBe('allowed');
  });

  it('16. namespaces match the /ns/ part of the peer\'s SPIFFE ID; plaintext has none', () => {
    const ns = ap('ns', 'foo', 'rules:\n- from:\n  - source:\n      namespaces: ["foo"]');
    expect([verdict([ns]), verdict([ns], { from: OTHER }), verdict([ns], { from: 'plaintext' })]).toEqual(['allowed', 'denied', 'denied']);
  });

  it('17. not-namespace (integration): DENY from notNamespaces; a wildcard namespace is a regex (srcNamespaceGenerator)', () => {
    const deny = ap('deny-others', 'foo', 'action: DENY\nrules:\n- from:\n  - source:\n      notNamespaces: ["foo"]');
    expect([verdict([deny]), verdict([deny], { from: OTHER }), verdict([deny], { from: 'plaintext' })]).toEqual(['allowed', 'denied', 'denied']);
    const wild = ap('wild', 'foo', 'rules:\n- from:\n  - source:\n      namespaces: ["ba*"]');
    expect([verdict([wild], { from: OTHER }), verdict([wild])]).toEqual(['allowed', 'denied']);
  });

  it('18. ipBlocks and notIpBlocks: single addresses and CIDR ranges (single-policy testdata)', () => {
    const ip = ap('ip', 'foo', 'rules:\n- from:\n  - source:\n      ipBlocks: ["10.0.0.0/16", "192.168.1.5"]\n      notIpBlocks: ["10.0.9.0/24"]');
    expect(['10.0.3.4', '192.168.1.5', '10.0.9.1', '192.168.1.6'].map((sourceIp) => verdict([ip], { sourceIp }))).toEqual(['allowed', 'allowed', 'denied', 'denied']);
  });

  it('19. serviceAccounts: "sa" is in the policy\'s namespace, "ns/sa" names both (serviceAccountRegex)', () => {
    const sa = ap('sa', 'foo', 'rules:\n- from:\n  - source:\n      serviceAccounts: ["sleep", "bar/other"]');
    expect([verdict([sa]), verdict([sa], { from: OTHER }), verdict([sa], { from: 'spiffe://cluster.local/ns/baz/sa/sleep' })]).toEqual(['allowed', 'allowed', 'denied']);
  });

  it('20. trustDomains and notTrustDomains (trust-domains testdata)', () => {
    const td = ap('td', 'foo', 'rules:\n- from:\n  - source:\n      trustDomains: ["cluster.local", "another.local"]\n- from:\n  - source:\n      notTrustDomains: ["bad*", "untrusted", "cluster.local"]');
    expect(['spiffe://another.local/ns/a/sa/b', 'spiffe://good.example/ns/a/sa/b', 'spiffe://bad-td/ns/a/sa/b'].map((from) => verdict([td], { from }))).toEqual(['allowed', 'allowed', 'denied']);
  });

  it('21. requestPrincipals need a JWT (RequestAuthentication); without one "*" never matches and notRequestPrincipals ["*"] always does', () => {
    const requireJwt = ap('jwt', 'foo', 'rules:\n- from:\n  - source:\n      requestPrincipals: ["*"]');
    const denyNoJwt = ap('deny-no-jwt', 'foo', 'action: DENY\nrules:\n- from:\n  - source:\n      notRequestPrincipals: ["*"]');
    expect(verdict([requireJwt])).toBe('denied');
    expect(verdict([denyNoJwt])).toBe('denied');
    expect(decide([requireJwt]).policies[0]?.why).toMatch(/no JWT/);
  });

  it('22. fields of one source must all hold; several sources are alternatives (model.go principals list)', () => {
    const both = ap('both', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/foo/sa/sleep"]\n      ipBlocks: ["10.0.0.0/8"]');
    expect([verdict([both], { sourceIp: '10.1.1.1' }), verdict([both])]).toEqual(['allowed', 'denied']);
    const either = ap('either', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/foo/sa/sleep"]\n  - source:\n      ipBlocks: ["10.0.0.0/8"]');
    expect([verdict([either]), verdict([either], { from: OTHER, sourceIp: '10.1.1.1' }), verdict([either], { from: OTHER })]).toEqual(['allowed', 'allowed', 'denied']);
  });
});

describe('to.operation (generator.go, matcher/header.go)', () => {
  it('23. methods and notMethods (not-method integration): exact and case-sensitive', () => {
    const m = ap('m', 'foo', 'rules:\n- to:\n  - operation:\n      notMethods: ["DELETE"]');
    expect(['GET', 'DELETE', 'delete'].map((method) => verdict([m], { method }))).toEqual(['allowed', 'denied', 'allowed']);
  });

  it('24. ports and notPorts (not-port integration) compare the workload port', () => {
    const p = ap('p', 'foo', 'rules:\n- to:\n  - operation:\n      ports: ["8000", "9000"]\n      notPorts: ["9000"]');
    expect([8000, 9000, 7000].map((port) => verdict([p], { port }))).toEqual(['allowed', 'denied', 'denied']);
  });

  it('25. hosts ignore case, with prefix and suffix wildcards; notHosts (HostMatcher, not-host integration)', () => {
    const h = ap('h', 'foo', 'rules:\n- to:\n  - operation:\n      hosts: ["*.example.com", "api.*"]\n      notHosts: ["deny.example.com"]');
    expect(['WWW.Example.COM', 'api.internal', 'deny.example.com', 'other.org'].map((host) => verdict([h], { host }))).toEqual(['allowed', 'allowed', 'denied', 'denied']);
  });

  it('26. paths: exact, prefix*, *suffix and "*" (StringMatcher)', () => {
    const p = ap('p', 'foo', 'rules:\n- to:\n  - operation:\n      paths: ["/exact", "/pre*", "*.png"]');
    expect(['/exact', '/exact/more', '/prefix/x', '/img/a.png', '/other'].map((path) => verdict([p], { path }))).toEqual(['allowed', 'denied', 'allowed', 'allowed', 'denied']);
  });

  it('27. path templates {*} and {**} (TestAuthz_PathTemplating)', () => {
    const t = ap('t', 'foo', 'rules:\n- to:\n  - operation:\n      paths: ["/allow/admin/{**}", "/foo/{*}/bar/{**}", "/store/{**}/cart"]');
    const cases: [string, string][] = [
      ['/allow/admin/', 'allowed'],
      ['/allow/admin', 'denied'],
      ['/allow/user/', 'denied'],
      ['/allow/admin?param=value', 'denied'],
      ['/allow/admin/foo/temp.txt', 'allowed'],
      ['/foo/buzz/bar/bat.txt', 'allowed'],
      ['/foo/buzz/bar/bat/fuzz.txt', 'allowed'],
      ['/foo/bar/bat.txt', 'denied'],
      ['/foo//bar/bat.txt', 'denied'],
      ['/store//cart', 'allowed'],
      ['/store/cart', 'denied'],
      ['/store/foo/bar/cart', 'allowed'],
    ];
    expect(cases.map(([path]) => [path, verdict([t], { path })])).toEqual(cases);
  });

  it('28. paths are normalized first (TestAuthz_PathNormalization): dot segments and %2E cannot sneak past', () => {
    const pub = ap('pub', 'foo', 'rules:\n- to:\n  - operation:\n      paths: ["/public*"]\n      methods: ["GET"]');
    const cases: [string, string][] = [
      ['/public', 'allowed'],
      ['/public/../public', 'allowed'],
      ['/private', 'denied'],
      ['/public/../private', 'denied'],
      ['/public/./../private', 'denied'],
      ['/public/%2E%2E/private', 'denied'],
      ['/public/%2e/%2e%2e/private', 'denied'],
    ];
    expect(cases.map(([path]) => [path, verdict([pub], { path })])).toEqual(cases);
  });
});

describe('when conditions (model.go, conditions.yaml.tmpl)', () => {
  it('29. request.headers[x-foo] values and notValues', () => {
    const h = ap('h', 'foo', 'rules:\n- to:\n  - operation:\n      paths: ["/request-headers"]\n  when:\n  - key: request.headers[x-foo]\n    values: ["foo"]\n- to:\n  - operation:\n      paths: ["/request-headers-notValues"]\n  when:\n  - key: request.headers[x-foo]\n    notValues: ["bar"]');
    expect([
      verdict([h], { path: '/request-headers', headers: { 'X-Foo': 'foo' } }),
      verdict([h], { path: '/request-headers', headers: { 'x-foo': 'bar' } }),
      verdict([h], { path: '/request-headers-notValues', headers: { 'x-foo': 'bar' } }),
      verdict([h], { path: '/request-headers-notValues' }),
    ]).toEqual(['allowed', 'denied', 'denied', 'allowed']);
  });

  it('30. source.namespace, source.principal and source.ip', () => {
    const w = ap('w', 'foo', 'rules:\n- when:\n  - key: source.namespace\n    values: ["foo"]\n  - key: source.principal\n    notValues: ["cluster.local/ns/foo/sa/blocked"]\n  - key: source.ip\n    values: ["127.0.0.0/8"]');
    expect([verdict([w]), verdict([w], { from: 'spiffe://cluster.local/ns/foo/sa/blocked' }), verdict([w], { from: OTHER }), verdict([w], { sourceIp: '10.0.0.1' })]).toEqual([
      'allowed',
      'denied',
      'denied',
      'denied',
    ]);
  });

  it('31. request.auth.claims without a JWT: values never match, notValues always do', () => {
    const claims = ap('c', 'foo', 'rules:\n- when:\n  - key: request.auth.claims[groups]\n    values: ["admins"]');
    const notClaims = ap('n', 'foo', 'rules:\n- when:\n  - key: request.auth.claims[groups]\n    notValues: ["guests"]');
    expect([verdict([claims]), verdict([notClaims])]).toEqual(['denied', 'allowed']);
  });
});

describe('which policies apply (authorization.go, policyattachment.go)', () => {
  it('32. a policy in the root namespace applies to every workload in the mesh (workload-system-ns)', () => {
    expect(decide([ap('global-deny', 'istio-system', 'action: DENY\nrules:\n- to:\n  - operation:\n      paths: ["/global-deny*"]\n      notPaths: ["/global-deny/allow"]')], { path: '/global-deny/x' })).toMatchObject({
      result: 'denied',
      decision: { policy: 'istio-system/global-deny' },
    });
    expect(verdict([ap('global-deny', 'istio-system', 'action: DENY\nrules:\n- to:\n  - operation:\n      paths: ["/global-deny*"]\n      notPaths: ["/global-deny/allow"]')], { path: '/global-deny/allow' })).toBe('allowed');
  });

  it('33. a selector in the root namespace matches workloads in every namespace (unlike PeerAuthentication)', () => {
    const root = ap('root-sel', 'istio-system', 'selector:\n  matchLabels:\n    app: httpbin\nrules:\n- from:\n  - source:\n      namespaces: ["bar"]');
    expect(decide([root]).policies[0]).toMatchObject({ applies: true });
    expect(verdict([root])).toBe('denied');
    expect(decide([root], {}, { labels: { app: 'other' } }).policies[0]).toMatchObject({ applies: false });
  });

  it('34. a policy in another namespace never applies (the wrong-namespace mistake)', () => {
    const r = decide([ap('allow-nothing', 'default', '{}')]);
    expect(r).toMatchObject({ result: 'allowed', policies: [{ applies: false, reason: expect.stringMatching(/in namespace default: only the workload's namespace \(foo\)/) }] });
  });

  it('35. a selector is an exact subset of the pod labels', () => {
    const sel = ap('v2-only', 'foo', 'selector:\n  matchLabels:\n    app: httpbin\n    version: v2\nrules: []');
    expect(decide([sel]).policies[0]).toMatchObject({ applies: false, reason: expect.stringMatching(/label version=v1 is not version=v2/) });
    expect(decide([sel], {}, { labels: { app: 'httpbin', version: 'v2', extra: 'x' } }).result).toBe('denied');
  });

  it('36. a sidecar ignores a policy with targetRefs; a Gateway API gateway takes the one naming its Gateway', () => {
    const gw = ap('gw', 'foo', 'targetRefs:\n- kind: Gateway\n  group: gateway.networking.k8s.io\n  name: my-gw\naction: DENY\nrules:\n- {}');
    expect(decide([gw]).policies[0]).toMatchObject({ applies: false, reason: expect.stringMatching(/a sidecar ignores such policies/) });
    expect(decide([gw], {}, { labels: { 'gateway.networking.k8s.io/gateway-name': 'my-gw' } })).toMatchObject({ result: 'denied', policies: [{ applies: true }] });
    expect(decide([gw], {}, { labels: { 'gateway.networking.k8s.io/gateway-name': 'other' } }).policies[0]?.applies).toBe(false);
  });
});

describe('trust domains (trustdomain/bundle.go)', () => {
  it('37. with trustDomainAliases, td1/ns/foo/sa/sleep also stands for the same account in the new trust domain', () => {
    const old = ap('old', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["td1/ns/foo/sa/sleep"]');
    const o = { trustDomain: 'td2', trustDomainAliases: ['td1'] };
    expect([verdict([old], { from: 'spiffe://td2/ns/foo/sa/sleep' }, o), verdict([old], { from: 'spiffe://td1/ns/foo/sa/sleep' }, o)]).toEqual(['allowed', 'allowed']);
    expect(verdict([old], { from: 'spiffe://td2/ns/foo/sa/sleep' })).toBe('denied'); // no alias: td1 is just another trust domain
  });

  it('38. "cluster.local" in a principal means this mesh\'s trust domain, whatever it is', () => {
    expect(verdict([ALLOW_SLEEP], { from: 'spiffe://example.com/ns/foo/sa/sleep' }, { trustDomain: 'example.com' })).toBe('allowed');
    expect(verdict([ALLOW_SLEEP], { from: 'spiffe://example.com/ns/foo/sa/sleep' })).toBe('denied');
  });
});

describe('PeerAuthentication first, then TCP chains', () => {
  it('39. plaintext to a STRICT workload is refused before any AuthorizationPolicy runs', () => {
    expect(decide([pa('foo', 'STRICT'), ap('allow-all', 'foo', 'rules:\n- {}')], { from: 'plaintext' })).toMatchObject({ result: 'refused', httpStatus: null, connection: { accepted: false } });
  });

  it('40. on a TCP port: a DENY with only HTTP fields denies everything; an ALLOW rule with one is dropped (model.go checkError)', () => {
    const deny = ap('deny-get', 'foo', 'action: DENY\nrules:\n- to:\n  - operation:\n      methods: ["GET"]');
    expect(verdict([deny], { method: 'POST' }, { portProtocol: 'tcp' })).toBe('denied');
    expect(verdict([deny], { method: 'POST' })).toBe('allowed');
    const allow = ap('allow-get', 'foo', 'rules:\n- to:\n  - operation:\n      methods: ["GET"]\n- to:\n  - operation:\n      ports: ["8000"]');
    const r = decide([allow], {}, { portProtocol: 'tcp' });
    expect(r).toMatchObject({ result: 'allowed', decision: { rule: 1 } });
    expect(decide([ap('only-get', 'foo', 'rules:\n- to:\n  - operation:\n      methods: ["GET"]')], {}, { portProtocol: 'tcp' }).policies[0]?.why).toMatch(/dropped: .*methods is HTTP only/);
  });
});
