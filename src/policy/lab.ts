/**
 * `policy lab`: resolve the mode for a workload, enforce it on a real listener, and probe it with a plaintext
 * client, an mTLS client with a workload certificate, a TLS client without one, and the client sidecar as the
 * DestinationRule (or auto mTLS) configures it. Also runs the prepared scenarios.
 */
import { createCa, issueServerCert, issueWorkloadCert, spiffeId } from '../lab/pki.js';
import { NON_MESH_HTTPS_ALPN, SIDECAR_HTTP11_ALPN, type PortProtocol } from './inbound-chains.js';
import { chooseDestinationRule, defaultHost, planClientSidecar, toFqdn, UPSTREAM_503, type SidecarPlan } from './client.js';
import { assertRbac } from './ambient/rbac.js';
import { enforceAmbient } from './live/enforce-ambient.js';
import { enforceAndProbe } from './live/enforce.js';
import type { MeshCerts, ProbeResult, ProbeSpec } from './live/types.js';
import { explainSet, type Dataplane, type ExplainReport } from './explain.js';
import { loadPolicies, type PolicyFile } from './parse.js';
import { DEFAULT_ROOT_NAMESPACE } from './resolve.js';
import type { PolicyScenario } from './scenarios.js';
import type { PolicySet, Workload, WorkloadObject } from './types.js';

export interface PolicyLabInput {
  workload: Workload;
  /** sidecar (default) or ambient: then a stand-in ztunnel enforces what istiod sends (plaintext port and HBONE). */
  dataplane?: Dataplane;
  /** How the workload port is declared (default auto: undeclared, sniffed). */
  portProtocol?: PortProtocol;
  rootNamespace?: string;
  /** Service host the client calls; default `<app label>.<namespace>.svc.cluster.local`. */
  host?: string;
  /** The calling workload; default the server's namespace and service account "sleep". */
  client?: { namespace?: string; serviceAccount?: string };
  probeTimeoutMs?: number;
  /** The Pod or controller the workload was read from (--workload): its service account names the server. */
  workloadObject?: WorkloadObject;
  /** Called on every listener event (tests hold the loop busy here to make a timeout certain). */
  onEvent?: (event: string) => void;
}

export interface SidecarReport extends SidecarPlan {
  host: string;
  destinationRule: string | null;
  skippedRules: { rule: string; reason: string }[];
  probe: ProbeResult;
  /** What the calling app receives from its own sidecar: 200, Envoy's 503 when the upstream failed, or null with no verdict. */
  appStatus: 200 | 503 | null;
  appMessage: string;
}

export interface PolicyLabReport extends ExplainReport {
  scenario: string | null;
  listener: { address: string; port: number };
  server: { identity: string };
  client: { namespace: string; serviceAccount: string; identity: string };
  /** plaintext, mTLS with a workload certificate, TLS without a certificate, a non-mesh TLS client: in that order. */
  probes: ProbeResult[];
  sidecar: SidecarReport;
  /** True when every live result matched what the resolved mode predicts. */
  passed: boolean;
}

const PROBES: ProbeSpec[] = [
  { id: 'plaintext', label: 'plaintext client (no sidecar)', sends: 'plaintext' },
  { id: 'mtls', label: 'mTLS client with a workload certificate (Istio ALPN, as a sidecar sends)', sends: 'mtls', alpn: SIDECAR_HTTP11_ALPN },
  { id: 'tls-no-cert', label: 'TLS client without a certificate (Istio ALPN)', sends: 'tls', alpn: SIDECAR_HTTP11_ALPN },
  { id: 'tls-non-mesh', label: `non-mesh TLS client (no certificate, ALPN ${NON_MESH_HTTPS_ALPN.join(', ')}, like curl https://)`, sends: 'tls', alpn: NON_MESH_HTTPS_ALPN },
];

export async function runPolicyLab(files: readonly PolicyFile[], input: PolicyLabInput): Promise<PolicyLabReport> {
  return runPolicyLabOnSet(loadPolicies(files, { defaultNamespace: input.workload.namespace }), input);
}

export async function runPolicyLabOnSet(set: PolicySet, input: PolicyLabInput, scenario: string | null = null): Promise<PolicyLabReport> {
  const { workload } = input;
  const rootNamespace = input.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const portProtocol = input.portProtocol ?? 'auto';
  const dataplane = input.dataplane ?? 'sidecar';
  const explained = explainSet(set, workload, { rootNamespace, portProtocol, dataplane, ...(input.workloadObject ? { workloadObject: input.workloadObject } : {}) });

  const clientNs = input.client?.namespace ?? workload.namespace;
  const clientSa = input.client?.serviceAccount ?? 'sleep';
  const serverSa = input.workloadObject?.serviceAccount ?? workload.labels.app ?? 'default';
  const host = input.host ? toFqdn(input.host, workload.namespace) : defaultHost(workload.namespace, workload.labels);
  const choice = chooseDestinationRule(set.destinationRules, host, clientNs, workload.namespace, rootNamespace);
  const plan = planClientSidecar(choice.rule, explained.mode);

  const certs = await meshCerts(workload.namespace, serverSa, clientNs, clientSa);
  if (explained.ambient) return runAmbientLab(explained, explained.ambient, input, certs, host, scenario, clientNs, clientSa);
  const sidecarProbe: ProbeSpec = { id: 'sidecar', label: `client sidecar (${plan.tlsMode})`, sends: plan.sends, alpn: plan.alpn, viaSidecar: true };
  const live = await enforceAndProbe({
    mode: explained.mode,
    portProtocol,
    certs,
    probes: [...PROBES, sidecarProbe],
    ...(input.probeTimeoutMs !== undefined ? { probeTimeoutMs: input.probeTimeoutMs } : {}),
    ...(input.onEvent ? { onEvent: input.onEvent } : {}),
  });
  const probes = live.probes.slice(0, PROBES.length);
  const probe = live.probes[PROBES.length]!;
  const sidecar: SidecarReport = {
    ...plan,
    host,
    destinationRule: choice.rule?.ref ?? null,
    skippedRules: choice.skipped,
    probe,
    ...appSees(probe, plan.sends, certs.clientIdentity, explained.mode),
  };
  return {
    ...explained,
    scenario,
    listener: live.listener,
    server: { identity: certs.serverIdentity },
    client: { namespace: clientNs, serviceAccount: clientSa, identity: certs.clientIdentity },
    probes,
    sidecar,
    passed: live.probes.every((p) => p.asExpected),
  };
}

