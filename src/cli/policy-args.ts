/** Flags and inputs the policy commands share: the -f inputs, the workload, the port and its protocol. */
import { intFlag } from './args.js';
import { type CliIo, UsageError } from './io.js';
import { PORT_PROTOCOLS, type PortProtocol } from '../policy/inbound-chains.js';
import { readPolicyInputs } from '../policy/inputs.js';
import { loadPolicies } from '../policy/parse.js';
import type { PolicySet, Skipped, Workload, WorkloadObject } from '../policy/types.js';
import { findWorkload } from '../policy/validate-workload.js';
import { DATAPLANES, type Dataplane } from '../policy/explain.js';

export const WORKLOAD_FLAGS = {
  f: { type: 'string', short: 'f', multiple: true },
  file: { type: 'string', multiple: true },
  namespace: { type: 'string', short: 'n' },
  labels: { type: 'string', short: 'l' },
  workload: { type: 'string', short: 'w' },
  port: { type: 'string', short: 'p' },
  'port-protocol': { type: 'string' },
  dataplane: { type: 'string' },
  'root-namespace': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

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

export interface WorkloadArgs {
  set: PolicySet;
  workload: Workload;
  portProtocol: PortProtocol;
  dataplane: Dataplane;
  /** Where the data plane came from, for the output. */
  dataplaneFrom: 'flag' | 'namespace label' | 'default';
  /** The Pod or controller named by --workload. */
  workloadObject?: WorkloadObject;
  rootNamespace?: string;
}

export function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`--${flag} must not be empty`);
  return value?.trim();
}

/**
 * Reads every -f input (files, folders, `-` for stdin), validates the documents, and finds the workload: from
 * --namespace/--labels, or from the Pod or controller that --workload names in the same input.
 */
export async function workloadArgs(command: string, values: Record<string, unknown>, positionals: string[], io: CliIo): Promise<WorkloadArgs> {
  if (positionals.length) throw new UsageError(`${command}: unexpected argument '${positionals[0]}' (files go after -f)`);
  const paths = [...((values.f as string[] | undefined) ?? []), ...((values.file as string[] | undefined) ?? [])];
  if (paths.length === 0) throw new UsageError(`${command}: -f FILE is required (a YAML or JSON file, a folder of them, or - for standard input)`);
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError(`${command}: -f - (standard input) can be given only once`);
  const namespace = nonEmpty('namespace', values.namespace as string | undefined);
  const named = nonEmpty('workload', values.workload as string | undefined);
  if (!namespace && !named) {
    throw new UsageError(`${command}: --namespace NS is required (the workload's namespace), or --workload NAME to read the workload from a Pod or Deployment in the input`);
  }
  if (named && values.labels !== undefined) {
    throw new UsageError(`${command}: give --labels or --workload, not both (--workload reads the pod labels from the object)`);
  }
  const labels = parseLabels(values.labels as string | undefined);
  const port = intFlag('port', values.port as string | undefined, 1, 65535);
  const rootNamespace = nonEmpty('root-namespace', values['root-namespace'] as string | undefined);
  const portProtocol = portProtocolFlag(values['port-protocol'] as string | undefined);
  const { files, unreadable } = await readPolicyInputs(paths, io.readStdin);
  // Documents without metadata.namespace land where `kubectl apply -n NS` (or the default namespace) would put them.
  const set = loadPolicies(files, { defaultNamespace: namespace ?? 'default' });
  set.skipped.unshift(...unreadable);
  const withPort = port !== undefined ? { port } : {};
  const root = rootNamespace ? { rootNamespace } : {};
  const flag = dataplaneFlag(values.dataplane as string | undefined);
  let workload: Workload;
  let workloadObject: WorkloadObject | undefined;
  if (!named) workload = { namespace: namespace!, labels, ...withPort };
  else {
    const found = findWorkload(set.workloads, named, namespace);
    if (!found.workload) throw new UsageError(`${command}: --workload ${named}: ${found.problem}`);
    workloadObject = found.workload;
    workload = { namespace: workloadObject.namespace, labels: workloadObject.labels, ...withPort };
  }
  // A Namespace in the input says which data plane its pods use (istio.io/dataplane-mode: ambient).
  const nsObject = set.namespaces.find((n) => n.name === workload.namespace);
  const labelled: Dataplane | undefined = nsObject ? (nsObject.labels[DATAPLANE_LABEL] === 'ambient' ? 'ambient' : 'sidecar') : undefined;
  if (flag && labelled && flag !== labelled) {
    set.warnings.push(`--dataplane ${flag} was given, but Namespace ${workload.namespace} (${nsObject!.source.file}:${nsObject!.source.line}) says ${DATAPLANE_LABEL}=${nsObject!.labels[DATAPLANE_LABEL] ?? '(none)'}; resolving for ${flag}`);
  }
  const dataplane = flag ?? labelled ?? 'sidecar';
  const dataplaneFrom = flag ? 'flag' : labelled === 'ambient' ? 'namespace label' : 'default';
  return { set, workload, ...(workloadObject ? { workloadObject } : {}), portProtocol, dataplane, dataplaneFrom, ...root };
}

export const DATAPLANE_LABEL = 'istio.io/dataplane-mode';

function dataplaneFlag(raw: string | undefined): Dataplane | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (!(DATAPLANES as readonly string[]).includes(value)) throw new UsageError(`--dataplane must be one of ${DATAPLANES.join(', ')}, got '${raw}'`);
  return value as Dataplane;
}

export function portProtocolFlag(raw: string | undefined): PortProtocol {
  if (raw === undefined) return 'auto';
  const value = raw.trim().toLowerCase();
  if (!(PORT_PROTOCOLS as readonly string[]).includes(value)) throw new UsageError(`--port-protocol must be one of ${PORT_PROTOCOLS.join(', ')}, got '${raw}'`);
  return value as PortProtocol;
}

/** The warning printed before a verdict reached without some of the input. */
export function skippedWarning(skipped: readonly Skipped[]): string {
  const n = skipped.length;
  const lines = skipped.map((s) => `  ${s.file} ${s.document}: ${s.reason}`);
  return [`warning: ${n} ${n === 1 ? 'document was' : 'documents were'} not read or refused at admission; the verdict below is without ${n === 1 ? 'it' : 'them'} (exit code 1):`, ...lines].join('\n');
}
