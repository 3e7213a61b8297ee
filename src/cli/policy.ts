import { parseFlags } from './args.js';
import { type CliIo, UsageError, UserError } from './io.js';
import { runSubcommand } from './subcommands.js';
import type { ExplainReport } from '../policy/explain.js';
import type { PolicyLabReport } from '../policy/lab.js';
import { nonEmpty, skippedWarning, WORKLOAD_FLAGS, workloadArgs } from './policy-args.js';
import { authzCommand } from './policy-authz.js';

export { parseLabels } from './policy-args.js';
import type { ProbeResult } from '../policy/live/types.js';
import { getPolicyScenario, isPolicyScenarioId } from '../policy/scenarios.js';
import { loadCourse } from '../content/course.js';

export const POLICY_HELP = `mtls-tutor policy — which Istio PeerAuthentication applies to a workload, proven on a real listener

Usage
  mtls-tutor policy explain -f FILE [-f FILE...] (--namespace NS [--labels k=v,k2=v2] | --workload NAME)
                            [--port N] [--port-protocol P] [--dataplane sidecar|ambient] [--root-namespace NS] [--json]
      Validate the PeerAuthentication (and DestinationRule) documents as Istio's admission would, then
      resolve the mode for the workload step by step: which policy won at each level, and why others lost.
  mtls-tutor policy lab -f FILE... (--namespace NS [--labels ...] | --workload NAME) [--port N] [--port-protocol P]
                        [--dataplane sidecar|ambient] [--root-namespace NS] [--host HOST] [--client-namespace NS]
                        [--client-sa SA] [--json]
  mtls-tutor policy lab --scenario ID [--json]
      Enforce the resolved mode on 127.0.0.1 (one port, like Envoy's TLS inspector) and probe it with a
      plaintext client, an mTLS client with a workload certificate, a TLS client without one, and the
      client sidecar as the DestinationRule (or auto mTLS) configures it.
  mtls-tutor policy authz -f FILE... (--namespace NS [--labels ...] | --workload NAME)
                          --from SPIFFE_ID|plaintext --method M --path P --port N [--json]
      Which AuthorizationPolicies apply and what the proxy decides for this request (CUSTOM, DENY, ALLOW),
      proven live with a 403 "RBAC: access denied". See: mtls-tutor policy authz --help
  mtls-tutor policy scenarios [--json]
      The prepared scenarios.

Input (-f, repeatable), read as kubectl apply -f reads it
  FILE                   YAML (any number of --- documents) or JSON, including what
                         kubectl get ... -o yaml|json prints (kind: List, or a typed list, with items)
  DIR                    every .yaml, .yml and .json file directly in the folder, in name order
  -                      standard input, e.g. kubectl get pa,deploy -A -o yaml | mtls-tutor policy explain -f - ...

Flags
  -n, --namespace NS     the workload's namespace; documents without metadata.namespace are placed here
  -l, --labels k=v,...   the workload's pod labels
  -w, --workload NAME    read namespace and pod labels from a Pod or controller in the input instead:
                         NAME or KIND/NAME (pod/web, deploy/web, sts/db...); -n narrows the search
  -p, --port N           the workload (container) port, used for portLevelMtls; not the Service port
      --dataplane D      sidecar (default) or ambient: resolve PeerAuthentication as istiod converts it for
                         ztunnel. Taken from a Namespace in the input labelled istio.io/dataplane-mode=ambient
      --port-protocol P  how the Service declares the port: auto (undeclared, sniffed; default), http or tcp.
                         Decides the sidecar's filter chains: under PERMISSIVE only TLS offering Istio's ALPN
                         (istio, istio-peer-exchange, istio-http/1.0, istio-http/1.1, istio-h2) is terminated;
                         other TLS goes to the app unchanged on auto and tcp ports, and is closed on http ports
      --root-namespace   meshConfig.rootNamespace (default istio-system)
      --host HOST        service host the client sidecar calls (default <app>.<ns>.svc.cluster.local)
      --client-namespace / --client-sa   the caller's identity (default: the workload's namespace, sa "sleep")
      --json             machine-readable output; "skipped" lists what was not read or was refused

Exit codes
  0  every document was read and admitted (and, for lab, every live result was as predicted)
  1  a document or file could not be read or was refused at admission (the verdict is still printed,
     after a warning that lists them), or a lab's live result differed from the prediction
  2  bad usage (unknown flag, missing --namespace, --workload not found...)
`;

const LAB_FLAGS = {
  ...WORKLOAD_FLAGS,
  host: { type: 'string' },
  'client-namespace': { type: 'string' },
  'client-sa': { type: 'string' },
  scenario: { type: 'string' },
} as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runSubcommand('policy', argv, io, POLICY_HELP, { explain: explainCommand, lab: labCommand, authz: authzCommand, scenarios: scenariosCommand });
}

