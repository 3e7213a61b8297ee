/**
 * Prepared policy scenarios, as data (no imports with weight): a TUI screen shows the YAML, asks the learner to
 * predict, then runs it live with runPolicyScenario(id) from ./lab.js. Ids are fixed; lessons reference them.
 */
import type { PortProtocol } from './inbound-chains.js';
import type { EffectiveMode } from './types.js';

export const POLICY_SCENARIO_IDS = [
  'policy-namespace-strict',
  'policy-permissive-migration',
  'policy-workload-selector',
  'policy-wrong-namespace',
  'policy-port-override',
  'policy-unset-inheritance',
  'policy-root-selector-ignored',
  'policy-dr-disable-503',
  'policy-permissive-tls-passthrough',
] as const;
export type PolicyScenarioId = (typeof POLICY_SCENARIO_IDS)[number];

export interface PolicyScenario {
  id: PolicyScenarioId;
  title: string;
  /** The manifests the learner reads (multi-document YAML). */
  yaml: string;
  /** The workload whose inbound sidecar is asked about; `port` is the container port. */
  workload: { namespace: string; labels: Record<string, string>; port: number };
  /** How the Service declares the port (default auto: undeclared, sniffed). */
  portProtocol?: PortProtocol;
  /** Service host the client sidecar calls, when it matters (DestinationRule scenarios). */
  host?: string;
  client?: { namespace?: string; serviceAccount?: string };
  question: string;
  expected: {
    mode: EffectiveMode;
    plaintextAccepted: boolean;
    mtlsAccepted: boolean;
    /** What an app behind a client sidecar gets when it calls the service. */
    sidecarStatus: 200 | 503;
    /** What the sidecar does with TLS from a client outside the mesh (asked only when the scenario is about it). */
    nonMeshTls?: 'accepted' | 'rejected' | 'passed-through';
  };
  /** Why, in a few sentences, after the learner has answered. */
  explanation: string;
  /** Rules from the reference this scenario exercises (R1..R13 of section 2; ALPN: section 3). */
  rules: string[];
}

const QUESTION = 'Which mode does the sidecar enforce on this port, and does a plaintext request get in?';

