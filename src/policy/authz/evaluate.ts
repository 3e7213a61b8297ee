/**
 * What the workload's proxy decides for one request, in Istio's order (istio/istio
 * pilot/pkg/security/authz/builder/builder.go; the Envoy filters run CUSTOM, then DENY, then ALLOW):
 *   1. CUSTOM: a matching rule hands the request to the external authorizer named by `provider`.
 *   2. DENY:   any matching rule of any DENY policy → 403.
 *   3. ALLOW:  no ALLOW policy → allowed; some ALLOW policy but no matching rule → 403.
 * AUDIT only logs; a policy annotated istio.io/dry-run is evaluated and reported, never enforced.
 * A rule matches when every condition it writes holds (authz/model/model.go): some `from` (each source field),
 * some `to` (each operation field), and every `when`. A policy with no rules matches nothing; a rule `{}` matches
 * everything. On a TCP filter chain HTTP-only fields cannot be evaluated: an ALLOW rule using one is dropped
 * whole, a DENY rule just loses that condition (model.go checkError). Pure.
 */
import {
  headerMatch,
  ipMatch,
  namespaceMatch,
  normalizePath,
  pathMatch,
  portMatch,
  principalMatch,
  requestPrincipalMatch,
  serviceAccountMatch,
  stringMatch,
  trustDomainMatch,
} from './match.js';
import { expandPrincipals, expandTrustDomains, type TrustDomainBundle } from './trust-domain.js';
import type { AuthorizationPolicy, AuthzAction, AuthzOperation, AuthzRequest, AuthzRule, AuthzSource } from './types.js';

export interface RuleEvaluation {
  index: number;
  matched: boolean;
  /** Why the rule took no part at all (an ALLOW rule with an HTTP-only field on a TCP chain), or null. */
  dropped: string | null;
  /** What matched, or the first condition that did not. */
  why: string;
}

export interface PolicyEvaluation {
  policy: string;
  action: AuthzAction;
  dryRun: boolean;
  provider: string | null;
  matched: boolean;
  /** The first matching rule, or null. */
  rule: number | null;
  rules: RuleEvaluation[];
  why: string;
}

export type AuthzResult = 'allowed' | 'denied' | 'external';

export interface AuthzDecision {
  /** allowed / denied; external: a CUSTOM rule matched, so an external authorizer decides first. */
  result: AuthzResult;
  /** With result external: what DENY and ALLOW decide if the external authorizer allows the request (httpStatus assumes so). */
  ifExternalAllows: 'allowed' | 'denied' | null;
  /** The step that decided. */
  stage: 'custom' | 'deny' | 'allow' | 'no-allow-policy' | 'no-allow-match';
  /** The deciding policy and rule (for custom, deny and allow). */
  policy: string | null;
  rule: number | null;
  /** What a matching CUSTOM policy hands to its external authorizer. */
  custom: { policy: string; provider: string; rule: number; sends: string } | null;
  httpStatus: 200 | 403;
  evaluations: PolicyEvaluation[];
  /** Dry-run policies: what they would have done. */
  dryRun: { policy: string; action: AuthzAction; wouldMatch: boolean }[];
  explanation: string[];
}

export interface EvaluateOptions {
  bundle: TrustDomainBundle;
}

type Check = { ok: true; what: string } | { ok: false; what: string } | { unsupported: string };

/** One field with its values (any may match) and notValues (none may match). */
function field(
  name: string,
  values: readonly string[] | undefined,
  notValues: readonly string[] | undefined,
  test: (pattern: string) => boolean,
  actual: string,
  httpOnly: boolean,
  request: AuthzRequest,
): Check | null {
  const pos = values ?? [];
  const neg = notValues ?? [];
  if (pos.length === 0 && neg.length === 0) return null;
  if (httpOnly && request.tcp) return { unsupported: `${name} is HTTP only, and this is a TCP filter chain` };
  if (pos.length > 0) {
    const hit = pos.find(test);
    if (hit === undefined) return { ok: false, what: `${name}: ${actual} matches none of ${JSON.stringify(pos)}` };
  }
  if (neg.length > 0) {
    const hit = neg.find(test);
    if (hit !== undefined) return { ok: false, what: `${name}: ${actual} matches "${hit}", which is excluded` };
  }
  return { ok: true, what: `${name}: ${actual} ${pos.length ? 'matches' : 'is not excluded'}` };
}

