import { loadPolicies } from '../../../src/policy/parse.js';
import { explainAuthz, type AuthzOptions, type AuthzQuestion, type AuthzReport } from '../../../src/policy/authz/report.js';

/** An AuthorizationPolicy as YAML: `spec` is the spec's YAML (indented here); `metadata` more metadata lines. */
export function ap(name: string, ns: string, spec: string, metadata = ''): string {
  const more = metadata
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `  ${l}\n`)
    .join('');
  return `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${more}spec:\n${spec
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

export const pa = (ns: string, mode: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: ${ns}}\nspec: {mtls: {mode: ${mode}}}\n`;

export const SLEEP = 'spiffe://cluster.local/ns/foo/sa/sleep';
export const OTHER = 'spiffe://cluster.local/ns/bar/sa/other';

/** The workload httpbin (app=httpbin, version=v1) in foo, port 8000, asked GET / from sleep unless said otherwise. */
export function decide(docs: string[], q: Partial<AuthzQuestion> = {}, o: AuthzOptions & { labels?: Record<string, string>; namespace?: string } = {}): AuthzReport {
  const namespace = o.namespace ?? 'foo';
  const set = loadPolicies([{ path: 'authz.yaml', text: docs.join('---\n') }], { defaultNamespace: namespace });
  if (set.rejected.length) throw new Error(`refused: ${set.rejected.map((r) => `${r.field}: ${r.reason}`).join('; ')}`);
  const question: AuthzQuestion = { from: SLEEP, method: 'GET', path: '/', port: 8000, ...q };
  return explainAuthz(set, { namespace, labels: o.labels ?? { app: 'httpbin', version: 'v1' }, port: question.port }, question, o);
}

/** Just the verdict, the way the tables below write it. */
export function verdict(docs: string[], q: Partial<AuthzQuestion> = {}, o: Parameters<typeof decide>[2] = {}): string {
  return decide(docs, q, o).result;
}