async function explainCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('policy explain', argv, WORKLOAD_FLAGS);
  if (values.help) {
    io.out(POLICY_HELP);
    return 0;
  }
  const args = await workloadArgs('policy explain', values, positionals, io);
  const { explainSet } = await import('../policy/explain.js');
  const report = explainSet(args.set, args.workload, {
    dataplane: args.dataplane,
    portProtocol: args.portProtocol,
    ...(args.rootNamespace ? { rootNamespace: args.rootNamespace } : {}),
    ...(args.workloadObject ? { workloadObject: args.workloadObject } : {}),
  });
  if (report.skipped.length) io.err(skippedWarning(report.skipped));
  io.out(values.json ? JSON.stringify(report, null, 2) : formatExplain(report, args.dataplaneFrom));
  return report.skipped.length ? 1 : 0;
}

async function labCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('policy lab', argv, LAB_FLAGS);
  if (values.help) {
    io.out(POLICY_HELP);
    return 0;
  }
  // Loaded only here: the lab pulls in the PKI and the TLS sockets.
  const lab = await import('../policy/lab.js');
  let report: PolicyLabReport;
  if (values.scenario !== undefined) {
    const mixed = ['f', 'file', 'namespace', 'labels', 'workload', 'port', 'port-protocol', 'root-namespace', 'host', 'client-namespace', 'client-sa'].filter((k) => k in values);
    if (mixed.length) throw new UsageError(`policy lab: --scenario brings its own YAML and workload; drop ${mixed[0] === 'f' ? '-f' : `--${mixed[0]}`}`);
    const { policyScenarios } = await loadCourse();
    if (policyScenarios.authz.some((s) => s.id === values.scenario)) {
      throw new UsageError(`policy lab: '${values.scenario}' is an AuthorizationPolicy scenario: run it with mtls-tutor policy authz --scenario ${values.scenario}`);
    }
    if (!isPolicyScenarioId(policyScenarios, values.scenario)) {
      throw new UsageError(`policy lab: unknown --scenario '${values.scenario}'. Known: ${policyScenarios.peer.map((s) => s.id).join(', ')}`);
    }
    report = await lab.runPolicyScenario(getPolicyScenario(policyScenarios, values.scenario));
  } else {
    const args = await workloadArgs('policy lab', values, positionals, io);
    const client = {
      ...(values['client-namespace'] ? { namespace: nonEmpty('client-namespace', values['client-namespace']) } : {}),
      ...(values['client-sa'] ? { serviceAccount: nonEmpty('client-sa', values['client-sa']) } : {}),
    };
    const host = nonEmpty('host', values.host);
    try {
      report = await lab.runPolicyLabOnSet(args.set, {
        workload: args.workload,
        dataplane: args.dataplane,
        portProtocol: args.portProtocol,
        ...(args.workloadObject ? { workloadObject: args.workloadObject } : {}),
        ...(args.rootNamespace ? { rootNamespace: args.rootNamespace } : {}),
        ...(host ? { host } : {}),
        client,
      });
    } catch (error) {
      throw new UserError(`policy lab: could not run the listener: ${(error as Error).message}`);
    }
  }
  if (report.skipped.length) io.err(skippedWarning(report.skipped));
  io.out(values.json ? JSON.stringify(report, null, 2) : formatLab(report));
  return report.passed && report.skipped.length === 0 ? 0 : 1;
}

async function scenariosCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('policy scenarios', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(POLICY_HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`policy scenarios: unexpected argument '${positionals[0]}'`);
  const { policyScenarios } = await loadCourse();
  if (values.json) {
    io.out(JSON.stringify([...policyScenarios.peer, ...policyScenarios.authz], null, 2));
    return 0;
  }
  const all = [...policyScenarios.peer, ...policyScenarios.authz];
  const width = Math.max(...all.map((s) => s.id.length));
  const lines = policyScenarios.peer.map((s) => `  ${s.id.padEnd(width)}  ${s.title}`);
  const authz = policyScenarios.authz.map((s) => `  ${s.id.padEnd(width)}  ${s.title}`);
  io.out(
    [
      'PeerAuthentication scenarios (run one with: mtls-tutor policy lab --scenario ID)',
      ...lines,
      '',
      'AuthorizationPolicy scenarios (run one with: mtls-tutor policy authz --scenario ID)',
      ...authz,
    ].join('\n'),
  );
  return 0;
}

// ---------- human output ----------

function workloadLine(r: ExplainReport): string {
  const labels = Object.entries(r.workload.labels).map(([k, v]) => `${k}=${v}`).join(', ');
  const port = r.workload.port === null ? 'any port' : `port ${r.workload.port}`;
  const src = r.workloadSource;
  const from = src ? ` (${src.kind} ${src.name}, ${src.file}:${src.line})` : '';
  return `Workload in ${r.workload.namespace}${from}${labels ? ` {${labels}}` : ' (no labels)'}, ${port}; root namespace ${r.rootNamespace}`;
}

function verdictLine(r: ExplainReport): string {
  const yes = (b: boolean) => (b ? 'accepted' : 'rejected');
  return `Mode: ${r.mode}   plaintext: ${yes(r.plaintextAccepted)}   mTLS: ${yes(r.mtlsAccepted)}`;
}

