/**
 * The ambient half of `policy explain`: the report's relied-on fields filled from what ztunnel enforces, the
 * ztunnel details, and the rules that differ from a sidecar for this workload, in words. Pure.
 */
import type { InboundRow } from '../explain.js';
import type { Resolution } from '../types.js';
import type { PeerAuthentication, Workload } from '../types.js';
import { AMBIENT_MODEL, resolveAmbient, type AmbientResolution } from './resolve.js';

export interface AmbientReport extends AmbientResolution {
  model: string;
  /** The rules that differ from a sidecar, as they bear on this workload. */
  differsFromSidecar: string[];
}

export interface AmbientExplain {
  resolution: Omit<Resolution, 'warnings'>;
  inbound: InboundRow[];
  ambient: AmbientReport;
}

export function explainAmbient(policies: readonly PeerAuthentication[], workload: Workload, rootNamespace: string, sidecar: Resolution): AmbientExplain {
  const r = resolveAmbient(policies, workload, rootNamespace);
  const plaintextAccepted = r.plaintext.allowed;
  const mode = plaintextAccepted ? 'PERMISSIVE' : 'STRICT';
  const differs: string[] = [
    'ztunnel takes HBONE (mTLS carried as an HTTP/2 CONNECT to port 15008) from any mesh peer: in ambient, PeerAuthentication only decides whether plaintext (no peer identity) may reach the pod port.',
    'There are no filter chains or ALPN in ztunnel: TLS from a client outside the mesh is just bytes without a peer identity, judged like plaintext.',
  ];
  const chosen = [r.chosen.mesh, r.chosen.namespace, r.chosen.workload].filter((x): x is string => x !== null);
  const byRef = new Map(policies.map((p) => [p.ref, p]));
  const disabled = chosen.filter((ref) => byRef.get(ref)?.mode === 'DISABLE' || Object.values(byRef.get(ref)?.portLevelMtls ?? {}).includes('DISABLE'));
  if (disabled.length) differs.push(`DISABLE is not supported in ambient: ${disabled.join(', ')} counts as "not STRICT", so plaintext gets in and so does HBONE (a sidecar under DISABLE refuses mTLS).`);
  for (const c of r.considered) if (/not fetched in ambient/.test(c.reason)) differs.push(`${c.policy}: ${c.reason} (a sidecar reads a root-namespace policy with \`selector: {}\` as the mesh-wide policy).`);
  if (r.chosen.workload && Object.keys(byRef.get(r.chosen.workload)?.portLevelMtls ?? {}).length) {
    differs.push('Port-level settings become ztunnel DENY rules on destination ports (a converted_peer_authentication_* policy), not per-port filter chains.');
  }
  if (r.missing) differs.push(`istiod sends the reference ${r.missing} but produces no such policy (its rules come out empty), so ztunnel skips it.`);
  if (sidecar.plaintextAccepted !== plaintextAccepted) {
    differs.push(
      `Here the two data planes disagree: a sidecar would be ${sidecar.mode} and ${sidecar.plaintextAccepted ? 'accept' : 'refuse'} plaintext${workload.port !== undefined ? ` on port ${workload.port}` : ''}; ztunnel ${plaintextAccepted ? 'lets it in' : 'denies it'}.`,
    );
  }
  const decidingLevel: Resolution['decidingLevel'] = r.missing || r.chosen.workload ? (r.references.some((x) => x.includes('converted_peer_authentication')) ? 'port' : 'workload') : r.chosen.namespace ? 'namespace' : r.chosen.mesh ? 'mesh' : 'default';
  const explanation = [...r.explanation, plaintextAccepted ? 'Result: plaintext and HBONE both get in (PERMISSIVE in effect).' : 'Result: only HBONE gets in (STRICT in effect); plaintext is closed by ztunnel.'];
  const inbound: InboundRow[] = [
    {
      client: 'plaintext',
      label: 'plaintext HTTP to the pod port (no ztunnel)',
      alpn: [],
      chain: null,
      result: plaintextAccepted ? 'plaintext' : 'no-filter-chain',
      verdict: plaintextAccepted ? 'accepted' : 'rejected',
      why: plaintextAccepted ? 'ztunnel lets it through with no peer identity' : `denied by ${r.plaintext.deniedBy}: ztunnel closes the connection`,
    },
    {
      client: 'sidecar-mtls',
      label: 'HBONE from a mesh peer (mTLS + HTTP/2 CONNECT on 15008)',
      alpn: ['h2'],
      chain: null,
      result: 'mtls',
      verdict: 'accepted',
      why: 'ztunnel terminates the mTLS, knows the caller\'s SPIFFE ID, and opens the tunnel to the pod port',
    },
    {
      client: 'non-mesh-tls',
      label: 'TLS from a non-mesh client (curl https://) to the pod port',
      alpn: ['h2', 'http/1.1'],
      chain: null,
      result: plaintextAccepted ? 'passthrough' : 'no-filter-chain',
      verdict: plaintextAccepted ? 'passed-through' : 'rejected',
      why: plaintextAccepted ? 'no peer identity, like plaintext: the bytes go to the app unchanged' : `no peer identity: denied like plaintext by ${r.plaintext.deniedBy}`,
    },
  ];
  return {
    resolution: {
      mode,
      plaintextAccepted,
      mtlsAccepted: true,
      decidedBy: { ...r.chosen, port: r.missing === null && r.references.some((x) => x.includes('converted_peer_authentication')) ? (workload.port ?? null) : null },
      decidingLevel,
      workloadMode: mode,
      considered: r.considered,
      explanation,
    },
    inbound,
    ambient: { ...r, model: AMBIENT_MODEL, differsFromSidecar: differs },
  };
}
