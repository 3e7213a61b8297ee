/** `mtls-tutor policy authz`: what a workload's proxy decides for one request from one caller, proven live. */
import { parseFlags } from './args.js';
import { type CliIo, UsageError, UserError } from './io.js';
import { nonEmpty, skippedWarning, WORKLOAD_FLAGS, workloadArgs } from './policy-args.js';
import type { AuthzReport, AuthzQuestion } from '../policy/authz/report.js';
import type { AuthzLabReport } from '../policy/authz/lab.js';
import { ipProblems } from '../policy/authz/validate.js';

export const AUTHZ_HELP = `mtls-tutor policy authz — which AuthorizationPolicies apply to a workload, and what its proxy decides

Usage
  mtls-tutor policy authz -f FILE... (--namespace NS [--labels k=v,...] | --workload NAME)
                          --from SPIFFE_ID|plaintext [--method M] [--path P] [--port N] [--json]
  mtls-tutor policy authz --scenario ID [--json]
      Resolve the PeerAuthentication mode (does the connection get in, with which identity?), then the
      AuthorizationPolicies in Istio's order: CUSTOM (what it hands to the external authorizer), DENY, ALLOW.
      Then prove it live on 127.0.0.1: the caller presents a lab certificate whose URI SAN is --from, and
      a denial is answered 403 "RBAC: access denied", as Envoy does.

Flags
  -f, --file FILE|DIR|-  YAML or JSON (kubectl get -o yaml|json exports too), a folder, or - for stdin
  -n, --namespace NS / -l, --labels k=v,...   the workload; or -w, --workload [KIND/]NAME from the input
      --from ID          the caller: a SPIFFE ID such as spiffe://cluster.local/ns/foo/sa/sleep (sent over
                         mTLS by its sidecar), or plaintext (a client without a sidecar)
      --method M         the HTTP method (default GET; compared case-sensitively)
      --path P           the request path, query allowed (default /)
  -p, --port N           the workload (container) port the request arrives on (default 8080)
      --host H           the Host header (default <app>.<namespace>.svc.cluster.local)
      --header 'K: V'    a request header; repeat for more
      --source-ip IP     the caller's address for ipBlocks and source.ip (default 127.0.0.1)
      --trust-domain TD  meshConfig.trustDomain (default cluster.local)
      --trust-domain-alias TD   meshConfig.trustDomainAliases; repeat for more
      --port-protocol P  auto (default), http or tcp: on tcp, HTTP-only fields cannot be evaluated
      --root-namespace   meshConfig.rootNamespace (default istio-system)
      --no-live          resolve only; do not run the listener
      --json             machine-readable output

Exit codes: 0 every document admitted and the live result as predicted; 1 a document unreadable or refused,
or a live result differed or gave no verdict; 2 bad usage. A denial is an answer, not an error: exit 0.
`;

