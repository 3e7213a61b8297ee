import { Text } from 'ink';
import { useCallback } from 'react';
import type { AuthzLabReport } from '../../policy/authz/lab.js';
import type { AuthzScenario } from '../../policy/scenarios.js';
import { LabFailed, LabRunning } from '../components/lab-status.js';
import { ScenarioRead } from '../components/scenario-read.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { theme } from '../theme.js';
import { authzResultLines, liveResult, type AuthzPrediction } from './authz-result.js';
import { runAuthzLab } from './lab-loader.js';
import { authzWorkloadText } from './lab-list.js';
import { resultKeys, useLabRun } from './use-lab-run.js';

const KEYS: Record<string, AuthzPrediction> = { a: 'allowed', d: 'denied', c: 'refused' };
const describe = (predicted: AuthzPrediction, report: AuthzLabReport) => ({ predicted, actual: liveResult(report) ?? 'no verdict' });

/**
 * One prepared AuthorizationPolicy scenario: read the manifests and the request, predict allowed / denied /
 * refused, then send the request for real as the caller's certificate and see which policy decided.
 */
export function AuthzLabRun({ scenario, onDone }: { scenario: AuthzScenario; onDone(): void }) {
  const { size } = useApp();
  const id = scenario.id;
  const run = useCallback(() => runAuthzLab(scenario), [scenario]);
  const { state, start, again } = useLabRun<AuthzPrediction, AuthzLabReport>({ labId: id, run, describe });
  useKeys((input, key) => {
    if (state.phase === 'predict') {
      const picked = KEYS[input];
      if (picked) start(picked);
    } else if (state.phase === 'done' || state.phase === 'error') {
      if (key.return) onDone();
      else if (input === 'r') again();
    }
  });
  const width = size.columns - 2;
  const keys =
    state.phase === 'predict'
      ? [{ key: 'a/d/c', label: 'allowed / denied / refused' }, { key: '↑↓', label: 'scroll YAML' }]
      : state.phase === 'running'
        ? []
        : resultKeys(state.phase);
  return (
    <Screen title={`Policy lab · ${scenario.title}`} subtitle={id} keys={keys}>
      {state.phase === 'predict' ? (
        <Read scenario={scenario} />
      ) : state.phase === 'running' ? (
        <LabRunning predicted={state.predicted} activity="Enforcing the policies on 127.0.0.1 and sending the request as the caller…" />
      ) : state.phase === 'error' ? (
        <LabFailed what="The policy lab" message={state.message} />
      ) : (
        <ScrollView lines={authzResultLines(state.result, scenario, state.predicted, width)} height={size.bodyRows} resetKey={state.result} />
      )}
    </Screen>
  );
}

function Read({ scenario }: { scenario: AuthzScenario }) {
  return (
    <ScenarioRead id={scenario.id} workload={authzWorkloadText(scenario)} manifests={scenario.manifests} question={scenario.question} promptRows={1}>
      <Text>
        <Text color={theme.key}>a</Text> allowed · <Text color={theme.key}>d</Text> denied (403) · <Text color={theme.key}>c</Text> connection refused
      </Text>
    </ScenarioRead>
  );
}