const show = (v: string | null, none: string) => (v === null ? none : v);

function sourceChecks(src: AuthzSource, at: string, policy: AuthorizationPolicy, request: AuthzRequest, bundle: TrustDomainBundle): (Check | null)[] {
  const p = request.principal;
  const peer = show(p, '(no peer identity: plaintext)');
  const principals = (v?: string[]) => (v ? expandPrincipals(bundle, v) : undefined);
  const tds = (v?: string[]) => (v ? expandTrustDomains(bundle, v) : undefined);
  return [
    field(`${at}.principals`, principals(src.principals), principals(src.notPrincipals), (v) => principalMatch(v, p), peer, false, request),
    field(`${at}.requestPrincipals`, src.requestPrincipals, src.notRequestPrincipals, (v) => requestPrincipalMatch(v, request.requestPrincipal), show(request.requestPrincipal, '(no JWT: no request principal)'), true, request),
    field(`${at}.namespaces`, src.namespaces, src.notNamespaces, (v) => namespaceMatch(v, p), peer, false, request),
    field(`${at}.serviceAccounts`, src.serviceAccounts, src.notServiceAccounts, (v) => serviceAccountMatch(v, policy.namespace, p), peer, false, request),
    field(`${at}.trustDomains`, tds(src.trustDomains), tds(src.notTrustDomains), (v) => trustDomainMatch(v, p), peer, false, request),
    field(`${at}.ipBlocks`, src.ipBlocks, src.notIpBlocks, (v) => ipMatch(v, request.sourceIp), `source IP ${request.sourceIp}`, false, request),
    field(`${at}.remoteIpBlocks`, src.remoteIpBlocks, src.notRemoteIpBlocks, (v) => ipMatch(v, request.remoteIp), `remote IP ${request.remoteIp}`, false, request),
  ];
}

function operationChecks(op: AuthzOperation, at: string, request: AuthzRequest): (Check | null)[] {
  const path = normalizePath(request.path);
  return [
    field(`${at}.hosts`, op.hosts, op.notHosts, (v) => headerMatch(v, request.host, true), `host ${request.host}`, true, request),
    field(`${at}.ports`, op.ports, op.notPorts, (v) => portMatch(v, request.port), `port ${request.port}`, false, request),
    field(`${at}.methods`, op.methods, op.notMethods, (v) => headerMatch(v, request.method), `method ${request.method}`, true, request),
    field(`${at}.paths`, op.paths, op.notPaths, (v) => pathMatch(v, path), `path ${path}`, true, request),
  ];
}

function conditionCheck(key: string, values: string[], notValues: string[], at: string, policy: AuthorizationPolicy, request: AuthzRequest, bundle: TrustDomainBundle): Check | null {
  const p = request.principal;
  const peer = show(p, '(no peer identity: plaintext)');
  const name = `${at} ${key}`;
  const noJwt = '(no JWT: request.auth.* is absent)';
  const header = /^request\.headers\[(.+)\]$/.exec(key)?.[1];
  if (header !== undefined) {
    const value = request.headers[header.toLowerCase()];
    return field(name, values, notValues, (v) => headerMatch(v, value), value === undefined ? `(no ${header} header)` : `${header}: ${value}`, true, request);
  }
  if (key.startsWith('request.auth.')) {
    const test = key === 'request.auth.principal' ? (v: string) => requestPrincipalMatch(v, request.requestPrincipal) : () => false;
    return field(name, values, notValues, test, request.requestPrincipal ?? noJwt, true, request);
  }
  switch (key) {
    case 'source.principal':
      return field(name, expandPrincipals(bundle, values), expandPrincipals(bundle, notValues), (v) => principalMatch(v, p), peer, false, request);
    case 'source.namespace':
      return field(name, values, notValues, (v) => namespaceMatch(v, p), peer, false, request);
    case 'source.serviceAccount':
      return field(name, values, notValues, (v) => serviceAccountMatch(v, policy.namespace, p), peer, false, request);
    case 'source.trustDomain':
      return field(name, expandTrustDomains(bundle, values), expandTrustDomains(bundle, notValues), (v) => trustDomainMatch(v, p), peer, false, request);
    case 'source.ip':
      return field(name, values, notValues, (v) => ipMatch(v, request.sourceIp), request.sourceIp, false, request);
    case 'remote.ip':
      return field(name, values, notValues, (v) => ipMatch(v, request.remoteIp), request.remoteIp, false, request);
    case 'destination.ip':
      return field(name, values, notValues, (v) => ipMatch(v, request.destinationIp), request.destinationIp, false, request);
    case 'destination.port':
      return field(name, values, notValues, (v) => portMatch(v, request.port), String(request.port), false, request);
    case 'connection.sni':
      return field(name, values, notValues, (v) => request.sni !== null && stringMatch(v, request.sni), request.sni ?? '(no SNI)', false, request);
    default:
      // experimental.envoy.filters.*: Envoy dynamic metadata the lab does not have; never present.
      return field(name, values, notValues, () => false, '(no such metadata here)', false, request);
  }
}

