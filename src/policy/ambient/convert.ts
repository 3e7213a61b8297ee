/**
 * PeerAuthentication in the ambient data plane, as istiod converts it for ztunnel (istio/istio
 * pilot/pkg/serviceregistry/ambient/: workloads.go fetchPeerAuthentications, authorization.go
 * convertedSelectorPeerAuthentications and convertPeerAuthentication; the same since 1.25 apart from log text).
 * A workload is sent references to at most two DENY policies: istiod's static STRICT policy (deny any connection
 * without a peer identity) and the converted form of its workload-level policy, whose port-level settings become
 * DENY rules on destination ports. Modelled from istio/istio 86c9f01f (1.31 line; identical conversion in 1.30.0).
 * Pure.
 */
import type { PeerAuthentication, PeerMode } from '../types.js';

export const STATIC_STRICT_NAME = 'istio_converted_static_strict';
const CONVERTED_PREFIX = 'converted_peer_authentication_';

/** ztunnel's StringMatch; only presence is used by converted PeerAuthentications. */
export type ZStringMatch = { presence: true } | { exact: string } | { prefix: string } | { suffix: string };

/** One ztunnel Match: fields are AND-ed, values of a field OR-ed. */
export interface ZMatch {
  principals?: ZStringMatch[];
  notPrincipals?: ZStringMatch[];
  destinationPorts?: number[];
  notDestinationPorts?: number[];
}

/** A ztunnel Authorization: groups are OR-ed; the rules of a group AND-ed; the matches of a rule OR-ed. */
export interface ZAuthorization {
  name: string;
  namespace: string;
  scope: 'WORKLOAD_SELECTOR';
  action: 'DENY' | 'ALLOW';
  groups: { rules: { matches: ZMatch[] }[] }[];
}

const NO_PEER: ZMatch = { notPrincipals: [{ presence: true }] };

/** The static STRICT policy istiod sends when any PeerAuthentication exists. */
export function staticStrictPolicy(rootNamespace: string): ZAuthorization {
  return { name: STATIC_STRICT_NAME, namespace: rootNamespace, scope: 'WORKLOAD_SELECTOR', action: 'DENY', groups: [{ rules: [{ matches: [NO_PEER] }] }] };
}

const isStrict = (m: PeerMode | undefined) => m === 'STRICT';
const isUnset = (m: PeerMode | undefined) => m === undefined || m === 'UNSET';
const isPermissive = (m: PeerMode | undefined) => m === 'PERMISSIVE';
const isDisable = (m: PeerMode | undefined) => m === 'DISABLE';

/** CreationTimestamp.Before: strictly older; on a tie the first one seen stays (the lab sees them by name). */
function older(a: PeerAuthentication, b: PeerAuthentication): boolean {
  const ta = a.createdAt ?? Number.POSITIVE_INFINITY;
  const tb = b.createdAt ?? Number.POSITIVE_INFINITY;
  return ta < tb;
}

