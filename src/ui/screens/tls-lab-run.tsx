import { Box, Text } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import { getScenario, type ScenarioId } from '../../lab/scenarios.js';
import type { Outcome, ScenarioResult, ServerKind } from '../../lab/types.js';
import { Menu } from '../components/menu.js';
import { ScrollView } from '../components/scroll-view.js';
import { Screen } from '../components/screen.js';
import { LabFailed, LabRunning } from '../components/lab-status.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { line, wrapped, type RichLine } from '../text/rich.js';
import { theme } from '../theme.js';
import { detailLines, lessonLines, serverLines, timelineItems, timelineLines, verdictLines } from './lab-result.js';
import { labTextOf } from './lab-list.js';
import { opensslAvailable, runTlsLab } from './lab-loader.js';
import { resultKeys, useLabRun, useReveal } from './use-lab-run.js';
import { lastLabRun, rememberLabRun } from './wire-session.js';

const NO_TEXTS = {};

const describe = (predicted: Outcome, result: ScenarioResult) => ({ predicted, actual: result.outcome });

/**
 * One TLS lab: predict accepted or rejected, run the real handshake on 127.0.0.1, watch its timeline appear event
 * by event (any key: all at once), then the verdict, the explanation, the fix and the commands to try by hand;
 * w opens the handshake's bytes (the wire view). `resume`: show the last result again, as when coming back from it.
 */
export function TlsLabRun({ id, onDone, resume = false, lessonId }: { id: ScenarioId; onDone(): void; resume?: boolean; lessonId?: string }) {
  const { size, navigate, course } = useApp();
  const labs = course.labs ?? NO_TEXTS;
  const text = labTextOf(labs, id);
  const run = useCallback(() => runTlsLab(id, labs), [id, labs]);
  const [resumed] = useState(() => (resume ? lastLabRun(id) : undefined));
  const { state, start, again } = useLabRun<Outcome, ScenarioResult>({
    labId: id,
    run,
    describe,
    ...(resumed ? { initial: { predicted: resumed.predicted, result: resumed.result } } : {}),
  });
  const result = state.phase === 'done' ? state.result : undefined;
  // With an openssl binary, o runs the same lab against openssl s_server, which answers a bad client certificate
  // with a TLS alert during the handshake (as Envoy does), where Node's server just closes.
  const [opensslHere, setOpensslHere] = useState(false);
  const [server, setServer] = useState<ServerKind>(resumed?.result.server ?? 'node');
  useEffect(() => {
    let alive = true;
    void opensslAvailable().then((here) => alive && setOpensslHere(here));
    return () => {
      alive = false;
    };
  }, []);
  const other: ServerKind = result?.server === 'openssl' ? 'node' : 'openssl';
  const { shown, done, showAll } = useReveal(result ? timelineItems(result).length : 0, result, 250, resumed?.result);
  const revealing = result !== undefined && !done;
  useKeys((input, key) => {
    if (state.phase === 'predict') {
      if (input === 'a') predict('accepted');
      else if (input === 'r') predict('rejected');
    } else if (revealing) showAll();
    else if (state.phase === 'done' || state.phase === 'error') {
      if (key.return) onDone();
      else if (input === 'r') again();
      else if (input === 'o' && opensslHere && state.phase === 'done') {
        setServer(other);
        start(state.predicted, () => runTlsLab(id, labs, other));
      } else if (input === 'w' && state.phase === 'done') {
        // The lab's route comes back showing this result (resume); the wire view goes over it.
        rememberLabRun({ labId: id, predicted: state.predicted, result: state.result });
        const where = lessonId ? { lessonId } : {};
        navigate({ type: 'replace', route: { name: 'lab', kind: 'tls', labId: id, resume: true, ...where } });
        navigate({ type: 'push', route: { name: 'wire', labId: id, ...where } });
      }
    }
  });
  const predict = (outcome: Outcome) => {
    setServer('node');
    start(outcome);
  };
  const width = size.columns - 2;
  const keys =
    state.phase === 'predict'
      ? [
          { key: 'a/r', label: 'predict' },
          { key: '↑↓ Enter', label: 'choose' },
        ]
      : revealing
        ? [{ key: 'any key', label: 'show all' }]
        : state.phase === 'running'
          ? []
          : resultKeys(state.phase, [
              ...(result ? [{ key: 'w', label: 'wire' }] : []),
              ...(opensslHere && result ? [{ key: 'o', label: other === 'openssl' ? 'vs openssl' : 'vs Node' }] : []),
            ]);
  return (
    <Screen title={`Lab · ${text.title}`} subtitle={id} keys={keys}>
      {state.phase === 'predict' ? (
        <Predict id={id} onPredict={predict} />
      ) : state.phase === 'running' ? (
        <LabRunning predicted={state.predicted} activity={server === 'openssl' ? 'Running the handshake against openssl s_server on 127.0.0.1…' : 'Running the handshake on 127.0.0.1…'} />
      ) : state.phase === 'error' ? (
        <LabFailed what="The lab" message={state.message} />
      ) : revealing ? (
        // While the timeline plays, its newest events stay in view.
        <ScrollView lines={[line(`You predicted: ${state.predicted}.`, { color: theme.muted }), ...timelineLines(state.result, shown, width)].slice(-size.bodyRows)} height={size.bodyRows} active={false} />
      ) : (
        <ScrollView lines={resultLines(state.result, state.predicted, width, opensslHere)} height={size.bodyRows} resetKey={state.result} />
      )}
    </Screen>
  );
}

/**
 * The finished run: verdict first (what the learner came for), then explanation, fix, which server played (and
 * how to switch), the whole timeline, details.
 */
function resultLines(result: ScenarioResult, predicted: Outcome, width: number, opensslHere: boolean): RichLine[] {
  return [
    ...verdictLines(result, predicted, width),
    line(''),
    ...wrapped('Press w to see this handshake on the wire: every message, decrypted, with the mutual half and the failing check marked.', width, { color: theme.accent }),
    line(''),
    ...lessonLines(result, width),
    ...serverLines(result, opensslHere, width),
    line(''),
    ...timelineLines(result, Number.POSITIVE_INFINITY, width),
    line(''),
    ...detailLines(result, width),
  ];
}

function Predict({ id, onPredict }: { id: ScenarioId; onPredict(outcome: Outcome): void }) {
  const { size, course } = useApp();
  const text = labTextOf(course.labs ?? NO_TEXTS, id);
  const width = size.columns - 2;
  const count = getScenario(id).steps.length;
  const labels = Array.from({ length: count }, (_, i) => text.steps?.[i] ?? `handshake ${i + 1}`);
  const rows: RichLine[] = [
    ...wrapped(`The client presents ${text.presents}.`, width),
    ...(count > 1
      ? [
          line(''),
          ...wrapped(`This lab runs ${count} handshakes in order:`, width),
          ...labels.flatMap((label, i) => wrapped(`  ${i + 1}. ${label}`, width)),
        ]
      : []),
  ];
  const question = count > 1 ? `Predict the last one (${labels[count - 1]}): accepted or rejected?` : 'Predict: will the handshake be accepted or rejected?';
  return (
    <Box flexDirection="column">
      <ScrollView lines={rows} height={Math.max(2, size.bodyRows - 6)} active={false} />
      <Box marginTop={1}>
        <Text bold wrap="wrap">
          {question}
        </Text>
      </Box>
      <Menu
        items={[
          { key: 'accepted', label: 'Accepted (a)' },
          { key: 'rejected', label: 'Rejected (r)' },
        ]}
        onSelect={(item) => onPredict(item.key as Outcome)}
      />
    </Box>
  );
}
