/**
 * `policy authz`: which AuthorizationPolicies apply to a workload, and what its proxy decides for one request from
 * one caller — after PeerAuthentication has decided whether the connection gets in at all, and with what identity.
 * Pure; the live check is in ./lab.ts.
 */
import { explainSet } from '../explain.js';
import type { PortProtocol } from '../inbound-chains.js';
import { DEFAULT_ROOT_NAMESPACE } from '../resolve.js';
import type { EffectiveMode, PolicySet, Rejection, Skipped, Workload, WorkloadObject } from '../types.js';
import { authorize, type AuthzDecision, type AuthzResult } from './evaluate.js';
import { normalizePath, SPIFFE_PREFIX } from './match.js';
import { selectPolicies } from './select.js';
import { DEFAULT_TRUST_DOMAIN, trustDomainBundle } from './trust-domain.js';
import type { AuthorizationPolicy, AuthzRequest } from './types.js';

/** What the user asked about: the caller and the request. */
export interface AuthzQuestion {
  /** A SPIFFE ID (spiffe://td/ns/x/sa/y) presented over mTLS, or "plaintext". */
  from: string;
  method: string;
  path: string;
  /** The workload (container) port. */
  port: number;
  /** Host header; default the workload's service name. */
  host?: string;
  headers?: Record<string, string>;
  sourceIp?: string;
}

export interface AuthzOptions {
  rootNamespace?: string;
  trustDomain?: string;
  trustDomainAliases?: string[];
  portProtocol?: PortProtocol;
  workloadObject?: WorkloadObject;
}

export interface AuthzReport {
  workload: { namespace: string; labels: Record<string, string>; port: number };
  workloadSource: { kind: string; name: string; namespace: string; file: string; line: number } | null;
  rootNamespace: string;
  trustDomain: string;
  trustDomainAliases: string[];
  portProtocol: PortProtocol;
  request: {
    from: string;
    /** The SPIFFE ID the proxy sees as the peer, or null (plaintext, or sent as plaintext). */
    principal: string | null;
    method: string;
    path: string;
    /** The path the RBAC filter compares (no query, normalized). */
    matchedPath: string;
    port: number;
    host: string;
    sourceIp: string;
    headers: Record<string, string>;
  };
  peerAuthentication: { mode: EffectiveMode; decidedBy: { mesh: string | null; namespace: string | null; workload: string | null; port: number | null } };
  /** How the connection reaches the workload's proxy, and whether PeerAuthentication lets it in. */
  connection: { sends: 'mtls' | 'plaintext'; accepted: boolean; why: string };
  /** Every AuthorizationPolicy read, whether it applies, and (if it does) whether it matches. */
  policies: {
    policy: string;
    action: string;
    dryRun: boolean;
    applies: boolean;
    reason: string;
    matched: boolean | null;
    rule: number | null;
    why: string | null;
  }[];
  /** allowed / denied / external (a CUSTOM authorizer decides first) / refused (the connection never got in). */
  result: AuthzResult | 'refused';
  /** 403 "RBAC: access denied" when denied; null when the connection was refused. */
  httpStatus: 200 | 403 | null;
  decision: Omit<AuthzDecision, 'evaluations' | 'explanation'>;
  explanation: string[];
  rejected: Rejection[];
  skipped: Skipped[];
  warnings: string[];
}

export function isSpiffeId(from: string): boolean {
  return /^spiffe:\/\/[^/]+\/.+/.test(from);
}

