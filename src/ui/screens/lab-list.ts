/** Which labs a list shows, and how the learner did last time. Pure. */
import type { LabText, LabTexts } from '../../content/lab-texts.js';
import type { Lesson } from '../../content/schema.js';
import type { ProgressEvent } from '../../learning/events.js';
import { isScenarioId, SCENARIOS, type ScenarioId } from '../../lab/scenarios.js';
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

/**
 * A TLS lab's text from the course. The build checks every scenario has one; without it (a course compiled
 * without lessons/labs/) the lab still runs, under its id.
 */
export function labTextOf(texts: LabTexts, id: ScenarioId): LabText {
  return (
    texts[id] ?? {
      id,
      title: id,
      presents: 'a setup described in lessons/labs/, which this course does not have',
      explanation: 'This course has no text for this lab (lessons/labs/).',
      fix: 'Rebuild the tutor (npm run build) so the lab texts are compiled with the course.',
      commands: { server: '', curl: '', openssl: '' },
    }
  );
}

const tlsEntry = (texts: LabTexts, id: ScenarioId): LabEntry => {
  const text = labTextOf(texts, id);
  return { kind: 'tls', id, title: text.title, description: `The client presents ${text.presents}.` };
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

/**
 * A lesson's labs in its order (TLS and policy alike), or every lab of `kind` when there is no lesson. TLS labs
 * take their titles from `texts` (the course's lab texts).
 */
export function labEntries(kind: LabEntry['kind'], scenarios: ScenarioData, lesson?: Lesson, texts: LabTexts = {}): LabEntry[] {
  if (lesson) {
    return lesson.labs.flatMap((id) =>
      isScenarioId(id) ? [tlsEntry(texts, id)] : isPolicyScenarioId(scenarios, id) || isAuthzScenarioId(scenarios, id) ? [policyEntry(scenarios, id)] : [],
    );
  }
  return kind === 'tls' ? SCENARIOS.map((s) => tlsEntry(texts, s.id)) : [...scenarios.peer, ...scenarios.authz].map((s) => policyEntry(scenarios, s.id));
}

/** For every lab tried before, "✓ predicted right" or "✗ predicted wrong" about its latest prediction. One pass. */
export function lastPredictionTexts(events: readonly ProgressEvent[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'lab-prediction') texts.set(e.labId, e.predicted === e.actual ? `${marks.ok} predicted right` : `${marks.fail} predicted wrong`);
  }
  return texts;
}
