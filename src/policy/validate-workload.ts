/**
 * Pods, workload controllers and Namespaces in the input (`kubectl get pods,deploy,ns -A -o yaml`): not policies,
 * but where a workload's namespace, pod labels and service account come from when the user names it, and where a
 * namespace's labels (istio.io/dataplane-mode) come from. Only what those need is checked. Pure.
 */
import { checkMetadata, isObj, stringMap, type Obj, type Path } from './admission.js';
import type { RawDocument } from './parse.js';
import type { NamespaceObject, WorkloadObject } from './types.js';

/** The kinds that run pods, with the apiVersions the API server serves them at. */
export const WORKLOAD_KINDS: Record<string, readonly string[]> = {
  Pod: ['v1'],
  ReplicationController: ['v1'],
  Deployment: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1'],
};

/** Where the pod (its metadata and spec) sits inside each kind. */
function podPath(kind: string): Path {
  if (kind === 'Pod') return [];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  return ['spec', 'template'];
}

function at(value: unknown, path: Path): unknown {
  let here = value;
  for (const key of path) here = isObj(here) ? here[key as string] : undefined;
  return here;
}

type Errors = { path: Path; reason: string }[];

export function validateWorkload(doc: RawDocument, v: Obj, kind: string, defaultNamespace: string): { value: { workload?: WorkloadObject }; errors: Errors } {
  const errors: Errors = [];
  const fail = (path: Path, reason: string) => errors.push({ path, reason });
  checkMetadata(doc, v, fail);
  const pod = podPath(kind);
  const labels = stringMap(at(v, [...pod, 'metadata', 'labels']), [...pod, 'metadata', 'labels'], fail, (p) => doc.sourceOf?.(p));
  const sa = at(v, [...pod, 'spec', 'serviceAccountName']);
  if (sa !== undefined && sa !== null && (typeof sa !== 'string' || sa === '')) {
    fail([...pod, 'spec', 'serviceAccountName'], 'serviceAccountName must be a non-empty string');
  }
  if (errors.length) return { value: {}, errors };
  const metadata = v.metadata as Obj;
  const ns = typeof metadata.namespace === 'string' ? metadata.namespace : defaultNamespace;
  return {
    value: {
      workload: {
        kind,
        name: metadata.name as string,
        namespace: ns,
        labels,
        serviceAccount: typeof sa === 'string' ? sa : 'default',
        source: { file: doc.file, line: doc.line },
      },
    },
    errors,
  };
}

export function validateNamespace(doc: RawDocument, v: Obj): { value: { namespace?: NamespaceObject }; errors: Errors } {
  const errors: Errors = [];
  const fail = (path: Path, reason: string) => errors.push({ path, reason });
  checkMetadata(doc, v, fail);
  const labels = stringMap(at(v, ['metadata', 'labels']), ['metadata', 'labels'], fail, (p) => doc.sourceOf?.(p));
  if (errors.length) return { value: {}, errors };
  return { value: { namespace: { name: (v.metadata as Obj).name as string, labels, source: { file: doc.file, line: doc.line } } }, errors };
}

export interface WorkloadLookup {
  workload?: WorkloadObject;
  /** Why none was chosen: nothing by that name, or more than one. */
  problem?: string;
}

/**
 * The workload the user named: `NAME` or `KIND/NAME` (kubectl's `deploy/web` short kinds too), in `namespace`
 * when given. Exactly one must match.
 */
export function findWorkload(workloads: readonly WorkloadObject[], spec: string, namespace?: string): WorkloadLookup {
  const slash = spec.indexOf('/');
  const kindWord = slash > 0 ? spec.slice(0, slash).toLowerCase() : undefined;
  const name = slash > 0 ? spec.slice(slash + 1) : spec;
  const kind = kindWord === undefined ? undefined : KIND_WORDS[kindWord];
  if (kindWord !== undefined && kind === undefined) {
    return { problem: `'${kindWord}' is not a workload kind (use pod, deployment, statefulset, daemonset, replicaset, job, cronjob or replicationcontroller)` };
  }
  const found = workloads.filter((w) => w.name === name && (kind === undefined || w.kind === kind) && (namespace === undefined || w.namespace === namespace));
  const describe = (w: WorkloadObject) => `${w.kind} ${w.namespace}/${w.name} (${w.source.file}:${w.source.line})`;
  if (found.length === 1) return { workload: found[0]! };
  if (found.length > 1) return { problem: `'${spec}' matches ${found.length} objects: ${found.map(describe).join(', ')}; add --namespace NS or KIND/NAME` };
  const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
  const known = workloads.length ? ` (the input has: ${workloads.slice(0, 8).map((w) => `${w.kind.toLowerCase()}/${w.name} in ${w.namespace}`).join(', ')}${workloads.length > 8 ? ', ...' : ''})` : ' (the input has no Pod, Deployment or other workload)';
  return { problem: `no ${kind ?? 'Pod or workload controller'} named '${name}'${where} in the input${known}` };
}

const KIND_WORDS: Record<string, string> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  daemonset: 'DaemonSet', daemonsets: 'DaemonSet', ds: 'DaemonSet',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  job: 'Job', jobs: 'Job',
  cronjob: 'CronJob', cronjobs: 'CronJob', cj: 'CronJob',
  replicationcontroller: 'ReplicationController', replicationcontrollers: 'ReplicationController', rc: 'ReplicationController',
};
