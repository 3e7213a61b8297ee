/**
 * The mesh trust domain and its aliases (meshConfig trustDomain, trustDomainAliases), applied to the principals a
 * policy names before they are compared, as istiod does (istio/istio pilot/pkg/security/trustdomain/bundle.go):
 * "td/ns/foo/sa/bar" stands for the same identity in the trust domain and every alias, and "cluster.local" means
 * "this mesh's trust domain", whatever it is. Principals that are not "td/ns/x/sa/y" (for example one written with
 * spiffe://) are left as written. Pure.
 */

export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

export interface TrustDomainBundle {
  /** The mesh's trust domain first, then its aliases. */
  trustDomains: string[];
}

export function trustDomainBundle(trustDomain = DEFAULT_TRUST_DOMAIN, aliases: readonly string[] = []): TrustDomainBundle {
  return { trustDomains: [trustDomain, ...aliases] };
}

/** isTrustDomainBeingEnforced: five "/"-parts, and a trust domain other than "*". */
function enforcedTrustDomain(principal: string): string | null {
  const parts = principal.split('/');
  if (parts.length !== 5 || parts[0] === '*') return null;
  return parts[0]!;
}

/** util.go suffixMatch: "*-td" matches "old-td"; false when the pattern has no leading "*". */
function suffixMatch(a: string, pattern: string): boolean {
  return pattern.startsWith('*') && a.endsWith(pattern.slice(1));
}

function prefixMatch(a: string, pattern: string): boolean {
  return pattern.endsWith('*') && a.startsWith(pattern.slice(0, -1));
}

/** util.go stringMatch: the pattern may be on either side. */
function inList(a: string, list: readonly string[]): boolean {
  return list.some((s) => a === s || s === '*' || prefixMatch(a, s) || prefixMatch(s, a) || suffixMatch(a, s) || suffixMatch(s, a));
}

/** ReplaceTrustDomainAliases. */
export function expandPrincipals(bundle: TrustDomainBundle, principals: readonly string[]): string[] {
  const out: string[] = [];
  for (const principal of principals) {
    const td = enforcedTrustDomain(principal);
    const known = td !== null && (inList(td, bundle.trustDomains) || td === DEFAULT_TRUST_DOMAIN);
    if (td === null || !known) {
      out.push(principal);
      continue;
    }
    const forAliases: string[] = [];
    for (const t of bundle.trustDomains) {
      const replaced = suffixMatch(t, td) ? principal : `${t}/${principal.split('/').slice(1).join('/')}`;
      if (!forAliases.includes(replaced)) forAliases.push(replaced);
    }
    out.push(...forAliases);
  }
  return out;
}

/** ExpandTrustDomainAliases: a trust domain of the bundle stands for all of them. */
export function expandTrustDomains(bundle: TrustDomainBundle, values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const t of bundle.trustDomains.includes(v) ? bundle.trustDomains : [v]) if (!out.includes(t)) out.push(t);
  return out;
}
