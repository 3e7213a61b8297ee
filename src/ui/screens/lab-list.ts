/** Which labs a list shows, and how the learner did last time. Pure. */
import type { Lesson } from '../../content/schema.js';
import type { ProgressEvent } from '../../learning/events.js';
import { getScenario, isScenarioId, SCENARIOS, type ScenarioId } from '../../lab/scenarios.js';
import { AUTHZ_SCENARIOS, getAuthzScenario, isAuthzScenarioId, type AuthzScenario } from '../../policy/authz/scenarios.js';
import { getPolicyScenario, isPolicyScenarioId, POLICY_SCENARIOS, type PolicyScenario } from '../../policy/scenarios.js';
import { marks } from '../theme.js';

export type LabEntry = { kind: 'tls'; id: ScenarioId; title: string; description: string } | { kind: 'policy'; id: string; title: string; description: string };

/** "namespace payments · app=ledger, version=v3 · port 8080", plus the caller when the scenario names one. */
export function workloadText(s: PolicyScenario): string {
  const labels = Object.entries(s.workload.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const protocol = s.portProtocol === 'auto' ? ' (protocol undeclared)' : s.portProtocol ? ` (declared ${s.portProtocol.toUpperCase()})` : '';
  const parts = [`namespace ${s.workload.namespace}`, `labels ${labels || 'none'}`, `port ${s.workload.port}${protocol}`];
  if (s.host) parts.push(`called as ${s.host}`);
  if (s.client) parts.push(`by ${s.client.serviceAccount ?? 'sleep'} in ${s.client.namespace ?? s.workload.namespace}`);
  return `Workload: ${parts.join(' · ')}`;
}

const tlsEntry = (id: ScenarioId): LabEntry => {
  const s = getScenario(id);
  return { kind: 'tls', id, title: s.title, description: `The client presents ${s.presents}.` };
};
/** "Workload: namespace shop · labels app=payments · port 8080 · request POST /charge from spiffe://..." */
export function authzWorkloadText(s: AuthzScenario): string {
  const labels = Object.entries(s.workload.labels).map(([k, v]) => `${k}=${v}`).join(', ');
  const from = s.request.from === 'plaintext' ? 'a client without a sidecar (plaintext)' : s.request.from;
  return `Workload: namespace ${s.workload.namespace} · labels ${labels || 'none'} · port ${s.workload.port} · request ${s.request.method} ${s.request.path} from ${from}`;
}

const policyEntry = (id: string): LabEntry => {
  if (isAuthzScenarioId(id)) {
    const a = getAuthzScenario(id);
    return { kind: 'policy', id, title: a.title, description: authzWorkloadText(a) };
  }
  const s = getPolicyScenario(id);
  return { kind: 'policy', id, title: s.title, description: workloadText(s) };
};

/** A lesson's labs in its order (TLS and policy alike), or every lab of `kind` when there is no lesson. */
export function labEntries(kind: LabEntry['kind'], lesson?: Lesson): LabEntry[] {
  if (lesson) {
    return lesson.labs.flatMap((id) => (isScenarioId(id) ? [tlsEntry(id)] : isPolicyScenarioId(id) || isAuthzScenarioId(id) ? [policyEntry(id)] : []));
  }
  return kind === 'tls' ? SCENARIOS.map((s) => tlsEntry(s.id)) : [...POLICY_SCENARIOS, ...AUTHZ_SCENARIOS].map((s) => policyEntry(s.id));
}

/** For every lab tried before, "✓ predicted right" or "✗ predicted wrong" about its latest prediction. One pass. */
export function lastPredictionTexts(events: readonly ProgressEvent[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'lab-prediction') texts.set(e.labId, e.predicted === e.actual ? `${marks.ok} predicted right` : `${marks.fail} predicted wrong`);
  }
  return texts;
}
