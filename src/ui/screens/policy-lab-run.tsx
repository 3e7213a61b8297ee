import { Text } from 'ink';
import { useCallback, useState } from 'react';
import type { PolicyLabReport } from '../../policy/lab.js';
import type { PolicyScenario } from '../../policy/scenarios.js';
import type { EffectiveMode } from '../../policy/types.js';
import { ScrollView } from '../components/scroll-view.js';
import { ScenarioRead } from '../components/scenario-read.js';
import { Screen } from '../components/screen.js';
import { LabFailed, LabRunning } from '../components/lab-status.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { marks, theme } from '../theme.js';
import { runPolicyLab } from './lab-loader.js';
import { workloadText } from './lab-list.js';
import { actualText, policyResultLines, predictionText, type PolicyPrediction, type TlsFate } from './policy-result.js';
import { resultKeys, useLabRun } from './use-lab-run.js';

const MODE_KEYS: Record<string, EffectiveMode> = { s: 'STRICT', p: 'PERMISSIVE', d: 'DISABLE' };
const TLS_KEYS: Record<string, TlsFate> = { t: 'terminate', p: 'pass', c: 'close' };
const describe = (predicted: PolicyPrediction, report: PolicyLabReport) => ({ predicted: predictionText(predicted), actual: actualText(report, predicted) });

/**
 * One prepared policy scenario: read the manifests (highlighted), predict the mode (s/p/d) and whether plaintext
 * gets in (y/n), then run it on a real listener and see what decided the mode and what each client got.
 */
export function PolicyLabRun({ scenario, onDone }: { scenario: PolicyScenario; onDone(): void }) {
  const { size } = useApp();
  const id = scenario.id;
  const run = useCallback(() => runPolicyLab(scenario), [scenario]);
  const { state, start, again } = useLabRun<PolicyPrediction, PolicyLabReport>({ labId: id, run, describe });
  const [mode, setMode] = useState<EffectiveMode>();
  const [plaintext, setPlaintext] = useState<boolean>();
  // Scenarios about TLS from outside the mesh ask a third question: what the sidecar does with it.
  const asksTls = scenario.expected.nonMeshTls !== undefined;
  useKeys((input, key) => {
    if (state.phase === 'predict') {
      if (mode && plaintext !== undefined && asksTls) {
        const fate = TLS_KEYS[input];
        if (fate) start({ mode, plaintext, tls: fate });
        return;
      }
      const picked = MODE_KEYS[input];
      if (picked) setMode(picked);
      else if (mode && (input === 'y' || input === 'n')) {
        if (asksTls) setPlaintext(input === 'y');
        else start({ mode, plaintext: input === 'y' });
      }
    } else if (state.phase === 'done' || state.phase === 'error') {
      if (key.return) onDone();
      else if (input === 'r') {
        setMode(undefined);
        setPlaintext(undefined);
        again();
      }
    }
  });
  const width = size.columns - 2;
  const keys =
    state.phase === 'predict'
      ? [
          !mode ? { key: 's/p/d', label: 'mode' } : plaintext === undefined ? { key: 'y/n', label: 'plaintext gets in?' } : { key: 't/p/c', label: 'TLS from outside' },
          { key: '↑↓', label: 'scroll YAML' },
        ]
      : state.phase === 'running'
        ? []
        : resultKeys(state.phase);
  return (
    <Screen title={`Policy lab · ${scenario.title}`} subtitle={id} keys={keys}>
      {state.phase === 'predict' ? (
        <Read scenario={scenario} mode={mode} plaintext={asksTls ? plaintext : undefined} />
      ) : state.phase === 'running' ? (
        <LabRunning predicted={predictionText(state.predicted)} activity="Enforcing the resolved mode on 127.0.0.1 and sending the probes…" />
      ) : state.phase === 'error' ? (
        <LabFailed what="The policy lab" message={state.message} />
      ) : (
        <ScrollView lines={policyResultLines(state.result, scenario, state.predicted, width)} height={size.bodyRows} resetKey={state.result} />
      )}
    </Screen>
  );
}

/** The manifests, the workload and the question, with the predictions asked one after the other. */
function Read({ scenario, mode, plaintext }: { scenario: PolicyScenario; mode: EffectiveMode | undefined; plaintext: boolean | undefined }) {
  // The prompts: the mode, then plaintext, then (once both are answered) what happens to curl's TLS.
  const prompts = plaintext === undefined ? 2 : 3;
  return (
    <ScenarioRead id={scenario.id} workload={workloadText(scenario)} manifests={scenario.manifests} question={scenario.question} promptRows={prompts}>
      <Text>
        <Text bold>Mode? </Text>
        {mode ? (
          <Text color={theme.accent}>
            {mode} {marks.ok} <Text color={theme.muted}>(s/p/d to change)</Text>
          </Text>
        ) : (
          <Text>
            <Text color={theme.key}>s</Text> STRICT · <Text color={theme.key}>p</Text> PERMISSIVE · <Text color={theme.key}>d</Text> DISABLE
          </Text>
        )}
      </Text>
      {mode && plaintext === undefined ? (
        <Text>
          <Text bold>Does a plaintext request get in? </Text>
          <Text color={theme.key}>y</Text> yes · <Text color={theme.key}>n</Text> no
        </Text>
      ) : null}
      {mode && plaintext !== undefined ? (
        <>
          <Text>
            <Text bold>Plaintext gets in? </Text>
            <Text color={theme.accent}>
              {plaintext ? 'yes' : 'no'} {marks.ok}
            </Text>
          </Text>
          <Text>
            <Text bold>curl's TLS? </Text>
            <Text color={theme.key}>t</Text> terminated · <Text color={theme.key}>p</Text> passed through · <Text color={theme.key}>c</Text> closed
          </Text>
        </>
      ) : null}
    </ScenarioRead>
  );
}
