/**
 * What ztunnel enforces for one ambient workload port: which PeerAuthentications istiod fetches for it, which
 * DENY policies it therefore sends (convert.ts), and what ztunnel then does with plaintext and with HBONE
 * (rbac.ts) — with the places where this differs from a sidecar said in words. Pure.
 */
import type { PeerAuthentication, Workload } from '../types.js';
import { ambientCandidates, convertedSelectorKeys, convertPeerAuthentication, parentPolicy, staticStrictPolicy, type ZAuthorization } from './convert.js';
import { assertRbac, type ZDecision } from './rbac.js';

/** The Istio and ztunnel source this model follows. */
export const AMBIENT_MODEL = 'istio/istio 86c9f01f (1.31 line; PeerAuthentication conversion unchanged since 1.25, identical in 1.30.0) and istio/ztunnel 62d82653';

export interface AmbientResolution {
  /** The policies istiod fetches for this workload, and whether each counts. */
  considered: { policy: string; outcome: 'chosen' | 'lost'; level: 'mesh' | 'namespace' | 'workload' | null; reason: string }[];
  chosen: { mesh: string | null; namespace: string | null; workload: string | null };
  /** The references the workload is sent, and the ztunnel policies behind them (a reference with no policy is skipped). */
  references: string[];
  policies: ZAuthorization[];
  /** A reference istiod sends but produces no policy for (ztunnel skips it), or null. */
  missing: string | null;
  /** The port asked about (null: any port the workload policy does not name). */
  port: number | null;
  /** Plaintext to the pod port: no peer identity. */
  plaintext: ZDecision;
  /** HBONE (mTLS on 15008 with HTTP/2 CONNECT): the caller's SPIFFE ID is known. */
  hbone: ZDecision;
  /** Every port the workload policy names, and what plaintext gets there. */
  ports: { port: number; plaintextAllowed: boolean }[];
  explanation: string[];
}

const HBONE_PROBE = 'spiffe://cluster.local/ns/probe/sa/probe';
/** A port no policy names, for "the other ports" when none was asked about. */
const OTHER_PORT = 1;

