import { loadPolicies, type PolicyFile } from './parse.js';
import { resolve, DEFAULT_ROOT_NAMESPACE } from './resolve.js';
import type { PolicySet, Rejection, Resolution, Skipped, Workload, WorkloadObject } from './types.js';

/** The `policy explain --json` shape: the resolution plus what admission refused and every warning. */
export interface ExplainReport extends Resolution {
  workload: { namespace: string; labels: Record<string, string>; port: number | null };
  rootNamespace: string;
  rejected: Rejection[];
  /** Every document (or file) that could not be read or was refused: the verdict is without them. */
  skipped: Skipped[];
  /** The Pod or controller the workload was read from (--workload), or null when given by flags. */
  workloadSource: { kind: string; name: string; namespace: string; serviceAccount: string; file: string; line: number } | null;
}

export interface ExplainOptions {
  rootNamespace?: string;
  /** The object the workload was read from, when the user named one. */
  workloadObject?: WorkloadObject;
}

export function workloadSourceOf(w: WorkloadObject | undefined): ExplainReport['workloadSource'] {
  return w ? { kind: w.kind, name: w.name, namespace: w.namespace, serviceAccount: w.serviceAccount, file: w.source.file, line: w.source.line } : null;
}

export function explainSet(set: PolicySet, workload: Workload, options: ExplainOptions = {}): ExplainReport {
  const rootNamespace = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const resolution = resolve(set.peerAuthentications, workload, { rootNamespace });
  return {
    mode: resolution.mode,
    plaintextAccepted: resolution.plaintextAccepted,
    mtlsAccepted: resolution.mtlsAccepted,
    decidedBy: resolution.decidedBy,
    rejected: set.rejected,
    warnings: [...set.warnings, ...resolution.warnings],
    decidingLevel: resolution.decidingLevel,
    workloadMode: resolution.workloadMode,
    considered: resolution.considered,
    explanation: resolution.explanation,
    workload: { namespace: workload.namespace, labels: workload.labels, port: workload.port ?? null },
    rootNamespace,
    skipped: set.skipped,
    workloadSource: workloadSourceOf(options.workloadObject),
  };
}

/** Parses, validates and resolves in one go. Documents without a namespace land in the workload's namespace. */
export function explainPolicies(files: readonly PolicyFile[], workload: Workload, options: ExplainOptions = {}): ExplainReport {
  return explainSet(loadPolicies(files, { defaultNamespace: workload.namespace }), workload, options);
}