/** In the order the lab sees them: by namespace and name, so ties resolve the same way every run. */
function byName(a: PeerAuthentication, b: PeerAuthentication): number {
  return a.namespace !== b.namespace ? (a.namespace < b.namespace ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** "No selector" as istiod's index means it: the field is absent (a written `selector: {}` is a selector). */
function hasNoSelectorField(p: PeerAuthentication): boolean {
  return p.hasSelectorField === undefined ? p.selector === null : !p.hasSelectorField;
}

function subsetOf(selector: Record<string, string> | null, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/**
 * fetchPeerAuthentications: in the workload's namespace, policies with no selector or a selector that matches;
 * in the root namespace, only policies with no selector field at all.
 */
export function ambientCandidates(policies: readonly PeerAuthentication[], namespace: string, labels: Record<string, string>, rootNamespace: string): PeerAuthentication[] {
  return [...policies].sort(byName).filter((p) => {
    if (p.namespace === namespace) return hasNoSelectorField(p) || subsetOf(p.selector, labels);
    return p.namespace === rootNamespace && hasNoSelectorField(p);
  });
}

export interface SelectorKeys {
  mesh: PeerAuthentication | null;
  namespace: PeerAuthentication | null;
  workload: PeerAuthentication | null;
  /** The workload is sent the static STRICT policy. */
  staticStrict: boolean;
  /** The workload is sent the converted form of this workload policy (which may not exist: then it is skipped). */
  converted: PeerAuthentication | null;
}

/** convertedSelectorPeerAuthentications: which policy keys a workload gets. */
export function convertedSelectorKeys(rootNamespace: string, configs: readonly PeerAuthentication[]): SelectorKeys {
  let mesh: PeerAuthentication | null = null;
  let namespace: PeerAuthentication | null = null;
  let workload: PeerAuthentication | null = null;
  for (const cfg of configs) {
    if (cfg.selector === null || Object.keys(cfg.selector).length === 0) {
      if (cfg.namespace === rootNamespace) {
        if (mesh === null || older(cfg, mesh)) mesh = cfg;
      } else if (namespace === null || older(cfg, namespace)) namespace = cfg;
    } else if (cfg.namespace !== rootNamespace) {
      if (workload === null || older(cfg, workload)) workload = cfg;
    }
  }
  let strict = false;
  let converted: PeerAuthentication | null = null;
  if (mesh) strict = isStrict(mesh.mode);
  if (namespace && !isUnset(namespace.mode)) strict = isStrict(namespace.mode);
  if (!workload) return { mesh, namespace, workload, staticStrict: strict, converted };
  if (isStrict(workload.mode)) strict = true;
  if (isPermissive(workload.mode) || isDisable(workload.mode)) strict = false;
  const ports = Object.values(workload.portLevelMtls);
  if (Object.keys(workload.portLevelMtls).length > 0) {
    if (isStrict(workload.mode)) {
      if (ports.some((m) => isPermissive(m) || isDisable(m))) {
        converted = workload;
        strict = false; // the converted policy carries the STRICT default itself
      }
    } else if (isPermissive(workload.mode) || isDisable(workload.mode)) {
      if (ports.some(isStrict)) converted = workload;
    } else if (strict) {
      // UNSET under a STRICT mesh or namespace: only a PERMISSIVE port is an exception (DISABLE is not looked for)
      if (ports.some(isPermissive)) {
        converted = workload;
        strict = false;
      }
    } else {
      strict = false;
      if (ports.some(isStrict)) converted = workload;
    }
  }
  return { mesh, namespace, workload, staticStrict: strict, converted };
}

/** The oldest policy without a selector field in a namespace: what convertPeerAuthentication sees as its parent. */
export function parentPolicy(policies: readonly PeerAuthentication[], namespace: string): PeerAuthentication | null {
  let oldest: PeerAuthentication | null = null;
  for (const p of [...policies].sort(byName)) if (p.namespace === namespace && hasNoSelectorField(p) && (oldest === null || older(p, oldest))) oldest = p;
  return oldest;
}

/** convertPeerAuthentication: a workload policy with port-level settings as a ztunnel DENY policy, or null. */
export function convertPeerAuthentication(rootNamespace: string, cfg: PeerAuthentication, ns: PeerAuthentication | null, root: PeerAuthentication | null): ZAuthorization | null {
  const mode = cfg.mode;
  if (cfg.namespace === rootNamespace || hasNoSelectorField(cfg) || Object.keys(cfg.portLevelMtls).length === 0) return null;
  const rules: { matches: ZMatch[] }[] = [];
  const groups: ZAuthorization['groups'] = [];
  if (isStrict(mode)) rules.push({ matches: [NO_PEER] });
  let foundNonStrict = false;
  const ports = Object.keys(cfg.portLevelMtls)
    .map(Number)
    .sort((a, b) => a - b);
  for (const port of ports) {
    const portMode = cfg.portLevelMtls[port];
    if (isStrict(portMode)) {
      // Go's precedence: (#1 || (#2a && #2b)) || #3 — the third test does not ask the workload mode.
      const skip =
        isStrict(mode) ||
        (isUnset(mode) && ns !== null && isStrict(ns.mode)) ||
        ((ns === null || isUnset(ns.mode)) && root !== null && isStrict(root.mode));
      if (skip) continue;
      groups.push({ rules: [{ matches: [{ notPrincipals: [{ presence: true }], destinationPorts: [port] }] }] });
    } else if (isPermissive(portMode) || isDisable(portMode)) {
      if (isPermissive(mode) || isDisable(mode)) continue;
      if (isUnset(mode) && ((ns !== null && !isStrict(ns.mode)) || (ns === null && root !== null && !isStrict(root.mode)) || (ns === null && root === null))) continue;
      foundNonStrict = true;
      rules.push({ matches: [{ notDestinationPorts: [port] }] });
    }
  }
  if (isStrict(mode) && !foundNonStrict) return null;
  if (rules.length === 0 && groups.length === 0) return null;
  const mergeStrict = (root !== null && isStrict(root.mode) && (ns === null || isUnset(ns.mode) || isStrict(ns.mode))) || (ns !== null && isStrict(ns.mode));
  if (mergeStrict && foundNonStrict) rules.push({ matches: [NO_PEER] });
  if (rules.length > 0) groups.push({ rules });
  return { name: `${CONVERTED_PREFIX}${cfg.name}`, namespace: cfg.namespace, scope: 'WORKLOAD_SELECTOR', action: 'DENY', groups };
}
