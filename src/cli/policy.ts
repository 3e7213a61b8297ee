import { readFile } from 'node:fs/promises';
import { intFlag, parseFlags } from './args.js';
import { type CliIo, UsageError, UserError } from './io.js';
import { runSubcommand } from './subcommands.js';
import type { ExplainReport } from '../policy/explain.js';
import type { PolicyFile } from '../policy/parse.js';
import type { PolicyLabReport } from '../policy/lab.js';
import type { ProbeResult } from '../policy/enforce.js';
import { isPolicyScenarioId, POLICY_SCENARIOS, POLICY_SCENARIO_IDS } from '../policy/scenarios.js';

export const POLICY_HELP = `mtls-tutor policy — which Istio PeerAuthentication applies to a workload, proven on a real listener

Usage
  mtls-tutor policy explain -f FILE [-f FILE...] --namespace NS [--labels k=v,k2=v2] [--port N]
                            [--root-namespace NS] [--json]
      Validate the PeerAuthentication (and DestinationRule) documents as Istio's admission would, then
      resolve the mode for the workload step by step: which policy won at each level, and why others lost.
  mtls-tutor policy lab -f FILE... --namespace NS [--labels ...] [--port N] [--root-namespace NS]
                        [--host HOST] [--client-namespace NS] [--client-sa SA] [--json]
  mtls-tutor policy lab --scenario ID [--json]
      Enforce the resolved mode on 127.0.0.1 (one port, like Envoy's TLS inspector) and probe it with a
      plaintext client, an mTLS client with a workload certificate, a TLS client without one, and the
      client sidecar as the DestinationRule (or auto mTLS) configures it.
  mtls-tutor policy scenarios [--json]
      The prepared scenarios.

Flags
  -f, --file FILE        YAML file (multi-document); repeat for more files
  -n, --namespace NS     the workload's namespace; documents without metadata.namespace are placed here
  -l, --labels k=v,...   the workload's pod labels
  -p, --port N           the workload (container) port, used for portLevelMtls; not the Service port
      --root-namespace   meshConfig.rootNamespace (default istio-system)
      --host HOST        service host the client sidecar calls (default <app>.<ns>.svc.cluster.local)
      --client-namespace / --client-sa   the caller's identity (default: the workload's namespace, sa "sleep")
      --json             machine-readable output

Exit codes: 0 done (explain) or every live result as predicted (lab); 1 a live result differed; 2 bad usage.
`;

const WORKLOAD_FLAGS = {
  f: { type: 'string', short: 'f', multiple: true },
  file: { type: 'string', multiple: true },
  namespace: { type: 'string', short: 'n' },
  labels: { type: 'string', short: 'l' },
  port: { type: 'string', short: 'p' },
  'root-namespace': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const LAB_FLAGS = {
  ...WORKLOAD_FLAGS,
  host: { type: 'string' },
  'client-namespace': { type: 'string' },
  'client-sa': { type: 'string' },
  scenario: { type: 'string' },
} as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runSubcommand('policy', argv, io, POLICY_HELP, { explain: explainCommand, lab: labCommand, scenarios: scenariosCommand });
}

/** `k=v,k2=v2` → {k: v, k2: v2}; an empty string means no labels. */
export function parseLabels(raw: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (raw === undefined || raw.trim() === '') return labels;
  for (const piece of raw.split(',')) {
    const item = piece.trim();
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--labels: '${item}' is not key=value (expected e.g. --labels app=web,version=v1)`);
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key in labels) throw new UsageError(`--labels: label '${key}' is given twice`);
    labels[key] = value;
  }
  return labels;
}

interface WorkloadArgs {
  files: PolicyFile[];
  workload: { namespace: string; labels: Record<string, string>; port?: number };
  rootNamespace?: string;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`--${flag} must not be empty`);
  return value?.trim();
}

async function workloadArgs(command: string, values: Record<string, unknown>, positionals: string[]): Promise<WorkloadArgs> {
  if (positionals.length) throw new UsageError(`${command}: unexpected argument '${positionals[0]}' (files go after -f)`);
  const paths = [...((values.f as string[] | undefined) ?? []), ...((values.file as string[] | undefined) ?? [])];
  if (paths.length === 0) throw new UsageError(`${command}: -f FILE is required (a YAML file with PeerAuthentication documents)`);
  const namespace = nonEmpty('namespace', values.namespace as string | undefined);
  if (!namespace) throw new UsageError(`${command}: --namespace NS is required (the workload's namespace)`);
  const labels = parseLabels(values.labels as string | undefined);
  const port = intFlag('port', values.port as string | undefined, 1, 65535);
  const rootNamespace = nonEmpty('root-namespace', values['root-namespace'] as string | undefined);
  const files = await Promise.all(paths.map(readPolicyFile));
  return { files, workload: { namespace, labels, ...(port !== undefined ? { port } : {}) }, ...(rootNamespace ? { rootNamespace } : {}) };
}

async function readPolicyFile(path: string): Promise<PolicyFile> {
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a YAML file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`-f ${path}: ${why}`);
  }
}

