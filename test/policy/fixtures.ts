import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadScenarioDir } from '../../src/policy/scenario-files.js';
import type { ScenarioData } from '../../src/policy/scenario-schema.js';
import { explainPolicies, type ExplainReport } from '../../src/policy/explain.js';
import type { Workload } from '../../src/policy/types.js';
import { createCa, issueServerCert, issueWorkloadCert, spiffeId } from '../../src/lab/pki.js';
import type { MeshCerts } from '../../src/policy/live/types.js';

/** A PeerAuthentication document as YAML text; only what a test sets is written. */
export function pa(o: {
  name: string;
  ns?: string;
  /** matchLabels; 'empty' writes `selector: {}`. */
  labels?: Record<string, string> | 'empty';
  /** spec.mtls.mode; null writes `mtls: {}`; undefined writes no mtls. */
  mode?: string | null;
  ports?: Record<string, string | null>;
  /** Minutes after 2024-03-01T10:00:00Z, or a literal timestamp. */
  at?: number | string;
  apiVersion?: string;
}): string {
  const metadata: Record<string, unknown> = { name: o.name };
  if (o.ns !== undefined) metadata.namespace = o.ns;
  if (o.at !== undefined) metadata.creationTimestamp = typeof o.at === 'number' ? minute(o.at) : o.at;
  const spec: Record<string, unknown> = {};
  if (o.labels === 'empty') spec.selector = {};
  else if (o.labels) spec.selector = { matchLabels: o.labels };
  if (o.mode === null) spec.mtls = {};
  else if (o.mode !== undefined) spec.mtls = { mode: o.mode };
  if (o.ports) {
    spec.portLevelMtls = Object.fromEntries(Object.entries(o.ports).map(([p, m]) => [p, m === null ? {} : { mode: m }]));
  }
  return stringify({ apiVersion: o.apiVersion ?? 'security.istio.io/v1', kind: 'PeerAuthentication', metadata, spec });
}

export function minute(n: number): string {
  return new Date(Date.UTC(2024, 2, 1, 10, n, 0)).toISOString().replace('.000Z', 'Z');
}

/** Joins documents into one multi-document file and explains it for the workload. */
export function explain(docs: string[], workload: Workload, rootNamespace?: string): ExplainReport {
  const text = docs.join('---\n');
  return explainPolicies([{ path: 'policies.yaml', text }], workload, rootNamespace ? { rootNamespace } : {});
}

export function lostReason(report: ExplainReport, ref: string): string {
  const entry = report.considered.find((c) => c.policy === ref);
  if (!entry) throw new Error(`${ref} was not considered`);
  if (entry.outcome !== 'lost') throw new Error(`${ref} was chosen, not lost`);
  return entry.reason;
}

/** A mesh CA with the certificates of workload foo/web (the server) and foo/sleep (the client), as Istio issues them. */
export async function meshCerts(): Promise<MeshCerts> {
  const ca = await createCa('test mesh root');
  const serverIdentity = spiffeId('foo', 'web');
  const clientIdentity = spiffeId('foo', 'sleep');
  return {
    root: ca.cert,
    server: await issueServerCert(ca, { uris: [serverIdentity], usage: ['serverAuth', 'clientAuth'] }),
    serverIdentity,
    client: await issueWorkloadCert(ca, clientIdentity),
    clientIdentity,
  };
}

/** The shipped prepared scenarios (lessons/policy/), read as `lessons check` reads them; throws on a problem. */
export function shippedScenarios(): ScenarioData {
  const { data, errors } = loadScenarioDir(fileURLToPath(new URL('../../lessons/policy/', import.meta.url)));
  if (errors.length) throw new Error(errors.map((e) => `${e.file}:${e.line}: ${e.path}: ${e.message}`).join('\n'));
  return data;
}