/** All checks of one group must hold; an unsupported one is dropped (DENY) or drops the rule (ALLOW). */
function allOf(checks: (Check | null)[], dropRule: boolean): Check {
  const present = checks.filter((c): c is Check => c !== null);
  const unsupported = present.find((c): c is { unsupported: string } => 'unsupported' in c);
  if (unsupported && dropRule) return unsupported;
  const failed = present.find((c) => 'ok' in c && !c.ok);
  if (failed) return failed;
  const passed = present.filter((c): c is { ok: true; what: string } => 'ok' in c);
  return { ok: true, what: passed.map((c) => c.what).join('; ') };
}

export function evaluateRule(rule: AuthzRule, index: number, policy: AuthorizationPolicy, request: AuthzRequest, bundle: TrustDomainBundle): RuleEvaluation {
  const dropRule = policy.action === 'ALLOW';
  const at = `rules[${index}]`;
  const when = allOf(rule.when.map((c, j) => conditionCheck(c.key, c.values, c.notValues, `${at}.when[${j}]`, policy, request, bundle)), dropRule);
  const froms = rule.from.map((src, j) => allOf(sourceChecks(src, `${at}.from[${j}].source`, policy, request, bundle), dropRule));
  const tos = rule.to.map((op, j) => allOf(operationChecks(op, `${at}.to[${j}].operation`, request), dropRule));
  const dropped = [when, ...froms, ...tos].find((c): c is { unsupported: string } => 'unsupported' in c);
  if (dropped) return { index, matched: false, dropped: `ALLOW rule dropped: ${dropped.unsupported}`, why: `dropped: ${dropped.unsupported}` };
  const ok = (c: Check) => 'ok' in c && c.ok;
  const fromOk = froms.length === 0 || froms.some(ok);
  const toOk = tos.length === 0 || tos.some(ok);
  const whenOk = ok(when);
  if (fromOk && toOk && whenOk) {
    const parts = [froms.find(ok), tos.find(ok), when].flatMap((c) => (c && 'ok' in c && c.what !== '' ? [c.what] : []));
    return { index, matched: true, dropped: null, why: parts.length ? parts.join('; ') : 'an empty rule {} matches every request' };
  }
  const failed = !fromOk ? (froms.find((c) => !ok(c)) as { what: string }) : !toOk ? (tos.find((c) => !ok(c)) as { what: string }) : (when as { what: string });
  const which = !fromOk && froms.length > 1 ? 'no from matched; first: ' : !toOk && tos.length > 1 ? 'no to matched; first: ' : '';
  return { index, matched: false, dropped: null, why: `${which}${failed.what}` };
}

export function evaluatePolicy(policy: AuthorizationPolicy, request: AuthzRequest, bundle: TrustDomainBundle): PolicyEvaluation {
  const rules = policy.rules.map((r, i) => evaluateRule(r, i, policy, request, bundle));
  const hit = rules.find((r) => r.matched);
  const why =
    policy.rules.length === 0
      ? 'no rules: it matches nothing'
      : hit
        ? `rule ${hit.index} matches (${hit.why})`
        : rules.length === 1
          ? `its rule does not match (${rules[0]!.why})`
          : `none of its ${rules.length} rules matches`;
  return { policy: policy.ref, action: policy.action, dryRun: policy.dryRun, provider: policy.provider, matched: !!hit, rule: hit?.index ?? null, rules, why };
}

