/**
 * How one value of an AuthorizationPolicy matches one attribute of a request, exactly as istiod compiles it into
 * Envoy RBAC matchers (istio/istio pilot/pkg/security/authz/model/generator.go and authz/matcher/*.go):
 *   "*"        any non-empty value (a regex .+; for headers and hosts: the header is present)
 *   "*suffix"  ends with suffix        "prefix*"  starts with prefix        otherwise exact
 * Principals get "spiffe://" put in front (so a value written with spiffe:// can never match); hosts compare
 * without case; namespaces, service accounts and trust domains are regexes over the peer's SPIFFE URI. Pure.
 */
import { parseCidr, parseIp } from './validate.js';

export const SPIFFE_PREFIX = 'spiffe://';

/** Go's regexp.QuoteMeta. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** An RE2 full match (Envoy's safe_regex). */
function fullMatch(regex: string, value: string): boolean {
  return new RegExp(`^(?:${regex})$`, 's').test(value);
}

/** matcher.StringMatcherWithPrefix(v, prefix), applied to `value`. */
export function stringMatchWithPrefix(pattern: string, prefix: string, value: string): boolean {
  if (pattern === '*') return value.length > 0; // regex .+ ; the prefix is not added
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    return prefix === '' ? value.endsWith(suffix) : fullMatch(`${quoteMeta(prefix)}.*${quoteMeta(suffix)}`, value);
  }
  if (pattern.endsWith('*')) return value.startsWith(prefix + pattern.slice(0, -1));
  return value === prefix + pattern;
}

/** matcher.StringMatcher(v): paths, SNI. */
export function stringMatch(pattern: string, value: string): boolean {
  return stringMatchWithPrefix(pattern, '', value);
}

/** matcher.HeaderMatcher / HostMatcher: "*" means present; hosts ignore case. */
export function headerMatch(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  const v = ignoreCase ? value.toLowerCase() : value;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return v === p;
}

/** source.principal / principals: against the peer's SPIFFE URI, which a plaintext peer does not have. */
export function principalMatch(pattern: string, principal: string | null): boolean {
  return principal !== null && stringMatchWithPrefix(pattern, SPIFFE_PREFIX, principal);
}

/** source.namespace / namespaces: the regex .*\/ns/<namespace, * as .*>/.* over the peer's SPIFFE URI. */
export function namespaceMatch(pattern: string, principal: string | null): boolean {
  if (principal === null) return false;
  const ns = pattern.split('*').map(quoteMeta).join('.*');
  return fullMatch(`.*/ns/${ns}/.*`, principal);
}

/** source.serviceAccount / serviceAccounts: `sa` (in the policy's namespace) or `ns/sa`. */
export function serviceAccountMatch(pattern: string, policyNamespace: string, principal: string | null): boolean {
  if (principal === null) return false;
  const slash = pattern.indexOf('/');
  const ns = slash >= 0 ? pattern.slice(0, slash) : policyNamespace;
  const sa = slash >= 0 ? pattern.slice(slash + 1) : pattern;
  return fullMatch(`spiffe://.+/ns/${quoteMeta(ns)}/(.+/|)sa/${quoteMeta(sa)}(/.+)?`, principal);
}

/** source.trustDomain / trustDomains. */
export function trustDomainMatch(pattern: string, principal: string | null): boolean {
  if (principal === null) return false;
  if (pattern === '*') return principal.startsWith(SPIFFE_PREFIX);
  if (!pattern.includes('*')) return principal.startsWith(`${SPIFFE_PREFIX}${pattern}/`);
  const [before, after] = [pattern.slice(0, pattern.indexOf('*')), pattern.slice(pattern.indexOf('*') + 1)];
  return fullMatch(`spiffe://${quoteMeta(before)}[^/]*${quoteMeta(after)}/.*`, principal);
}

/** request.auth.principal / requestPrincipals: "iss/sub" of a validated JWT (split at the last "/"). */
export function requestPrincipalMatch(pattern: string, requestPrincipal: string | null): boolean {
  if (requestPrincipal === null) return false;
  const split = (v: string) => {
    const i = v.lastIndexOf('/');
    return i >= 0 ? { iss: v.slice(0, i), sub: v.slice(i + 1), found: true } : { iss: v, sub: '', found: false };
  };
  const have = split(requestPrincipal);
  const want = split(pattern);
  const any = (s: string) => s.length > 0;
  if (pattern === '*') return any(have.iss) && any(have.sub);
  if (pattern.startsWith('*')) {
    if (want.found) return (want.iss === '*' ? any(have.iss) : have.iss.endsWith(want.iss.slice(1))) && have.sub === want.sub;
    return any(have.iss) && have.sub.endsWith(pattern.slice(1));
  }
  if (pattern.endsWith('*')) {
    if (want.found) return have.iss === want.iss && (want.sub === '*' ? any(have.sub) : have.sub.startsWith(want.sub.slice(0, -1)));
    return have.iss.startsWith(pattern.slice(0, -1)) && any(have.sub);
  }
  return have.iss === want.iss && have.sub === want.sub;
}

/** ipBlocks, source.ip, remote.ip, destination.ip: one address (a /32 or /128) or a CIDR range. */
export function ipMatch(pattern: string, ip: string): boolean {
  const range = pattern.includes('/') ? parseCidr(pattern) : (() => {
    const bytes = parseIp(pattern);
    return bytes ? { bytes, bits: bytes.length * 8 } : null;
  })();
  const addr = parseIp(ip);
  if (!range || !addr || range.bytes.length !== addr.length) return false;
  for (let bit = 0; bit < range.bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((range.bytes[bit >> 3]! & mask) !== (addr[bit >> 3]! & mask)) return false;
  }
  return true;
}

/** ports, destination.port. */
export function portMatch(pattern: string, port: number): boolean {
  return /^\d+$/.test(pattern) && Number(pattern) === port;
}

/**
 * The path Envoy's RBAC filter compares: without query or fragment, normalized as Istio's default
 * (meshConfig pathNormalization BASE: RFC 3986 normalization: unreserved %XX decoded, dot segments removed).
 */
export function normalizePath(raw: string): string {
  let path = raw.split(/[?#]/)[0] ?? '';
  path = path.replace(/%([0-9a-fA-F]{2})/g, (m, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
  });
  const out: string[] = [];
  const segments = path.split('/');
  segments.forEach((seg, i) => {
    if (seg === '..') {
      if (out.length > 1) out.pop();
      if (i === segments.length - 1) out.push('');
    } else if (seg === '.') {
      if (i === segments.length - 1) out.push('');
    } else out.push(seg);
  });
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/** Envoy's uri_template: {*} one path segment (one or more pchar), {**} any run of pchar and "/". */
export function pathTemplateMatch(template: string, path: string): boolean {
  const pchar = "A-Za-z0-9\\-._~%!$&'()+,;:@=";
  const regex = template
    .split(/(\{\*\*\}|\{\*\})/)
    .map((part) => (part === '{**}' ? `[${pchar}/]*` : part === '{*}' ? `[${pchar}]+` : quoteMeta(part)))
    .join('');
  return fullMatch(regex, path);
}

export function pathMatch(pattern: string, path: string): boolean {
  return pattern.includes('{*}') || pattern.includes('{**}') ? pathTemplateMatch(pattern, path) : stringMatch(pattern, path);
}