async function explainCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('policy explain', argv, WORKLOAD_FLAGS);
  if (values.help) {
    io.out(POLICY_HELP);
    return 0;
  }
  const args = await workloadArgs('policy explain', values, positionals);
  const { explainPolicies } = await import('../policy/explain.js');
  const report = explainPolicies(args.files, args.workload, args.rootNamespace ? { rootNamespace: args.rootNamespace } : {});
  io.out(values.json ? JSON.stringify(report, null, 2) : formatExplain(report));
  return 0;
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
    const mixed = ['f', 'file', 'namespace', 'labels', 'port', 'root-namespace', 'host', 'client-namespace', 'client-sa'].filter((k) => k in values);
    if (mixed.length) throw new UsageError(`policy lab: --scenario brings its own YAML and workload; drop ${mixed[0] === 'f' ? '-f' : `--${mixed[0]}`}`);
    if (!isPolicyScenarioId(values.scenario)) {
      throw new UsageError(`policy lab: unknown --scenario '${values.scenario}'. Known: ${POLICY_SCENARIO_IDS.join(', ')}`);
    }
    report = await lab.runPolicyScenario(values.scenario);
  } else {
    const args = await workloadArgs('policy lab', values, positionals);
    const client = {
      ...(values['client-namespace'] ? { namespace: nonEmpty('client-namespace', values['client-namespace']) } : {}),
      ...(values['client-sa'] ? { serviceAccount: nonEmpty('client-sa', values['client-sa']) } : {}),
    };
    const host = nonEmpty('host', values.host);
    try {
      report = await lab.runPolicyLab(args.files, {
        workload: args.workload,
        ...(args.rootNamespace ? { rootNamespace: args.rootNamespace } : {}),
        ...(host ? { host } : {}),
        client,
      });
    } catch (error) {
      throw new UserError(`policy lab: could not run the listener: ${(error as Error).message}`);
    }
  }
  io.out(values.json ? JSON.stringify(report, null, 2) : formatLab(report));
  return report.passed ? 0 : 1;
}

async function scenariosCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('policy scenarios', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(POLICY_HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`policy scenarios: unexpected argument '${positionals[0]}'`);
  if (values.json) {
    io.out(JSON.stringify(POLICY_SCENARIOS, null, 2));
    return 0;
  }
  const width = Math.max(...POLICY_SCENARIO_IDS.map((id) => id.length));
  const lines = POLICY_SCENARIOS.map((s) => `  ${s.id.padEnd(width)}  ${s.title}`);
  io.out(`Policy scenarios (run one with: mtls-tutor policy lab --scenario ID)\n${lines.join('\n')}`);
  return 0;
}

// ---------- human output ----------

function workloadLine(r: ExplainReport): string {
  const labels = Object.entries(r.workload.labels).map(([k, v]) => `${k}=${v}`).join(', ');
  const port = r.workload.port === null ? 'any port' : `port ${r.workload.port}`;
  return `Workload in ${r.workload.namespace}${labels ? ` {${labels}}` : ' (no labels)'}, ${port}; root namespace ${r.rootNamespace}`;
}

function verdictLine(r: ExplainReport): string {
  const yes = (b: boolean) => (b ? 'accepted' : 'rejected');
  return `Mode: ${r.mode}   plaintext: ${yes(r.plaintextAccepted)}   mTLS: ${yes(r.mtlsAccepted)}`;
}

export function formatExplain(r: ExplainReport): string {
  const out = [workloadLine(r), '', verdictLine(r), '', 'Why:', ...r.explanation.map((l) => `  ${l}`)];
  const lost = r.considered.filter((c) => c.outcome === 'lost');
  if (lost.length) out.push('', 'Did not apply:', ...lost.map((c) => `  ${c.policy}: ${c.reason}`));
  if (r.rejected.length) {
    out.push('', 'Refused at admission (take no part):', ...r.rejected.map((x) => `  ${x.file}:${x.line}  ${x.policy}  ${x.field}: ${x.reason}`));
  }
  if (r.warnings.length) out.push('', 'Warnings:', ...r.warnings.map((w) => `  ${w}`));
  return out.join('\n');
}

function probeLine(p: ProbeResult): string {
  const mark = p.outcome === 'accepted' ? 'ACCEPTED' : 'REJECTED';
  const surprise = p.asExpected ? '' : `  (expected ${p.expected}!)`;
  return `  ${mark.padEnd(8)}  ${p.label}${surprise}\n            ${p.reason}`;
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
  out.push('', r.passed ? 'Every connection behaved as the resolved mode predicts.' : 'Some connection did NOT behave as predicted (see above).');
  return out.join('\n');
}