export const POLICY_SCENARIOS: readonly PolicyScenario[] = [
  {
    id: 'policy-namespace-strict',
    title: 'STRICT for a whole namespace',
    yaml: `# The payments team locks down their namespace.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: payments
spec:
  mtls:
    mode: STRICT
`,
    workload: { namespace: 'payments', labels: { app: 'ledger', version: 'v3' }, port: 8080 },
    question: QUESTION,
    expected: { mode: 'STRICT', plaintextAccepted: false, mtlsAccepted: true, sidecarStatus: 200 },
    explanation:
      'A policy without a selector in an ordinary namespace is that namespace\'s policy, so every workload in payments is STRICT. ' +
      'Plaintext finds no filter chain and the connection is closed; callers with a sidecar still get through because auto mTLS sends them mTLS.',
    rules: ['R2', 'R3'],
  },
  {
    id: 'policy-permissive-migration',
    title: 'Migrating: the mesh is STRICT, one namespace still PERMISSIVE',
    yaml: `# Mesh-wide STRICT, in the root namespace.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
---
# The shop namespace still has callers without sidecars (a batch job, an old VM).
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
`,
    workload: { namespace: 'shop', labels: { app: 'cart' }, port: 8080 },
    question: QUESTION,
    expected: { mode: 'PERMISSIVE', plaintextAccepted: true, mtlsAccepted: true, sidecarStatus: 200 },
    explanation:
      'The namespace policy is narrower than the mesh policy, so it wins: cart is PERMISSIVE and accepts both. ' +
      'One port takes both because the sidecar looks at the first byte (0x16 starts a TLS handshake). ' +
      'Plaintext callers carry no identity, so AuthorizationPolicy principals cannot match them: switch to STRICT once they are gone.',
    rules: ['R2', 'R3'],
  },
  {
    id: 'policy-workload-selector',
    title: 'STRICT for one app by selector',
    yaml: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: finance
spec:
  mtls:
    mode: PERMISSIVE
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: billing-strict
  namespace: finance
spec:
  selector:
    matchLabels:
      app: billing
  mtls:
    mode: STRICT
`,
    workload: { namespace: 'finance', labels: { app: 'billing', version: 'v2', team: 'money' }, port: 8443 },
    question: QUESTION,
    expected: { mode: 'STRICT', plaintextAccepted: false, mtlsAccepted: true, sidecarStatus: 200 },
    explanation:
      'The selector {app: billing} is a subset of the pod\'s labels (extra labels do not matter), so billing-strict is the workload-level policy, ' +
      'and the workload level beats the namespace level. Other apps in finance stay PERMISSIVE.',
    rules: ['R3', 'R9'],
  },
  {
    id: 'policy-wrong-namespace',
    title: 'A policy in the wrong namespace',
    yaml: `# Applied with plain "kubectl apply -f", so it landed in namespace default.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: inventory-strict
  namespace: default
spec:
  selector:
    matchLabels:
      app: inventory
  mtls:
    mode: STRICT
`,
    workload: { namespace: 'warehouse', labels: { app: 'inventory' }, port: 8080 },
    question: QUESTION,
    expected: { mode: 'PERMISSIVE', plaintextAccepted: true, mtlsAccepted: true, sidecarStatus: 200 },
    explanation:
      'A selector only matches workloads in the policy\'s own namespace. The inventory pods run in warehouse, and Istio only looks in ' +
      'warehouse and the root namespace, so the policy does nothing for them: they keep the default, PERMISSIVE. Nothing warns you.',
    rules: ['R8', 'R1'],
  },
  {
    id: 'policy-port-override',
    title: 'STRICT, except the metrics port',
    yaml: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: catalog
  namespace: store
spec:
  selector:
    matchLabels:
      app: catalog
  mtls:
    mode: STRICT
  portLevelMtls:
    # Container port, not the Service port: Prometheus without a sidecar scrapes it.
    9090:
      mode: PERMISSIVE
`,
    workload: { namespace: 'store', labels: { app: 'catalog' }, port: 9090 },
    question: 'Which mode applies on container port 9090, and does a plaintext scrape get in?',
    expected: { mode: 'PERMISSIVE', plaintextAccepted: true, mtlsAccepted: true, sidecarStatus: 200 },
    explanation:
      'Port-level settings come from the selected workload-level policy and are keyed by the container (target) port. ' +
      'Port 9090 is PERMISSIVE, so the scraper gets in; every other port of catalog stays STRICT. ' +
      'The same portLevelMtls on a policy without a selector would be refused: "portLevelMtls requires selector".',
    rules: ['R10', 'R11'],
  },
  {
    id: 'policy-unset-inheritance',
    title: 'UNSET inherits, it does not relax',
    yaml: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: analytics
spec:
  mtls:
    mode: UNSET
---
# Someone hoped an empty policy would switch mTLS off for the report job.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reports
  namespace: analytics
spec:
  selector:
    matchLabels:
      app: reports
`,
    workload: { namespace: 'analytics', labels: { app: 'reports' }, port: 8080 },
    question: QUESTION,
    expected: { mode: 'STRICT', plaintextAccepted: false, mtlsAccepted: true, sidecarStatus: 200 },
    explanation:
      'UNSET, or no mtls block at all, means "inherit from the parent". The workload policy inherits the namespace policy, ' +
      'which inherits the mesh policy, which is STRICT. To switch mTLS off you must write DISABLE.',
    rules: ['R4', 'R3'],
  },
  {
    id: 'policy-root-selector-ignored',
    title: 'A selector policy in the root namespace',
    yaml: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: PERMISSIVE
---
# Meant as "frontend is STRICT, wherever it runs".
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: frontend-strict
  namespace: istio-system
spec:
  selector:
    matchLabels:
      app: frontend
  mtls:
    mode: STRICT
`,
    workload: { namespace: 'web', labels: { app: 'frontend' }, port: 8080 },
    question: QUESTION,
    expected: { mode: 'PERMISSIVE', plaintextAccepted: true, mtlsAccepted: true, sidecarStatus: 200 },
    explanation:
      'Istio ignores PeerAuthentications with a selector in the root namespace, for every workload (even ones in istio-system). ' +
      'Only the mesh-wide default applies here, so frontend is PERMISSIVE. Part of the reference docs says such a selector matches in all namespaces; ' +
      'that holds for AuthorizationPolicy and RequestAuthentication, not for PeerAuthentication.',
    rules: ['R7', 'R2'],
  },
  {
    id: 'policy-dr-disable-503',
    title: 'DestinationRule DISABLE toward a STRICT service: the 503',
    yaml: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: orders
spec:
  mtls:
    mode: STRICT
---
# Copied from an old guide to tune connection pooling; its tls block turns mTLS off.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: orders-api
  namespace: orders
spec:
  host: orders-api.orders.svc.cluster.local
  trafficPolicy:
    connectionPool:
      http:
        http1MaxPendingRequests: 100
    tls:
      mode: DISABLE
`,
    workload: { namespace: 'orders', labels: { app: 'orders-api' }, port: 8080 },
    host: 'orders-api.orders.svc.cluster.local',
    client: { namespace: 'orders', serviceAccount: 'checkout' },
    question: 'The server is STRICT. What does a caller with a sidecar get, and does plaintext get in?',
    expected: { mode: 'STRICT', plaintextAccepted: false, mtlsAccepted: true, sidecarStatus: 503 },
    explanation:
      'An explicit tls block in a DestinationRule overrides auto mTLS: DISABLE makes the client sidecar send plaintext. ' +
      'The STRICT server closes it, and the calling app gets 503 "upstream connect error or disconnect/reset before headers" from its own sidecar. ' +
      'Fix: drop the tls block (auto mTLS) or set ISTIO_MUTUAL.',
    rules: ['R3'],
  },
  {
    id: 'policy-permissive-tls-passthrough',
    title: 'TLS from outside the mesh to a PERMISSIVE port',
    yaml: `# The reports namespace is migrating: PERMISSIVE, so old callers keep working.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: reports
spec:
  mtls:
    mode: PERMISSIVE
# A nightly job without a sidecar calls https://render.reports:8443 with curl.
# The Service names port 8443 "web": no protocol is declared, so Istio sniffs it.
`,
    workload: { namespace: 'reports', labels: { app: 'render' }, port: 8443 },
    portProtocol: 'auto',
    question: 'A client without a sidecar opens TLS (curl https://) to this PERMISSIVE port. Does the sidecar terminate it, pass it through to the app, or close it?',
    expected: { mode: 'PERMISSIVE', plaintextAccepted: true, mtlsAccepted: true, sidecarStatus: 200, nonMeshTls: 'passed-through' },
    explanation:
      'PERMISSIVE does not mean "any TLS is mTLS". The sidecar reads the ALPN values in the ClientHello: only Istio\'s own ' +
      '(istio, istio-peer-exchange, istio-http/1.0, istio-http/1.1, istio-h2) pick the mTLS chains. curl offers h2 and http/1.1, so on an ' +
      'undeclared (or TCP) port the TLS passthrough chain hands the bytes to the app unchanged: the app must speak TLS itself, and it sees no mesh identity. ' +
      'Here the app speaks plain HTTP, so it answers the ClientHello with a 400 and curl fails with "wrong version number" (exit 35). ' +
      'On a port declared HTTP there is no passthrough chain: the connection is simply closed. Under STRICT the sidecar would terminate it and demand a client certificate.',
    rules: ['ALPN'],
  },
];

export function isPolicyScenarioId(id: string): id is PolicyScenarioId {
  return (POLICY_SCENARIO_IDS as readonly string[]).includes(id);
}

/** The scenario with this id; throws an Error naming the known ids otherwise. */
export function getPolicyScenario(id: string): PolicyScenario {
  const scenario = POLICY_SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`unknown policy scenario '${id}'. Known: ${POLICY_SCENARIO_IDS.join(', ')}`);
  return scenario;
}

export function listPolicyScenarios(): { id: PolicyScenarioId; title: string; question: string }[] {
  return POLICY_SCENARIOS.map(({ id, title, question }) => ({ id, title, question }));
}
