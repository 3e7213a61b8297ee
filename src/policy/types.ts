/** Shared shapes of the policy lab: parsed documents, refusals, the workload asked about, the resolution. */
import type { AuthorizationPolicy } from './authz/types.js';

export const PEER_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;
export type PeerMode = (typeof PEER_MODES)[number];
/** What a sidecar finally enforces: UNSET never survives resolution. */
export type EffectiveMode = Exclude<PeerMode, 'UNSET'>;

export const CLIENT_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;
export type ClientTlsMode = (typeof CLIENT_TLS_MODES)[number];

/** Where a document (or one of its fields) was written. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** A PeerAuthentication that passed admission. */
export interface PeerAuthentication {
  kind: 'PeerAuthentication';
  name: string;
  namespace: string;
  /** "namespace/name", the way every message names a policy. */
  ref: string;
  /** Seconds since the epoch (Kubernetes stores whole seconds); undefined when the document has none. */
  createdAt: number | undefined;
  /** matchLabels; null when there is no selector or it has no labels (both mean mesh/namespace level). */
  selector: Record<string, string> | null;
  /** spec.selector is written (even `{}`): ambient's istiod tells `selector: {}` from no selector. */
  hasSelectorField?: boolean;
  /** spec.mtls.mode; undefined when there is no mtls block or no mode (same as UNSET). */
  mode: PeerMode | undefined;
  /** spec.portLevelMtls keyed by workload (container) port; an undefined mode is `{}` (inherits). */
  portLevelMtls: Record<number, PeerMode | undefined>;
  source: SourceLocation;
}

/** A DestinationRule that passed admission; only what decides the client sidecar's TLS is kept. */
export interface DestinationRule {
  kind: 'DestinationRule';
  name: string;
  namespace: string;
  ref: string;
  createdAt: number | undefined;
  /** spec.host as written (short name, FQDN or wildcard). */
  host: string;
  /** spec.trafficPolicy.tls.mode; undefined when the rule has no tls block (auto mTLS stays in charge). */
  tlsMode: ClientTlsMode | undefined;
  source: SourceLocation;
}

/** A document refused at admission: it takes no part in resolution. */
export interface Rejection {
  /** "namespace/name" when known; otherwise "file (document N)" or "file (document N, items[I])". */
  policy: string;
  field: string;
  reason: string;
  file: string;
  line: number;
}

/** One document (or a whole file) that took no part because it could not be read or was refused at admission. */
export interface Skipped {
  file: string;
  /** "document 2", "document 1, items[3]" (an item of a List), or "(whole file)" when the file itself could not be read. */
  document: string;
  reason: string;
}

/** A Pod, or a controller's pod template (Deployment, StatefulSet...), read from the input to name a workload. */
export interface WorkloadObject {
  kind: string;
  name: string;
  namespace: string;
  /** The pod's labels: metadata.labels of a Pod, spec.template.metadata.labels of a controller. */
  labels: Record<string, string>;
  /** spec.serviceAccountName of the pod (default "default"): the SA in its SPIFFE ID. */
  serviceAccount: string;
  source: SourceLocation;
}

/** A Namespace object from the input: its labels (istio.io/dataplane-mode...) matter. */
export interface NamespaceObject {
  name: string;
  labels: Record<string, string>;
  source: SourceLocation;
}

export interface PolicySet {
  peerAuthentications: PeerAuthentication[];
  destinationRules: DestinationRule[];
  authorizationPolicies: AuthorizationPolicy[];
  /** Pods and workload controllers found in the input (not policies: used to name the workload). */
  workloads: WorkloadObject[];
  namespaces: NamespaceObject[];
  rejected: Rejection[];
  /** One entry per document that could not be read or was refused (the rejections, grouped by document). */
  skipped: Skipped[];
  warnings: string[];
}

/** The workload whose inbound sidecar we resolve for. */
export interface Workload {
  namespace: string;
  labels: Record<string, string>;
  /** The workload (container / target) port, not the Service port. */
  port?: number | undefined;
}

export type Level = 'mesh' | 'namespace' | 'workload';

/** Why one policy was chosen or lost. */
export interface Consideration {
  policy: string;
  outcome: 'chosen' | 'lost';
  /** The level it competed at, or null when it never became a candidate. */
  level: Level | null;
  reason: string;
}

export interface Resolution {
  mode: EffectiveMode;
  plaintextAccepted: boolean;
  mtlsAccepted: boolean;
  decidedBy: { mesh: string | null; namespace: string | null; workload: string | null; port: number | null };
  /** Which step set the final mode: the built-in default, a level, or a port-level entry. */
  decidingLevel: 'default' | Level | 'port';
  /** The mode before port-level settings (step 6 of the reference). */
  workloadMode: EffectiveMode;
  considered: Consideration[];
  /** A few sentences, in order, that explain the decision to a learner. */
  explanation: string[];
  warnings: string[];
}
