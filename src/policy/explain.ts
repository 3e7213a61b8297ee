import { inboundPath, NON_MESH_HTTPS_ALPN, SIDECAR_HTTP11_ALPN, verdictOf, type InboundResult, type InboundVerdict, type PortProtocol } from './inbound-chains.js';
import { explainAmbient, type AmbientReport } from './ambient/explain.js';
import { loadPolicies, type PolicyFile } from './parse.js';
import { resolve, DEFAULT_ROOT_NAMESPACE } from './resolve.js';
import type { PolicySet, Rejection, Resolution, Skipped, Workload, WorkloadObject } from './types.js';

/** The `policy explain --json` shape: the resolution plus what admission refused and every warning. */
export interface ExplainReport extends Resolution {
  workload: { namespace: string; labels: Record<string, string>; port: number | null };
  rootNamespace: string;
  rejected: Rejection[];
  /** Every document (or file) that could not be read or was refused: the verdict is without them. */
  skipped: Skipped[];
  /** How the port is declared: http, tcp, or auto (undeclared, sniffed). */
  portProtocol: PortProtocol;
  /** What the sidecar's filter chains do with each kind of client on this port. */
  inbound: InboundRow[];
  /** The data plane resolved for: sidecar (Envoy per pod) or ambient (ztunnel per node). */
  dataplane: Dataplane;
  /** What ztunnel enforces, with the rules that differ from a sidecar; null for the sidecar data plane. */
  ambient: AmbientReport | null;
  /** The Pod or controller the workload was read from (--workload), or null when given by flags. */
  workloadSource: { kind: string; name: string; namespace: string; serviceAccount: string; file: string; line: number } | null;
}

/** One kind of client and what the inbound sidecar does with it. */
export interface InboundRow {
  client: 'plaintext' | 'sidecar-mtls' | 'tls-no-cert' | 'non-mesh-tls';
  label: string;
  alpn: string[];
  /** The filter chain that takes it, or null (no chain: closed). */
  chain: string | null;
  result: InboundResult;
  verdict: InboundVerdict;
  why: string;
}

const CLIENTS: { client: InboundRow['client']; label: string; tls: boolean; clientCert: boolean; alpn: string[] }[] = [
  { client: 'plaintext', label: 'plaintext HTTP (no sidecar)', tls: false, clientCert: false, alpn: [] },
  { client: 'sidecar-mtls', label: 'a sidecar\'s mTLS (Istio ALPN, mesh certificate)', tls: true, clientCert: true, alpn: SIDECAR_HTTP11_ALPN },
  { client: 'tls-no-cert', label: 'TLS with Istio ALPN but no certificate', tls: true, clientCert: false, alpn: SIDECAR_HTTP11_ALPN },
  { client: 'non-mesh-tls', label: 'TLS from a non-mesh client (curl https://)', tls: true, clientCert: false, alpn: NON_MESH_HTTPS_ALPN },
];

/** What the inbound sidecar does with each kind of client, for the resolved mode and the port's protocol. */
export function inboundTable(mode: Resolution['mode'], portProtocol: PortProtocol): InboundRow[] {
  return CLIENTS.map(({ client, label, tls, clientCert, alpn }) => {
    const path = inboundPath(mode, portProtocol, { tls, clientCert, alpn, http: true });
    return { client, label, alpn, chain: path.chain?.name ?? null, result: path.result, verdict: verdictOf(path.result), why: path.why };
  });
}

export const DATAPLANES = ['sidecar', 'ambient'] as const;
export type Dataplane = (typeof DATAPLANES)[number];

export interface ExplainOptions {
  /** Default sidecar. */
  dataplane?: Dataplane;
  rootNamespace?: string;
  /** How the workload port is declared (default auto). */
  portProtocol?: PortProtocol;
  /** The object the workload was read from, when the user named one. */
  workloadObject?: WorkloadObject;
}

export function workloadSourceOf(w: WorkloadObject | undefined): ExplainReport['workloadSource'] {
  return w ? { kind: w.kind, name: w.name, namespace: w.namespace, serviceAccount: w.serviceAccount, file: w.source.file, line: w.source.line } : null;
}

export function explainSet(set: PolicySet, workload: Workload, options: ExplainOptions = {}): ExplainReport {
  const rootNamespace = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const sidecar = resolve(set.peerAuthentications, workload, { rootNamespace });
  const dataplane = options.dataplane ?? 'sidecar';
  const amb = dataplane === 'ambient' ? explainAmbient(set.peerAuthentications, workload, rootNamespace, sidecar) : null;
  const resolution = amb ? { ...amb.resolution, warnings: sidecar.warnings } : sidecar;
  return {
    mode: resolution.mode,
    plaintextAccepted: resolution.plaintextAccepted,
    mtlsAccepted: resolution.mtlsAccepted,
    decidedBy: resolution.decidedBy,
    rejected: set.rejected,
    warnings: [...set.warnings, ...resolution.warnings],
    decidingLevel: resolution.decidingLevel,
    workloadMode: resolution.workloadMode,
    considered: resolution.considered,
    explanation: resolution.explanation,
    workload: { namespace: workload.namespace, labels: workload.labels, port: workload.port ?? null },
    rootNamespace,
    portProtocol: options.portProtocol ?? 'auto',
    inbound: amb ? amb.inbound : inboundTable(resolution.mode, options.portProtocol ?? 'auto'),
    dataplane,
    ambient: amb ? amb.ambient : null,
    skipped: set.skipped,
    workloadSource: workloadSourceOf(options.workloadObject),
  };
}

/** Parses, validates and resolves in one go. Documents without a namespace land in the workload's namespace. */
export function explainPolicies(files: readonly PolicyFile[], workload: Workload, options: ExplainOptions = {}): ExplainReport {
  return explainSet(loadPolicies(files, { defaultNamespace: workload.namespace }), workload, options);
}
