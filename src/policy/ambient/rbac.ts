/**
 * How ztunnel evaluates the policies a workload is sent, for one connection (istio/ztunnel src/rbac.rs
 * Authorization::matches, src/state.rs assert_rbac): any matching DENY denies; no ALLOW allows; else some ALLOW
 * must match. A policy matches when one of its groups does; a group when all its rules do; a rule when one of
 * its matches does (an empty match never does, an empty rule always does). Principals are compared without
 * "spiffe://". Pure.
 */
import type { ZAuthorization, ZMatch, ZStringMatch } from './convert.js';

/** What ztunnel knows of an inbound connection. */
export interface ZConnection {
  /** The peer's SPIFFE ID from HBONE's mTLS; null for plaintext to the pod port. */
  principal: string | null;
  /** The destination (workload) port. */
  port: number;
}

function stringMatch(m: ZStringMatch, value: string): boolean {
  if ('presence' in m) return value !== '';
  if ('exact' in m) return value === m.exact;
  if ('prefix' in m) return value.startsWith(m.prefix);
  return value.endsWith(m.suffix);
}

function field<T>(positive: readonly T[] | undefined, negative: readonly T[] | undefined, test: (v: T) => boolean): boolean {
  const pos = positive ?? [];
  const neg = negative ?? [];
  return (pos.length === 0 || pos.some(test)) && (neg.length === 0 || !neg.some(test));
}

function isEmpty(m: ZMatch): boolean {
  return !m.principals?.length && !m.notPrincipals?.length && !m.destinationPorts?.length && !m.notDestinationPorts?.length;
}

export function matchMatches(m: ZMatch, conn: ZConnection): boolean {
  if (isEmpty(m)) return false;
  // matches_principal: the identity without "spiffe://"; none (plaintext) is the empty string.
  const id = conn.principal?.startsWith('spiffe://') ? conn.principal.slice('spiffe://'.length) : '';
  return field(m.destinationPorts, m.notDestinationPorts, (p) => p === conn.port) && field(m.principals, m.notPrincipals, (s) => stringMatch(s, id));
}

export function policyMatches(policy: ZAuthorization, conn: ZConnection): boolean {
  return policy.groups.some((group) => group.rules.every((rule) => rule.matches.length === 0 || rule.matches.some((m) => matchMatches(m, conn))));
}

export interface ZDecision {
  allowed: boolean;
  /** "namespace/name" of the DENY policy that matched, or null. */
  deniedBy: string | null;
}

export function assertRbac(policies: readonly ZAuthorization[], conn: ZConnection): ZDecision {
  const deny = policies.filter((p) => p.action === 'DENY').find((p) => policyMatches(p, conn));
  if (deny) return { allowed: false, deniedBy: `${deny.namespace}/${deny.name}` };
  const allow = policies.filter((p) => p.action === 'ALLOW');
  return { allowed: allow.length === 0 || allow.some((p) => policyMatches(p, conn)), deniedBy: null };
}
