/** Which labs a list shows, and how the learner did last time. Pure. */
import type { Lesson } from '../../content/schema.js';
import type { ProgressEvent } from '../../learning/events.js';
import { getScenario, isScenarioId, SCENARIOS, type ScenarioId } from '../../lab/scenarios.js';
import { getAuthzScenario, getPolicyScenario, isAuthzScenarioId, isPolicyScenarioId, type AuthzScenario, type PolicyScenario, type ScenarioData } from '../../policy/scenarios.js';
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

const policyEntry = (data: ScenarioData, id: string): LabEntry => {
  if (isAuthzScenarioId(data, id)) {
    const a = getAuthzScenario(data, id);
    return { kind: 'policy', id, title: a.title, description: authzWorkloadText(a) };
  }
  const s = getPolicyScenario(data, id);
  return { kind: 'policy', id, title: s.title, description: workloadText(s) };
};

/** A lesson's labs in its order (TLS and policy alike), or every lab of `kind` when there is no lesson. */
export function labEntries(kind: LabEntry['kind'], scenarios: ScenarioData, lesson?: Lesson): LabEntry[] {
  if (lesson) {
    return lesson.labs.flatMap((id) =>
      isScenarioId(id) ? [tlsEntry(id)] : isPolicyScenarioId(scenarios, id) || isAuthzScenarioId(scenarios, id) ? [policyEntry(scenarios, id)] : [],
    );
  }
  return kind === 'tls' ? SCENARIOS.map((s) => tlsEntry(s.id)) : [...scenarios.peer, ...scenarios.authz].map((s) => policyEntry(scenarios, s.id));
}

/** For every lab tried before, "✓ predicted right" or "✗ predicted wrong" about its latest prediction. One pass. */
export function lastPredictionTexts(events: readonly ProgressEvent[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'lab-prediction') texts.set(e.labId, e.predicted === e.actual ? `${marks.ok} predicted right` : `${marks.fail} predicted wrong`);
  }
  return texts;
}