/** What each kind of client gets from the sidecar's filter chains on this port. */
function inboundLines(r: ExplainReport): string[] {
  const width = Math.max(...r.inbound.map((row) => row.label.length));
  return [
    r.dataplane === 'ambient' ? `What ztunnel does with each client (${r.mode} in effect):` : `On a port declared ${r.portProtocol}${r.portProtocol === 'auto' ? ' (undeclared: sniffed)' : ''}, ${r.mode} gives:`,
    ...r.inbound.map((row) => `  ${row.label.padEnd(width)}  ${row.verdict.toUpperCase().padEnd(14)}  ${row.chain ? `${row.chain} chain` : r.dataplane === 'ambient' ? row.why : 'no filter chain'}`),
  ];
}

function dataplaneLine(r: ExplainReport, from: string): string {
  if (r.dataplane === 'sidecar') return from === 'flag' ? 'Data plane: sidecar' : '';
  const why = from === 'namespace label' ? ` (from the Namespace label istio.io/dataplane-mode=ambient)` : '';
  return `Data plane: ambient${why} — PeerAuthentication as istiod converts it for ztunnel`;
}

function ambientLines(r: ExplainReport): string[] {
  const a = r.ambient;
  if (!a) return [];
  const sent = a.policies.map((p) => `  ${p.namespace}/${p.name} (${p.action})`);
  return [
    '',
    `ztunnel policies sent for this workload: ${a.references.length ? '' : 'none'}`,
    ...sent,
    ...(a.missing ? [`  ${a.missing} (referenced, but istiod produces no such policy: skipped)`] : []),
    ...(a.ports.length ? ['', 'Plaintext by port:', ...a.ports.map((p) => `  ${p.port}: ${p.plaintextAllowed ? 'let through' : 'denied'}`)] : []),
    '',
    'Differs from a sidecar:',
    ...a.differsFromSidecar.map((d) => `  - ${d}`),
    '',
    `Model: ${a.model}`,
  ];
}

export function formatExplain(r: ExplainReport, dataplaneFrom = 'default'): string {
  const plane = dataplaneLine(r, dataplaneFrom);
  const out = [workloadLine(r), ...(plane ? [plane] : []), '', verdictLine(r), '', 'Why:', ...r.explanation.map((l) => `  ${l}`), ...ambientLines(r), '', ...inboundLines(r)];
  const lost = r.considered.filter((c) => c.outcome === 'lost');
  if (lost.length) out.push('', 'Did not apply:', ...lost.map((c) => `  ${c.policy}: ${c.reason}`));
  if (r.rejected.length) {
    out.push('', 'Refused at admission (take no part):', ...r.rejected.map((x) => `  ${x.file}:${x.line}  ${x.policy}  ${x.field}: ${x.reason}`));
  }
  if (r.warnings.length) out.push('', 'Warnings:', ...r.warnings.map((w) => `  ${w}`));
  return out.join('\n');
}

function probeLine(p: ProbeResult): string {
  const mark = p.outcome.toUpperCase();
  const decided = p.outcome === 'accepted' || p.outcome === 'rejected';
  const surprise = p.asExpected ? '' : decided ? `  (expected ${p.expected}!)` : `  (no verdict; predicted ${p.expected})`;
  return `  ${mark.padEnd(14)}  ${p.label}${surprise}\n                  ${p.reason}`;
}

/** The last line of a lab: as predicted, not as predicted, or no verdict (which is neither). */
function labSummary(r: PolicyLabReport): string {
  const all = [...r.probes, r.sidecar.probe];
  const undecided = all.filter((p) => p.outcome === 'timed-out' || p.outcome === 'error').length;
  if (undecided) return `No verdict for ${undecided} of ${all.length} connections (timed out or failed on this machine): nothing is confirmed or refuted by them. Run it again.`;
  return r.passed ? 'Every connection behaved as the resolved mode predicts.' : 'Some connection did NOT behave as predicted (see above).';
}

export function formatLab(r: PolicyLabReport): string {
  const out = [
    r.scenario ? `Scenario ${r.scenario}` : '',
    workloadLine(r),
    verdictLine(r),
    `  decided by: ${r.explanation.slice(1, -1).join(' ') || r.explanation[0]}`,
    '',
    `Listener 127.0.0.1:${r.listener.port} enforcing ${r.mode} as ${r.server.identity}`,
    ...r.probes.map(probeLine),
    '',
    `Client sidecar → ${r.sidecar.host}: ${r.sidecar.why}`,
    probeLine(r.sidecar.probe),
    `  The calling app sees: ${r.sidecar.appMessage}`,
  ].filter((l, i) => i > 0 || l !== '');
  if (r.rejected.length) out.push('', 'Refused at admission:', ...r.rejected.map((x) => `  ${x.file}:${x.line}  ${x.policy}  ${x.field}: ${x.reason}`));
  if (r.warnings.length) out.push('', 'Warnings:', ...r.warnings.map((w) => `  ${w}`));
  out.push('', labSummary(r));
  return out.join('\n');
}