/** The ambient live run: ztunnel enforces the policies istiod sends; a meshed caller's ztunnel always sends HBONE. */
async function runAmbientLab(
  explained: ExplainReport,
  ambient: NonNullable<ExplainReport['ambient']>,
  input: PolicyLabInput,
  certs: MeshCerts,
  host: string,
  scenario: string | null,
  clientNs: string,
  clientSa: string,
): Promise<PolicyLabReport> {
  const live = await enforceAmbient({
    certs,
    podPort: input.workload.port ?? 8080,
    expectPlaintext: explained.plaintextAccepted ? 'accepted' : 'rejected',
    authorize: (conn) => {
      const d = assertRbac(ambient.policies, conn);
      return { allowed: d.allowed, decidedBy: d.deniedBy, why: d.allowed ? 'no DENY policy matches' : `DENY ${d.deniedBy} matches` };
    },
    ...(input.probeTimeoutMs !== undefined ? { probeTimeoutMs: input.probeTimeoutMs } : {}),
    ...(input.onEvent ? { onEvent: input.onEvent } : {}),
  });
  const hbone = live.probes[1]!;
  const sidecar: SidecarReport = {
    tlsMode: 'AUTO',
    sends: 'mtls',
    alpn: ['h2'],
    why: 'In ambient the caller\'s ztunnel always sends HBONE (mTLS to port 15008, then an HTTP/2 CONNECT); DestinationRule TLS settings do not apply to ztunnel.',
    host,
    destinationRule: null,
    skippedRules: [],
    probe: hbone,
    ...appSees(hbone, 'HBONE', certs.clientIdentity, explained.mode, 'ztunnel'),
  };
  return {
    ...explained,
    scenario,
    listener: { address: live.listener.address, port: live.listener.port },
    server: { identity: certs.serverIdentity },
    client: { namespace: clientNs, serviceAccount: clientSa, identity: certs.clientIdentity },
    probes: live.probes,
    sidecar,
    passed: live.probes.every((p) => p.asExpected),
  };
}

/** What the app behind the client sidecar gets; nothing is claimed when the probe had no verdict. */
function appSees(probe: ProbeResult, sends: string, clientIdentity: string, mode: string, server = 'sidecar'): Pick<SidecarReport, 'appStatus' | 'appMessage'> {
  if (probe.outcome === 'accepted') {
    return { appStatus: 200, appMessage: `200 OK: the server ${server} accepted ${sends === 'mtls' ? `mTLS from ${clientIdentity}` : sends === 'HBONE' ? `HBONE from ${clientIdentity}` : sends}.` };
  }
  if (probe.outcome === 'rejected') {
    return {
      appStatus: 503,
      appMessage: `503 ${UPSTREAM_503} — the client sidecar's ${sends} connection was refused by the ${mode} server, so the app gets a 503 from its own sidecar.`,
    };
  }
  if (probe.outcome === 'passed-through') {
    return {
      appStatus: 503,
      appMessage: `503 ${UPSTREAM_503} — the ${mode} server sidecar did not terminate the client sidecar's TLS (no Istio ALPN) and passed it to an app that speaks plain HTTP, so the handshake failed and the app gets a 503 from its own sidecar.`,
    };
  }
  return { appStatus: null, appMessage: `no verdict: ${probe.reason}` };
}

/** Runs a prepared scenario; the same report shape as `policy lab`. */
export async function runPolicyScenario(scenario: PolicyScenario, options: Pick<PolicyLabInput, 'probeTimeoutMs' | 'onEvent'> = {}): Promise<PolicyLabReport> {
  const set = loadPolicies([{ path: `${scenario.id}.yaml`, text: scenario.manifests }], { defaultNamespace: scenario.workload.namespace });
  return runPolicyLabOnSet(
    set,
    {
      workload: scenario.workload,
      ...(scenario.portProtocol ? { portProtocol: scenario.portProtocol } : {}),
      ...(scenario.host ? { host: scenario.host } : {}),
      ...(scenario.client ? { client: scenario.client } : {}),
      ...(options.probeTimeoutMs !== undefined ? { probeTimeoutMs: options.probeTimeoutMs } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    },
    scenario.id,
  );
}

async function meshCerts(serverNs: string, serverSa: string, clientNs: string, clientSa: string): Promise<MeshCerts> {
  const ca = await createCa('cluster.local mesh root (mtls-tutor policy lab)');
  const serverIdentity = spiffeId(serverNs, serverSa);
  const clientIdentity = spiffeId(clientNs, clientSa);
  // Istio workload certs carry the SPIFFE ID and serve both directions; localhost/127.0.0.1 let Node verify it here.
  const [server, client] = await Promise.all([
    issueServerCert(ca, { uris: [serverIdentity], usage: ['serverAuth', 'clientAuth'] }),
    issueWorkloadCert(ca, clientIdentity),
  ]);
  return { root: ca.cert, server, serverIdentity, client, clientIdentity };
}