export function resolveAmbient(policies: readonly PeerAuthentication[], workload: Workload, rootNamespace: string): AmbientResolution {
  const candidates = ambientCandidates(policies, workload.namespace, workload.labels, rootNamespace);
  const keys = convertedSelectorKeys(rootNamespace, candidates);
  const explanation: string[] = [];
  const references: string[] = [];
  const sent: ZAuthorization[] = [];
  let missing: string | null = null;

  if (keys.staticStrict) {
    references.push(`${rootNamespace}/istio_converted_static_strict`);
    sent.push(staticStrictPolicy(rootNamespace));
  }
  let converted: ZAuthorization | null = null;
  if (keys.converted) {
    const key = `${keys.converted.namespace}/converted_peer_authentication_${keys.converted.name}`;
    references.push(key);
    converted = convertPeerAuthentication(rootNamespace, keys.converted, parentPolicy(policies, keys.converted.namespace), parentPolicy(policies, rootNamespace));
    if (converted) sent.push(converted);
    else missing = key;
  }

  const asked = workload.port ?? OTHER_PORT;
  const plaintext = assertRbac(sent, { principal: null, port: asked });
  const hbone = assertRbac(sent, { principal: HBONE_PROBE, port: asked });
  const named = keys.workload ? Object.keys(keys.workload.portLevelMtls).map(Number) : [];
  const ports = [...new Set([...named, ...(workload.port !== undefined ? [workload.port] : [])])]
    .sort((a, b) => a - b)
    .map((port) => ({ port, plaintextAllowed: assertRbac(sent, { principal: null, port }).allowed }));

  const modeOf = (p: PeerAuthentication) => p.mode ?? 'UNSET';
  explanation.push(
    candidates.length
      ? `istiod fetches ${candidates.map((p) => p.ref).join(', ')} for this workload (its namespace: no selector or a matching one; the root namespace: no selector field).`
      : 'istiod finds no PeerAuthentication for this workload.',
  );
  if (keys.mesh) explanation.push(`Mesh level: ${keys.mesh.ref} is ${modeOf(keys.mesh)}.`);
  if (keys.namespace) explanation.push(`Namespace level: ${keys.namespace.ref} is ${modeOf(keys.namespace)}${keys.namespace.mode === undefined || keys.namespace.mode === 'UNSET' ? ' (inherits)' : ''}.`);
  if (keys.workload) explanation.push(`Workload level: ${keys.workload.ref} is ${modeOf(keys.workload)}${Object.keys(keys.workload.portLevelMtls).length ? `, ports ${Object.entries(keys.workload.portLevelMtls).map(([p, m]) => `${p} ${m ?? 'UNSET'}`).join(', ')}` : ''}.`);
  explanation.push(
    references.length
      ? `The workload is sent ${references.join(' and ')}${missing ? `; istiod produces no ${missing} (its rules come out empty), so ztunnel skips that reference` : ''}.`
      : 'The workload is sent no PeerAuthentication-derived policy: ztunnel lets plaintext in.',
  );
  if (converted) explanation.push(`${converted.namespace}/${converted.name} denies ${describePolicy(converted)}.`);
  explanation.push(
    `${workload.port !== undefined ? `Port ${workload.port}` : 'Ports no policy names'}: plaintext (no peer identity) is ${plaintext.allowed ? 'let through' : `denied by ${plaintext.deniedBy}; ztunnel closes the connection`}; HBONE (mTLS, the caller's SPIFFE ID known) is ${hbone.allowed ? 'let through' : `denied by ${hbone.deniedBy}`}.`,
  );

  const considered: AmbientResolution['considered'] = [...policies].map((p) => {
    const fetched = candidates.includes(p);
    const chosenAt = keys.mesh === p ? 'mesh' : keys.namespace === p ? 'namespace' : keys.workload === p ? 'workload' : null;
    if (chosenAt) return { policy: p.ref, outcome: 'chosen', level: chosenAt, reason: `chosen at ${chosenAt} level (${modeOf(p)})` };
    if (!fetched) {
      const why =
        p.namespace === rootNamespace && !(p.hasSelectorField === false || (p.hasSelectorField === undefined && p.selector === null))
          ? `a root-namespace policy with a selector field${p.selector === null ? ' (even `selector: {}`)' : ''} is not fetched in ambient`
          : p.namespace !== workload.namespace && p.namespace !== rootNamespace
            ? `in another namespace (${p.namespace})`
            : 'its selector does not match the workload';
      return { policy: p.ref, outcome: 'lost', level: null, reason: why };
    }
    if (p.namespace === rootNamespace && p.selector !== null) return { policy: p.ref, outcome: 'lost', level: null, reason: 'a selector policy in the root namespace is ignored' };
    return { policy: p.ref, outcome: 'lost', level: null, reason: 'an older policy at the same level wins' };
  });

  return {
    considered,
    chosen: { mesh: keys.mesh?.ref ?? null, namespace: keys.namespace?.ref ?? null, workload: keys.workload?.ref ?? null },
    references,
    policies: sent,
    missing,
    port: workload.port ?? null,
    plaintext,
    hbone,
    ports,
    explanation,
  };
}

function describePolicy(p: ZAuthorization): string {
  const rule = (m: { notPrincipals?: unknown[]; destinationPorts?: number[]; notDestinationPorts?: number[] }) =>
    [m.notPrincipals ? 'no peer identity' : '', m.destinationPorts ? `port ${m.destinationPorts.join(', ')}` : '', m.notDestinationPorts ? `any port but ${m.notDestinationPorts.join(', ')}` : '']
      .filter(Boolean)
      .join(' on ');
  return p.groups.map((g) => `connections with ${g.rules.map((r) => r.matches.map(rule).join(' or ')).join(', and ')}`).join('; or ');
}