const AUTHZ_FLAGS = {
  ...WORKLOAD_FLAGS,
  from: { type: 'string' },
  method: { type: 'string' },
  path: { type: 'string' },
  host: { type: 'string' },
  header: { type: 'string', multiple: true },
  'source-ip': { type: 'string' },
  'trust-domain': { type: 'string' },
  'trust-domain-alias': { type: 'string', multiple: true },
  'no-live': { type: 'boolean' },
  scenario: { type: 'string' },
} as const;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function question(values: Record<string, unknown>, port: number): AuthzQuestion {
  const from = nonEmpty('from', values.from as string | undefined);
  if (!from) throw new UsageError('policy authz: --from is required: a SPIFFE ID such as spiffe://cluster.local/ns/foo/sa/sleep, or plaintext');
  if (from !== 'plaintext' && !/^spiffe:\/\/[^/\s]+\/\S+$/.test(from)) {
    const hint = /^[^/:]+\/ns\//.test(from) ? ` (did you mean spiffe://${from}? --from is the URI in the caller's certificate; policies write principals without spiffe://)` : '';
    throw new UsageError(`policy authz: --from must be a SPIFFE ID (spiffe://TRUST_DOMAIN/ns/NS/sa/SA) or plaintext, got '${from}'${hint}`);
  }
  const method = (values.method as string | undefined) ?? 'GET';
  if (!TOKEN.test(method)) throw new UsageError(`--method must be an HTTP method such as GET, got '${method}'`);
  const path = (values.path as string | undefined) ?? '/';
  if (!path.startsWith('/') || /\s/.test(path)) throw new UsageError(`--path must start with / and have no spaces, got '${path}'`);
  const headers: Record<string, string> = {};
  for (const raw of (values.header as string[] | undefined) ?? []) {
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) throw new UsageError(`--header must be 'Name: value', got '${raw}'`);
    headers[name.toLowerCase()] = raw.slice(colon + 1).trim();
  }
  const sourceIp = nonEmpty('source-ip', values['source-ip'] as string | undefined);
  if (sourceIp && ipProblems([sourceIp]).length) throw new UsageError(`--source-ip must be an IP address, got '${sourceIp}'`);
  const host = nonEmpty('host', values.host as string | undefined);
  return { from, method, path, port, headers, ...(host ? { host } : {}), ...(sourceIp ? { sourceIp } : {}) };
}

export async function authzCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('policy authz', argv, AUTHZ_FLAGS);
  if (values.help) {
    io.out(AUTHZ_HELP);
    return 0;
  }
  if (values.scenario !== undefined) return scenarioCommand(values, io);
  const args = await workloadArgs('policy authz', values, positionals, io);
  if (args.dataplane === 'ambient') {
    throw new UsageError(
      `policy authz: the AuthorizationPolicy lab models the sidecar data plane; in ambient, ztunnel enforces only the L4 parts (principals, namespaces, ports, IPs) and L7 rules need a waypoint. Use --dataplane sidecar${args.dataplaneFrom === 'namespace label' ? ' (the Namespace in the input is labelled ambient)' : ''}`,
    );
  }
  const port = args.workload.port ?? 8080;
  const q = question(values, port);
  const trustDomain = nonEmpty('trust-domain', values['trust-domain']);
  const aliases = (values['trust-domain-alias'] ?? []).map((a) => nonEmpty('trust-domain-alias', a)!);
  const options = {
    portProtocol: args.portProtocol,
    ...(args.rootNamespace ? { rootNamespace: args.rootNamespace } : {}),
    ...(args.workloadObject ? { workloadObject: args.workloadObject } : {}),
    ...(trustDomain ? { trustDomain } : {}),
    trustDomainAliases: aliases,
  };
  const workload = { ...args.workload, port };
  let report: AuthzReport | AuthzLabReport;
  if (values['no-live']) {
    const { explainAuthz } = await import('../policy/authz/report.js');
    report = explainAuthz(args.set, workload, q, options);
  } else {
    // Loaded only here: the live check pulls in the PKI and the TLS sockets.
    const { runAuthzLab } = await import('../policy/authz/lab.js');
    try {
      report = await runAuthzLab(args.set, workload, q, options);
    } catch (error) {
      throw new UserError(`policy authz: could not run the listener: ${(error as Error).message}`);
    }
  }
  if (report.skipped.length) io.err(skippedWarning(report.skipped));
  io.out(values.json ? JSON.stringify({ ...report, live: 'live' in report ? report.live : null }, null, 2) : formatAuthz(report, port === args.workload.port));
  const livePassed = 'live' in report ? report.passed : true;
  return report.skipped.length === 0 && livePassed ? 0 : 1;
}

