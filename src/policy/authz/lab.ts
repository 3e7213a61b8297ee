/**
 * `policy authz` live: the workload's proxy on 127.0.0.1 enforces the resolved PeerAuthentication mode and the
 * AuthorizationPolicies that apply, and one real request is sent as the caller. The caller's identity is the
 * SPIFFE URI SAN of its lab certificate, verified by the listener's mTLS chain; the RBAC filter answers
 * 403 "RBAC: access denied" as Envoy does. The principal, method, path, Host and headers the filter evaluates are
 * the ones it observed on the wire; the source IP and the workload port are the declared ones (the lab's socket is
 * 127.0.0.1 on an ephemeral port).
 */
import { createCa, issueServerCert, issueWorkloadCert, spiffeId } from '../../lab/pki.js';
import { SIDECAR_HTTP11_ALPN } from '../inbound-chains.js';
import { enforceAndProbe } from '../live/enforce.js';
import type { LiveAuthz, MeshCerts, ProbeResult, ProbeSpec, Verdict } from '../live/types.js';
import { loadPolicies } from '../parse.js';
import type { AuthzScenario } from '../scenarios.js';
import type { PolicySet, Workload } from '../types.js';
import { authorize } from './evaluate.js';
import { appliedPolicies, explainAuthz, type AuthzOptions, type AuthzQuestion, type AuthzReport } from './report.js';
import { trustDomainBundle } from './trust-domain.js';

export interface AuthzLabReport extends AuthzReport {
  live: {
    listener: { address: string; port: number };
    server: { identity: string };
    probe: ProbeResult;
    /** What the RBAC filter decided live, or null when the request never reached it. */
    rbac: LiveAuthz | null;
    /** True when the live result is the predicted one. */
    asPredicted: boolean;
  };
  passed: boolean;
}

export interface AuthzLabOptions extends AuthzOptions {
  probeTimeoutMs?: number;
  onEvent?: (event: string) => void;
}

/** The verdict the live request should get, from the report. */
function predictedVerdict(report: AuthzReport): Verdict {
  if (report.result === 'refused') return 'rejected';
  const allowed = report.result === 'external' ? report.decision.ifExternalAllows === 'allowed' : report.result === 'allowed';
  return allowed ? 'accepted' : 'rejected';
}

export async function runAuthzLab(set: PolicySet, workload: Workload & { port: number }, question: AuthzQuestion, options: AuthzLabOptions = {}): Promise<AuthzLabReport> {
  const report = explainAuthz(set, workload, question, options);
  const trustDomain = report.trustDomain;
  const serverSa = options.workloadObject?.serviceAccount ?? workload.labels.app ?? 'default';
  const serverIdentity = spiffeId(workload.namespace, serverSa, trustDomain);
  const ca = await createCa(`${trustDomain} mesh root (mtls-tutor authz lab)`);
  const caller = report.connection.sends === 'mtls' ? question.from : spiffeId(workload.namespace, 'sleep', trustDomain);
  const [server, client] = await Promise.all([issueServerCert(ca, { uris: [serverIdentity], usage: ['serverAuth', 'clientAuth'] }), issueWorkloadCert(ca, caller)]);
  const certs: MeshCerts = { root: ca.cert, server, serverIdentity, client, clientIdentity: caller };

  const policies = appliedPolicies(set, workload, report.rootNamespace);
  const bundle = trustDomainBundle(trustDomain, report.trustDomainAliases);
  const declared = { sourceIp: report.request.sourceIp, port: question.port };
  const probe: ProbeSpec = {
    id: 'caller',
    label: report.connection.sends === 'mtls' ? `caller with a sidecar, as ${question.from}` : 'caller sending plaintext',
    sends: report.connection.sends,
    ...(report.connection.sends === 'mtls' ? { alpn: SIDECAR_HTTP11_ALPN } : {}),
    viaSidecar: report.connection.sends === 'mtls',
    request: { method: question.method, path: question.path, host: report.request.host, headers: question.headers ?? {} },
    expect: predictedVerdict(report),
  };
  const live = await enforceAndProbe({
    mode: report.peerAuthentication.mode,
    portProtocol: report.portProtocol,
    certs,
    probes: [probe],
    ...(options.probeTimeoutMs !== undefined ? { probeTimeoutMs: options.probeTimeoutMs } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    authorize: (seen) => {
      const decision = authorize(
        policies,
        {
          principal: seen.principal,
          requestPrincipal: null,
          sourceIp: declared.sourceIp,
          remoteIp: declared.sourceIp,
          destinationIp: '127.0.0.1',
          port: declared.port,
          sni: seen.principal ? `outbound_.${declared.port}_._.${seen.host}` : null,
          method: seen.method,
          path: seen.path,
          host: seen.host,
          headers: seen.headers,
          tcp: report.portProtocol === 'tcp',
        },
        { bundle },
      );
      // The lab has no external authorizer: a CUSTOM match goes on as if it had allowed the request.
      const allowed = decision.result === 'external' ? decision.ifExternalAllows === 'allowed' : decision.result === 'allowed';
      const by = decision.policy ? `${decision.policy}${decision.rule !== null ? ` rule ${decision.rule}` : ''}` : null;
      const why =
        decision.stage === 'deny'
          ? `DENY ${by}`
          : decision.stage === 'allow'
            ? `ALLOW ${by}`
            : decision.stage === 'no-allow-policy'
              ? 'no ALLOW policy applies'
              : decision.stage === 'no-allow-match'
                ? 'no ALLOW rule matches'
                : `CUSTOM ${by} (the lab's stand-in authorizer allows), then ${decision.ifExternalAllows}`;
      return { allowed, decidedBy: by, why };
    },
  });
  const result = live.probes[0]!;
  return {
    ...report,
    live: { listener: live.listener, server: { identity: serverIdentity }, probe: result, rbac: result.rbac, asPredicted: result.asExpected },
    passed: result.asExpected,
  };
}

/** Runs a prepared AuthorizationPolicy scenario live. */
export async function runAuthzScenario(scenario: AuthzScenario, options: Pick<AuthzLabOptions, 'probeTimeoutMs' | 'onEvent'> = {}): Promise<AuthzLabReport & { scenario: string }> {
  const set = loadPolicies([{ path: `${scenario.id}.yaml`, text: scenario.manifests }], { defaultNamespace: scenario.workload.namespace });
  const report = await runAuthzLab(set, scenario.workload, { ...scenario.request, port: scenario.workload.port }, options);
  return { ...report, scenario: scenario.id };
}
