/**
 * The calling side: which DestinationRule applies to a host, and what the client sidecar therefore puts on the
 * wire (section 4 of the reference: an explicit `tls` block wins; otherwise auto mTLS, which sends mTLS unless
 * the server's effective mode is DISABLE). Pure.
 */
import { SIDECAR_HTTP11_ALPN } from './inbound-chains.js';
import type { Sends } from './live/types.js';
import type { ClientTlsMode, DestinationRule, EffectiveMode } from './types.js';

export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** Istio's rule: a name without dots is short for `<name>.<namespace>.svc.cluster.local`; anything else is as written. */
export function toFqdn(host: string, namespace: string): string {
  if (host === '*' || host.includes('.')) return host;
  return `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** The default host the lab calls: the app label's Service in the workload's namespace. */
export function defaultHost(namespace: string, labels: Record<string, string>): string {
  return `${labels.app ?? 'workload'}.${namespace}.${CLUSTER_DOMAIN}`;
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

export interface DestinationRuleChoice {
  rule: DestinationRule | null;
  /** One line per rule that did not apply, and why. */
  skipped: { rule: string; reason: string }[];
}

/**
 * Picks the DestinationRule for `host` as seen from a client in `clientNamespace`: rules in the client's
 * namespace first, then the service's namespace, then the root namespace; an exact host beats a wildcard; then
 * the oldest. Rules in other namespaces are not visible for this lookup.
 */
export function chooseDestinationRule(
  rules: readonly DestinationRule[],
  host: string,
  clientNamespace: string,
  serviceNamespace: string,
  rootNamespace: string,
): DestinationRuleChoice {
  const skipped: DestinationRuleChoice['skipped'] = [];
  const candidates: { rule: DestinationRule; rank: number; exact: number }[] = [];
  for (const rule of rules) {
    const pattern = toFqdn(rule.host, rule.namespace);
    if (!hostMatches(pattern, host)) {
      const hint = /^[^.]+\.[^.]+$/.test(rule.host) ? ` (Istio does not expand "${rule.host}"; write a short name or the full ${CLUSTER_DOMAIN} name)` : '';
      skipped.push({ rule: rule.ref, reason: `host ${pattern} does not match ${host}${hint}` });
      continue;
    }
    const rank = rule.namespace === clientNamespace ? 0 : rule.namespace === serviceNamespace ? 1 : rule.namespace === rootNamespace ? 2 : -1;
    if (rank < 0) {
      skipped.push({ rule: rule.ref, reason: `in namespace ${rule.namespace}: only the client's, the service's and the root namespace are searched` });
      continue;
    }
    candidates.push({ rule, rank, exact: pattern.includes('*') ? 1 : 0 });
  }
  candidates.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.exact - b.exact ||
      (a.rule.createdAt ?? Infinity) - (b.rule.createdAt ?? Infinity) ||
      (a.rule.name < b.rule.name ? -1 : a.rule.name > b.rule.name ? 1 : 0),
  );
  const [first, ...rest] = candidates;
  for (const c of rest) skipped.push({ rule: c.rule.ref, reason: `${first!.rule.ref} takes precedence (closer namespace, exact host, or older)` });
  return { rule: first?.rule ?? null, skipped };
}

export interface SidecarPlan {
  /** The rule's tls.mode, or AUTO when there is no rule or it has no tls block. */
  tlsMode: ClientTlsMode | 'AUTO';
  sends: Sends;
  /**
   * The ALPN the client sidecar offers for HTTP/1.1: Istio's values with ISTIO_MUTUAL and auto mTLS (the outbound
   * ALPN override); none with SIMPLE or MUTUAL, where istiod marks the cluster alpn_override "false".
   */
  alpn: string[];
  why: string;
}

export function planClientSidecar(rule: DestinationRule | null, serverMode: EffectiveMode): SidecarPlan {
  const mode = rule?.tlsMode;
  const by = rule ? `DestinationRule ${rule.ref}` : '';
  switch (mode) {
    case 'ISTIO_MUTUAL':
      return { tlsMode: mode, sends: 'mtls', alpn: SIDECAR_HTTP11_ALPN, why: `${by} sets ISTIO_MUTUAL: the client sidecar presents its Istio workload certificate and offers Istio's ALPN (${SIDECAR_HTTP11_ALPN.join(', ')}).` };
    case 'MUTUAL':
      return {
        tlsMode: mode,
        sends: 'mtls',
        alpn: [],
        why: `${by} sets MUTUAL: mTLS with certificates you supply (the lab uses a mesh workload certificate), and no Istio ALPN (istiod does not override ALPN for MUTUAL).`,
      };
    case 'SIMPLE':
      return { tlsMode: mode, sends: 'tls', alpn: [], why: `${by} sets SIMPLE: TLS to the server, no client certificate, and no Istio ALPN.` };
    case 'DISABLE':
      return { tlsMode: mode, sends: 'plaintext', alpn: [], why: `${by} sets DISABLE: the client sidecar sends plaintext, whatever the server requires.` };
    default: {
      const prefix = rule ? `${by} has no tls block, so auto mTLS decides` : 'No DestinationRule for this host, so auto mTLS decides';
      return serverMode === 'DISABLE'
        ? { tlsMode: 'AUTO', sends: 'plaintext', alpn: [], why: `${prefix}: the server's effective mode is DISABLE, so it sends plaintext.` }
        : {
            tlsMode: 'AUTO',
            sends: 'mtls',
            alpn: SIDECAR_HTTP11_ALPN,
            why: `${prefix}: the server has a sidecar and is ${serverMode}, so it sends mTLS with Istio's ALPN (${SIDECAR_HTTP11_ALPN.join(', ')}).`,
          };
    }
  }
}

/** What the calling app sees from its own sidecar when the upstream connection fails: Envoy's 503. */
export const UPSTREAM_503 = 'upstream connect error or disconnect/reset before headers. reset reason: connection termination';
