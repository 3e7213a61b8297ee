/**
 * Prepared AuthorizationPolicy scenarios for lesson 7, as data (no imports with weight): the learner reads the
 * manifests, predicts whether the request gets through, then runs it live with runAuthzScenario(id).
 */

export const AUTHZ_SCENARIO_IDS = [
  'authz-allow-one-service-account',
  'authz-deny-namespace',
  'authz-plaintext-gap',
  'authz-wrong-namespace',
  'authz-spiffe-prefix',
] as const;
export type AuthzScenarioId = (typeof AUTHZ_SCENARIO_IDS)[number];

export interface AuthzScenario {
  id: AuthzScenarioId;
  title: string;
  yaml: string;
  workload: { namespace: string; labels: Record<string, string>; port: number };
  /** The one request the learner predicts. */
  request: { from: string; method: string; path: string };
  question: string;
  expected: { result: 'allowed' | 'denied' | 'refused' };
  explanation: string;
  rules: string[];
}

const QUESTION = 'Does this request get through, or is it denied with 403?';

export const AUTHZ_SCENARIOS: readonly AuthzScenario[] = [
  {
    id: 'authz-allow-one-service-account',
    title: 'Allow one service account',
    yaml: `# Only checkout may call payments.
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: payments-callers
  namespace: shop
spec:
  selector:
    matchLabels:
      app: payments
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/checkout"]
    to:
    - operation:
        methods: ["POST"]
        paths: ["/charge"]
`,
    workload: { namespace: 'shop', labels: { app: 'payments' }, port: 8080 },
    request: { from: 'spiffe://cluster.local/ns/shop/sa/cart', method: 'POST', path: '/charge' },
    question: QUESTION,
    expected: { result: 'denied' },
    explanation:
      'An ALLOW policy turns the workload into allow-list mode: once one applies, a request that matches none of its rules is denied. ' +
      'The cart service account is in the same namespace, but the rule names only checkout, so the sidecar answers 403 "RBAC: access denied". ' +
      'checkout itself, with POST /charge, would get through.',
    rules: ['ALLOW', 'principals'],
  },
  {
    id: 'authz-deny-namespace',
    title: 'Deny a whole namespace',
    yaml: `# Nothing from the sandbox namespace may reach orders.
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: no-sandbox
  namespace: shop
spec:
  selector:
    matchLabels:
      app: orders
  action: DENY
  rules:
  - from:
    - source:
        namespaces: ["sandbox"]
`,
    workload: { namespace: 'shop', labels: { app: 'orders' }, port: 8080 },
    request: { from: 'spiffe://cluster.local/ns/sandbox/sa/test-runner', method: 'GET', path: '/orders' },
    question: QUESTION,
    expected: { result: 'denied' },
    explanation:
      'namespaces is matched against the /ns/ part of the caller\'s SPIFFE ID, which the sidecar reads from the verified client certificate. ' +
      'test-runner runs in sandbox, so the DENY rule matches and the request gets 403. Callers from any other namespace are not affected: ' +
      'with no ALLOW policy, everything not denied is allowed.',
    rules: ['DENY', 'namespaces'],
  },
  {
    id: 'authz-plaintext-gap',
    title: 'The plaintext gap under PERMISSIVE',
    yaml: `# The namespace is still PERMISSIVE while old callers migrate.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: no-sandbox
  namespace: shop
spec:
  selector:
    matchLabels:
      app: orders
  action: DENY
  rules:
  - from:
    - source:
        namespaces: ["sandbox"]
# A pod in sandbox without a sidecar calls orders over plain HTTP.
`,
    workload: { namespace: 'shop', labels: { app: 'orders' }, port: 8080 },
    request: { from: 'plaintext', method: 'GET', path: '/orders' },
    question: 'A pod in sandbox with no sidecar sends plain HTTP. Does the DENY stop it?',
    expected: { result: 'allowed' },
    explanation:
      'Plaintext carries no certificate, so the sidecar knows no principal and no namespace for it. A rule on namespaces can never match it, ' +
      'so the DENY does not fire, and with no ALLOW policy the request gets through. PERMISSIVE lets it in at all. ' +
      'To close the gap: make the namespace STRICT, or add a DENY rule with notPrincipals: ["*"] (deny anything without a peer identity).',
    rules: ['DENY', 'namespaces', 'PERMISSIVE'],
  },
  {
    id: 'authz-wrong-namespace',
    title: 'A policy in the wrong namespace',
    yaml: `# Meant to lock down inventory. Applied without -n, so it landed in default.
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: inventory-allow-nothing
  namespace: default
spec:
  selector:
    matchLabels:
      app: inventory
`,
    workload: { namespace: 'warehouse', labels: { app: 'inventory' }, port: 8080 },
    request: { from: 'spiffe://cluster.local/ns/warehouse/sa/picker', method: 'GET', path: '/stock' },
    question: QUESTION,
    expected: { result: 'allowed' },
    explanation:
      'An ALLOW policy with no rules allows nothing, but only for the workloads it applies to. The proxy looks only at policies in its own ' +
      'namespace (warehouse) and in the root namespace (istio-system); this one is in default, so it does nothing for inventory, whose labels it ' +
      'still matches. No policy applies, so the request is allowed, and nothing warns you.',
    rules: ['selection', 'namespace'],
  },
  {
    id: 'authz-spiffe-prefix',
    title: 'principals written with spiffe://',
    yaml: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: reports-reader
  namespace: analytics
spec:
  selector:
    matchLabels:
      app: reports
  rules:
  - from:
    - source:
        # Copied from the certificate's URI SAN.
        principals: ["spiffe://cluster.local/ns/analytics/sa/dashboard"]
`,
    workload: { namespace: 'analytics', labels: { app: 'reports' }, port: 8080 },
    request: { from: 'spiffe://cluster.local/ns/analytics/sa/dashboard', method: 'GET', path: '/reports/daily' },
    question: 'The caller is exactly the identity the policy names. Does it get through?',
    expected: { result: 'denied' },
    explanation:
      'Istio writes principals without the scheme and puts "spiffe://" in front itself when it builds the Envoy matcher. A value that already ' +
      'starts with spiffe:// becomes spiffe://spiffe://cluster.local/..., which no certificate carries. The policy is admitted without a word, ' +
      'matches nobody, and as the only ALLOW policy it denies everyone, the named caller included. Write cluster.local/ns/analytics/sa/dashboard.',
    rules: ['ALLOW', 'principals', 'spiffe'],
  },
];

export function isAuthzScenarioId(id: string): id is AuthzScenarioId {
  return (AUTHZ_SCENARIO_IDS as readonly string[]).includes(id);
}

export function getAuthzScenario(id: string): AuthzScenario {
  const scenario = AUTHZ_SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`unknown AuthorizationPolicy scenario '${id}'. Known: ${AUTHZ_SCENARIO_IDS.join(', ')}`);
  return scenario;
}