async function scenarioCommand(values: Record<string, unknown>, io: CliIo): Promise<number> {
  const id = values.scenario as string;
  const mixed = Object.keys(values).filter((k) => !['scenario', 'json'].includes(k));
  if (mixed.length) throw new UsageError(`policy authz: --scenario brings its own YAML, workload and request; drop ${mixed[0] === 'f' ? '-f' : `--${mixed[0]}`}`);
  const { loadCourse } = await import('../content/course.js');
  const { policyScenarios } = await loadCourse();
  const scenario = policyScenarios.authz.find((s) => s.id === id);
  if (!scenario) throw new UsageError(`policy authz: unknown --scenario '${id}'. Known: ${policyScenarios.authz.map((s) => s.id).join(', ')}`);
  const { runAuthzScenario } = await import('../policy/authz/lab.js');
  const report = await runAuthzScenario(scenario);
  io.out(values.json ? JSON.stringify(report, null, 2) : `Scenario ${id}\n${formatAuthz(report)}`);
  return report.passed ? 0 : 1;
}

function resultLine(r: AuthzReport): string {
  switch (r.result) {
    case 'allowed':
      return 'Result: ALLOWED (200)';
    case 'denied':
      return 'Result: DENIED — 403 "RBAC: access denied"';
    case 'refused':
      return `Result: REFUSED — the connection never gets in (PeerAuthentication ${r.peerAuthentication.mode}), so no AuthorizationPolicy runs`;
    default:
      return `Result: EXTERNAL — the CUSTOM authorizer "${r.decision.custom?.provider}" decides first; if it allows: ${r.decision.ifExternalAllows?.toUpperCase()}`;
  }
}

export function formatAuthz(r: AuthzReport | AuthzLabReport, portGiven = true): string {
  const labels = Object.entries(r.workload.labels).map(([k, v]) => `${k}=${v}`).join(', ');
  const src = r.workloadSource ? ` (${r.workloadSource.kind} ${r.workloadSource.name}, ${r.workloadSource.file}:${r.workloadSource.line})` : '';
  const q = r.request;
  const by = r.decision.policy ? `  (decided by ${r.decision.stage.toUpperCase()} ${r.decision.policy}${r.decision.rule !== null ? ` rule ${r.decision.rule}` : ''})` : '';
  const out = [
    `Workload in ${r.workload.namespace}${src}${labels ? ` {${labels}}` : ''}, port ${q.port}${portGiven ? '' : ' (default; set --port)'}; root namespace ${r.rootNamespace}; trust domain ${r.trustDomain}`,
    `Request ${q.method} ${q.path} (Host ${q.host}) from ${q.from === 'plaintext' ? 'a client without a sidecar (plaintext)' : `${q.from} (${r.connection.sends})`}`,
    '',
    `${resultLine(r)}${r.result === 'refused' ? '' : by}`,
    '',
    'Why:',
    ...r.explanation.map((l) => `  ${l}`),
  ];
  if (r.policies.length) {
    out.push('', 'AuthorizationPolicies:');
    for (const p of r.policies) {
      const state = !p.applies ? 'not applied' : p.matched ? 'matches' : 'no match';
      out.push(`  ${state.padEnd(11)}  ${p.policy} (${p.action}${p.dryRun ? ', dry-run' : ''}): ${p.applies ? p.why : p.reason}`);
    }
  }
  if (r.rejected.length) out.push('', 'Refused at admission (take no part):', ...r.rejected.map((x) => `  ${x.file}:${x.line}  ${x.policy}  ${x.field}: ${x.reason}`));
  if (r.warnings.length) out.push('', 'Warnings:', ...r.warnings.map((w) => `  ${w}`));
  if ('live' in r) {
    const p = r.live.probe;
    const got = p.httpStatus !== null ? `HTTP ${p.httpStatus}${p.httpStatus === 403 ? ' RBAC: access denied' : ''}` : p.clientError ?? 'nothing';
    const verdict = p.outcome === 'timed-out' || p.outcome === 'error' ? `no verdict (${p.outcome})` : r.live.asPredicted ? 'as predicted' : `NOT as predicted (expected ${p.expected})`;
    out.push('', `Live on 127.0.0.1:${r.live.listener.port} as ${r.live.server.identity}: the caller got ${got} — ${verdict}`, `  ${p.reason}`);
  }
  return out.join('\n');
}