/** The decision for `request` by the policies that apply to the workload (see select.ts). */
export function authorize(policies: readonly AuthorizationPolicy[], request: AuthzRequest, options: EvaluateOptions): AuthzDecision {
  const evaluations = policies.map((p) => evaluatePolicy(p, request, options.bundle));
  const enforced = (action: AuthzAction) => evaluations.filter((e) => e.action === action && !e.dryRun);
  const explanation: string[] = [];
  const dryRun = evaluations.filter((e) => e.dryRun).map((e) => ({ policy: e.policy, action: e.action, wouldMatch: e.matched }));

  const customHit = enforced('CUSTOM').find((e) => e.matched);
  const custom = customHit
    ? {
        policy: customHit.policy,
        provider: customHit.provider ?? '',
        rule: customHit.rule!,
        sends: `${request.method} ${request.path} (host ${request.host}, source ${request.sourceIp}${request.principal ? `, peer ${request.principal}` : ''}) and its headers`,
      }
    : null;
  if (enforced('CUSTOM').length) {
    explanation.push(
      custom
        ? `CUSTOM: ${custom.policy} rule ${custom.rule} matches, so the request goes to the external authorizer "${custom.provider}" first (${custom.sends}); it alone decides whether to go on.`
        : `CUSTOM: no CUSTOM rule matches, so no external authorizer is asked.`,
    );
  } else explanation.push('CUSTOM: no CUSTOM policy applies.');
  for (const e of evaluations.filter((x) => x.action === 'AUDIT')) explanation.push(`AUDIT: ${e.policy} ${e.matched ? 'matches: the request is logged' : 'does not match'}; audit never changes the decision.`);

  const done = (stage: AuthzDecision['stage'], allowed: boolean, policy: string | null, rule: number | null): AuthzDecision => {
    for (const d of dryRun) explanation.push(`dry-run: ${d.policy} (${d.action}) ${d.wouldMatch ? 'would match' : 'would not match'}; istio.io/dry-run policies are logged, not enforced.`);
    const outcome = allowed ? 'allowed' : 'denied';
    return {
      result: custom ? 'external' : outcome,
      ifExternalAllows: custom ? outcome : null,
      stage: custom ? 'custom' : stage,
      policy: custom ? custom.policy : policy,
      rule: custom ? custom.rule : rule,
      custom,
      httpStatus: allowed ? 200 : 403,
      evaluations,
      dryRun,
      explanation,
    };
  };

  const denyHit = enforced('DENY').find((e) => e.matched);
  if (denyHit) {
    explanation.push(`DENY: ${denyHit.policy} ${denyHit.why}: 403 "RBAC: access denied"; DENY wins before any ALLOW is looked at.`);
    return done('deny', false, denyHit.policy, denyHit.rule);
  }
  explanation.push(enforced('DENY').length ? `DENY: no DENY rule matches (${enforced('DENY').map((e) => `${e.policy}: ${e.why}`).join('; ')}).` : 'DENY: no DENY policy applies.');

  const allows = enforced('ALLOW');
  if (allows.length === 0) {
    explanation.push('ALLOW: no ALLOW policy applies to this workload, so the request is allowed.');
    return done('no-allow-policy', true, null, null);
  }
  const allowHit = allows.find((e) => e.matched);
  if (allowHit) {
    explanation.push(`ALLOW: ${allowHit.policy} ${allowHit.why}: allowed.`);
    return done('allow', true, allowHit.policy, allowHit.rule);
  }
  explanation.push(`ALLOW: ${allows.length} ALLOW ${allows.length === 1 ? 'policy applies' : 'policies apply'} and none matches (${allows.map((e) => `${e.policy}: ${e.why}`).join('; ')}): 403 "RBAC: access denied".`);
  return done('no-allow-match', false, null, null);
}