export function explainAuthz(set: PolicySet, workload: Workload & { port: number }, question: AuthzQuestion, options: AuthzOptions = {}): AuthzReport {
  const rootNamespace = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const portProtocol = options.portProtocol ?? 'auto';
  const trustDomain = options.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  const aliases = options.trustDomainAliases ?? [];
  const pa = explainSet(set, workload, { rootNamespace, portProtocol, ...(options.workloadObject ? { workloadObject: options.workloadObject } : {}) });
  const mode = pa.mode;

  // The caller: a sidecar (auto mTLS) presenting `from`, or a client with no sidecar sending plaintext.
  const wantsMtls = question.from !== 'plaintext';
  const sends: 'mtls' | 'plaintext' = wantsMtls && mode !== 'DISABLE' ? 'mtls' : 'plaintext';
  const accepted = sends === 'mtls' ? mode !== 'DISABLE' : mode !== 'STRICT';
  const connectionWhy =
    sends === 'mtls'
      ? `the caller's sidecar sends mTLS with ${question.from}; the ${mode} sidecar terminates it and sees that SPIFFE ID as the peer`
      : wantsMtls
        ? `the workload is DISABLE, so the caller's sidecar (auto mTLS) sends plaintext: the proxy sees no peer identity`
        : mode === 'STRICT'
          ? 'plaintext to a STRICT workload matches no filter chain: the connection is closed before any AuthorizationPolicy runs'
          : `plaintext under ${mode}: it gets in, with no peer identity (principals and namespaces can never match it)`;
  const principal = sends === 'mtls' ? question.from : null;

  const app = workload.labels.app ?? 'workload';
  const host = question.host ?? `${app}.${workload.namespace}.svc.cluster.local`;
  const sourceIp = question.sourceIp ?? '127.0.0.1';
  const headers = Object.fromEntries(Object.entries(question.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const request: AuthzRequest = {
    principal,
    requestPrincipal: null,
    sourceIp,
    remoteIp: sourceIp,
    destinationIp: '127.0.0.1',
    port: question.port,
    sni: sends === 'mtls' ? `outbound_.${question.port}_._.${host}` : null,
    method: question.method,
    path: question.path,
    host,
    headers,
    tcp: portProtocol === 'tcp',
  };

  const selections = selectPolicies(set.authorizationPolicies, workload, rootNamespace);
  const applied = selections.filter((s) => s.applies).map((s) => s.policy);
  const decision = authorize(applied, request, { bundle: trustDomainBundle(trustDomain, aliases) });
  const byRef = new Map(decision.evaluations.map((e) => [e.policy, e]));

  const explanation: string[] = [];
  explanation.push(`PeerAuthentication: the workload is ${mode} (${pa.decidingLevel === 'default' ? 'no policy applies' : `decided at ${pa.decidingLevel} level`}); ${connectionWhy}.`);
  if (wantsMtls && !question.from.startsWith(SPIFFE_PREFIX)) explanation.push(`Note: "${question.from}" is not a spiffe:// URI.`);
  const notApplied = selections.filter((s) => !s.applies);
  explanation.push(
    applied.length
      ? `${applied.length} AuthorizationPolic${applied.length === 1 ? 'y applies' : 'ies apply'} to this workload: ${applied.map((p) => `${p.ref} (${p.action}${p.dryRun ? ', dry-run' : ''})`).join(', ')}.`
      : 'No AuthorizationPolicy applies to this workload.',
  );
  for (const s of notApplied) explanation.push(`${s.policy.ref} does not apply: ${s.reason}.`);
  explanation.push(...decision.explanation);
  let result: AuthzReport['result'] = decision.result;
  let httpStatus: AuthzReport['httpStatus'] = decision.httpStatus;
  if (!accepted) {
    result = 'refused';
    httpStatus = null;
    explanation.push(`Result: the connection is refused by PeerAuthentication (${mode}); the AuthorizationPolicy decision above never runs.`);
  } else if (decision.result === 'external') {
    explanation.push(`Result: the external authorizer "${decision.custom!.provider}" decides first; if it allows, the request is ${decision.ifExternalAllows}.`);
  } else {
    explanation.push(decision.result === 'allowed' ? 'Result: allowed (200).' : 'Result: denied — 403 "RBAC: access denied".');
  }

  const { evaluations: _e, explanation: _x, ...decisionRest } = decision;
  return {
    workload: { namespace: workload.namespace, labels: workload.labels, port: question.port },
    workloadSource: options.workloadObject
      ? { kind: options.workloadObject.kind, name: options.workloadObject.name, namespace: options.workloadObject.namespace, file: options.workloadObject.source.file, line: options.workloadObject.source.line }
      : null,
    rootNamespace,
    trustDomain,
    trustDomainAliases: aliases,
    portProtocol,
    request: { from: question.from, principal, method: question.method, path: question.path, matchedPath: normalizePath(question.path), port: question.port, host, sourceIp, headers },
    peerAuthentication: { mode, decidedBy: pa.decidedBy },
    connection: { sends, accepted, why: connectionWhy },
    policies: selections.map((s) => {
      const e = byRef.get(s.policy.ref);
      return {
        policy: s.policy.ref,
        action: s.policy.action,
        dryRun: s.policy.dryRun,
        applies: s.applies,
        reason: s.reason,
        matched: e ? e.matched : null,
        rule: e?.rule ?? null,
        why: e?.why ?? null,
      };
    }),
    result,
    httpStatus,
    decision: decisionRest,
    explanation,
    rejected: set.rejected,
    skipped: set.skipped,
    warnings: [...set.warnings, ...pa.warnings.filter((w) => !set.warnings.includes(w))],
  };
}

/** The policies that apply, for a live listener to enforce. */
export function appliedPolicies(set: PolicySet, workload: Pick<Workload, 'namespace' | 'labels'>, rootNamespace = DEFAULT_ROOT_NAMESPACE): AuthorizationPolicy[] {
  return selectPolicies(set.authorizationPolicies, workload, rootNamespace)
    .filter((s) => s.applies)
    .map((s) => s.policy);
}
