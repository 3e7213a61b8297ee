import { Text } from 'ink';
import { useMemo } from 'react';
import { Menu } from '../components/menu.js';
import { Screen } from '../components/screen.js';
import { useApp } from '../context.js';
import type { ScenarioId } from '../../lab/scenarios.js';
import { theme } from '../theme.js';
import { lastPredictionTexts, type LabEntry } from './lab-list.js';
import { getAuthzScenario, getPolicyScenario, isAuthzScenarioId } from '../../policy/scenarios.js';
import { AuthzLabRun } from './authz-lab-run.js';
import { PolicyLabRun } from './policy-lab-run.js';
import { TlsLabRun } from './tls-lab-run.js';
import { useStudyTime } from './use-study-time.js';

/**
 * A list of labs; Enter opens one (a TLS handshake lab or a policy lab, whichever it is) as a screen of its own,
 * and coming back lands on the same lab. Time here counts as lab study time.
 */
export function LabPicker({ title, subtitle, entries, lessonId }: { title: string; subtitle: string; entries: LabEntry[]; lessonId?: string }) {
  const { progress, size, navigate } = useApp();
  useStudyTime('lab', lessonId);
  // In a lesson's mixed list, policy labs say what they are.
  const mixed = entries.some((e) => e.kind === 'tls') && entries.some((e) => e.kind === 'policy');
  // Re-derived when the log changes, not on every move through the list.
  const before = useMemo(() => lastPredictionTexts(progress.events), [progress.events]);
  const items = entries.map((e) => {
    const last = before.get(e.id);
    return { key: e.id, label: mixed && e.kind === 'policy' ? `Policy: ${e.title}` : e.title, description: e.description, ...(last ? { detail: last } : {}) };
  });
  return (
    <Screen title={title} subtitle={subtitle} keys={[{ key: '↑↓', label: 'move' }, { key: 'Enter', label: 'predict & run' }]}>
      {entries.length === 0 ? (
        <Text color={theme.muted}>No labs here.</Text>
      ) : (
        <Menu
          id={`labs:${title}`}
          items={items}
          limit={Math.max(3, size.bodyRows - 5)}
          onSelect={(item) => {
            const entry = entries.find((e) => e.id === item.key);
            if (entry) navigate({ type: 'push', route: { name: 'lab', kind: entry.kind, labId: entry.id, ...(lessonId ? { lessonId } : {}) } });
          }}
        />
      )}
    </Screen>
  );
}

/** One lab run. Esc during the run, or Enter after it, goes back to the list; a result that comes later is dropped. */
export function LabRunScreen({ kind, labId, lessonId, resume = false }: { kind: 'tls' | 'policy'; labId: string; lessonId?: string; resume?: boolean }) {
  const { navigate, course } = useApp();
  useStudyTime('lab', lessonId);
  const back = () => navigate({ type: 'back' });
  if (kind === 'tls') return <TlsLabRun id={labId as ScenarioId} onDone={back} resume={resume} {...(lessonId ? { lessonId } : {})} />;
  const scenarios = course.policyScenarios;
  return isAuthzScenarioId(scenarios, labId) ? (
    <AuthzLabRun scenario={getAuthzScenario(scenarios, labId)} onDone={back} />
  ) : (
    <PolicyLabRun scenario={getPolicyScenario(scenarios, labId)} onDone={back} />
  );
}
