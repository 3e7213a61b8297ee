import { Text } from 'ink';
import { useEffect, useState } from 'react';
import type { ScenarioId } from '../../lab/scenarios.js';
import { stepsOf, type ScenarioResult, type StepResult, type TlsVersion } from '../../lab/types.js';
import type { WireDecode } from '../../wire/types.js';
import type { KeyHint } from '../components/footer.js';
import { ScrollView } from '../components/scroll-view.js';
import { Screen } from '../components/screen.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { line, wrapped, type RichLine } from '../text/rich.js';
import { theme } from '../theme.js';
import { labTextOf } from './lab-list.js';
import { capturesOf, runTlsLab } from './lab-loader.js';
import { errorMessage } from './use-lab-run.js';
import { failureMarks, messageDetailLines, sequenceLines, sideBySide } from './wire-lines.js';
import { loadWireTools, type WireTools } from './wire-loader.js';
import { lastLabRun, wireViewState, type WireViewState } from './wire-session.js';
import { useStudyTime } from './use-study-time.js';

/** Side by side needs two diagrams of at least this many columns each. */
const SIDE_BY_SIDE_COLUMNS = 120;

const otherVersion = (tls: TlsVersion): TlsVersion => (tls === '1.3' ? '1.2' : '1.3');

/** One diagram's data: a run's step, its decode (null when it was not captured). */
interface Shown {
  result: ScenarioResult;
  step: StepResult;
  decode: WireDecode | null;
}

function shownOf(result: ScenarioResult, stepIndex: number, tools: WireTools): Shown {
  const steps = stepsOf(result);
  const index = Math.min(stepIndex, steps.length - 1);
  const capture = capturesOf(result)?.[index];
  return { result, step: steps[index]!, decode: capture ? tools.decode(capture) : null };
}

/**
 * The wire view of a TLS lab's last run: its records and messages as a sequence diagram (the mutual half and the
 * failing check marked), the same scenario over the other TLS version beside it (t), and with `message`, one
 * message's fields and annotated bytes.
 */
export function WireScreen({ labId, lessonId, message, other = false }: { labId: string; lessonId?: string; message?: number; other?: boolean }) {
  useStudyTime('lab', lessonId);
  const { course } = useApp();
  const run = lastLabRun(labId);
  const [tools, setTools] = useState<WireTools | null>(null);
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    let alive = true;
    loadWireTools().then(
      (loaded) => alive && setTools(loaded),
      (error: unknown) => alive && setFailed(errorMessage(error)),
    );
    return () => {
      alive = false;
    };
  }, []);
  const title = `Wire · ${labTextOf(course.labs ?? {}, labId as ScenarioId).title}`;
  if (!run || failed || !tools) {
    const text = !run ? 'No run of this lab to show: run it, then press w on its result.' : failed ? `The decoder could not load: ${failed}` : 'Decoding…';
    return (
      <Screen title={title} subtitle={labId}>
        <Text color={failed || !run ? theme.warn : theme.muted}>{text}</Text>
      </Screen>
    );
  }
  return message === undefined ? (
    <Diagram labId={labId} title={title} result={run.result} tools={tools} {...(lessonId ? { lessonId } : {})} />
  ) : (
    <MessageDetail labId={labId} title={title} result={run.result} tools={tools} index={message} other={other} {...(lessonId ? { lessonId } : {})} />
  );
}

/** The sequence diagram, or two of them. Its state lives in the session (wire-session.ts) so a detail can come back to it. */
function Diagram({ labId, lessonId, title, result, tools }: { labId: string; lessonId?: string; title: string; result: ScenarioResult; tools: WireTools }) {
  const { size, navigate, course } = useApp();
  const memory = wireViewState(result);
  const [view, setView] = useState<WireViewState>(() => ({ ...memory, selected: { ...memory.selected } }));
  const update = (next: WireViewState) => {
    Object.assign(memory, next);
    setView(next);
  };
  const width = size.columns - 2;
  const steps = stepsOf(result);
  const mine = shownOf(result, view.step, tools);
  const comparison = view.comparison?.status === 'done' ? shownOf(view.comparison.result, view.step, tools) : null;
  const wide = size.columns >= SIDE_BY_SIDE_COLUMNS;
  const both = view.comparing && wide && comparison !== null;
  const active: 'this' | 'other' = view.comparing && comparison && (!wide || view.otherActive) ? 'other' : 'this';
  const activeShown = active === 'other' && comparison ? comparison : mine;
  const messageCount = activeShown.decode?.messages.length ?? 0;
  const selected = Math.min(view.selected[active], Math.max(0, messageCount - 1));

  const startComparison = () => {
    const current = memory.comparison;
    if (current?.status === 'running' || current?.status === 'done') return;
    memory.comparison = { status: 'running' };
    runTlsLab(labId as ScenarioId, course.labs ?? {}, result.server, otherVersion(result.tls)).then(
      (done) => (memory.comparison = { status: 'done', result: done }),
      (error: unknown) => (memory.comparison = { status: 'failed', message: errorMessage(error) }),
    ).finally(() => setView((v) => ({ ...v, comparison: memory.comparison })));
  };

  useKeys((input, key) => {
    if (key.upArrow || input === 'k') update({ ...view, selected: { ...view.selected, [active]: Math.max(0, selected - 1) } });
    else if (key.downArrow || input === 'j') update({ ...view, selected: { ...view.selected, [active]: Math.min(Math.max(0, messageCount - 1), selected + 1) } });
    else if (key.return && messageCount > 0)
      navigate({ type: 'push', route: { name: 'wire', labId, message: selected, ...(active === 'other' ? { other: true } : {}), ...(lessonId ? { lessonId } : {}) } });
    else if (input === 't') {
      if (!view.comparing) startComparison();
      update({ ...view, comparing: !view.comparing, otherActive: false, ...(memory.comparison ? { comparison: memory.comparison } : {}) });
    } else if (key.tab && both) update({ ...view, otherActive: !view.otherActive });
    else if (input === 's' && steps.length > 1) update({ ...view, step: (view.step + 1) % steps.length, selected: { this: 0, other: 0 } });
  });

  const columnWidth = both ? Math.floor((width - 3) / 2) : width;
  const diagramOf = (shown: Shown, isActive: boolean, heading: string): { lines: RichLine[]; cursorLine: number } => {
    const head = wrapped(heading, columnWidth, { bold: true, color: theme.accent });
    if (!shown.decode) return { lines: [...head, ...wrapped('This run was not captured.', columnWidth, { color: theme.warn })], cursorLine: 0 };
    const diagram = sequenceLines({ decode: shown.decode, step: shown.step, width: columnWidth, selected: isActive ? selected : null, meaning: tools.meaning, summaries: columnWidth >= 90, explanation: shown.result.explanation });
    return { lines: [...head, ...diagram.lines], cursorLine: head.length + (diagram.messageLine[selected] ?? 0) };
  };
  const runLabel = (shown: Shown, yours: boolean) =>
    `${yours ? 'Your run' : 'Compared'}: TLS ${shown.result.tls}, ${shown.result.server === 'openssl' ? 'openssl s_server' : "Node's server"} · ${shown.step.outcome}${steps.length > 1 ? ` · step ${Math.min(view.step, steps.length - 1) + 1} of ${steps.length}: ${shown.step.label}` : ''}`;

  let lines: RichLine[];
  let cursorLine = 0;
  if (both && comparison) {
    const left = diagramOf(mine, active === 'this', runLabel(mine, true));
    const right = diagramOf(comparison, active === 'other', runLabel(comparison, false));
    lines = sideBySide(left.lines, right.lines, columnWidth);
    cursorLine = active === 'this' ? left.cursorLine : right.cursorLine;
  } else {
    const status = view.comparing ? view.comparison : undefined;
    const shown = active === 'other' && comparison ? comparison : mine;
    const diagram = diagramOf(shown, true, runLabel(shown, shown === mine));
    const banner: RichLine[] =
      status?.status === 'running'
        ? wrapped(`Running the same lab over TLS ${otherVersion(result.tls)}…`, width, { color: theme.muted })
        : status?.status === 'failed'
          ? wrapped(`The TLS ${otherVersion(result.tls)} run failed: ${status.message}`, width, { color: theme.warn })
          : [];
    lines = [...banner, ...diagram.lines];
    cursorLine = banner.length + diagram.cursorLine;
  }
  const keys: KeyHint[] = [
    { key: '↑↓', label: 'message' },
    { key: 'Enter', label: 'fields & bytes' },
    { key: 't', label: view.comparing ? `back to TLS ${result.tls}` : `vs TLS ${otherVersion(result.tls)}` },
    ...(both ? [{ key: 'Tab', label: 'column' }] : []),
    ...(steps.length > 1 ? [{ key: 's', label: 'next step' }] : []),
    { key: 'PgDn', label: 'scroll' },
  ];
  return (
    <Screen title={title} subtitle={labId} keys={keys}>
      <ScrollView lines={lines} height={size.bodyRows} pagingOnly keepVisible={cursorLine} resetKey={`${view.step}|${both}|${active}`} />
    </Screen>
  );
}

/** One message: its fields and its bytes, every field annotated. ←/→ move to the previous or next message. */
function MessageDetail({ labId, lessonId, title, result, tools, index, other }: { labId: string; lessonId?: string; title: string; result: ScenarioResult; tools: WireTools; index: number; other: boolean }) {
  const { size, navigate } = useApp();
  const memory = wireViewState(result);
  const source = other && memory.comparison?.status === 'done' ? memory.comparison.result : result;
  const shown = shownOf(source, memory.step, tools);
  const messages = shown.decode?.messages ?? [];
  const at = Math.min(Math.max(0, index), Math.max(0, messages.length - 1));
  const message = messages[at];
  const go = (to: number) => {
    memory.selected[other ? 'other' : 'this'] = to;
    navigate({ type: 'replace', route: { name: 'wire', labId, message: to, ...(other ? { other: true } : {}), ...(lessonId ? { lessonId } : {}) } });
  };
  useKeys((input, key) => {
    if ((key.leftArrow || input === 'p') && at > 0) go(at - 1);
    else if ((key.rightArrow || input === 'n') && at < messages.length - 1) go(at + 1);
    else if (key.return) navigate({ type: 'back' });
  });
  const width = size.columns - 2;
  const mark = message && shown.decode ? failureMarks(shown.step, messages, tools.meaning).get(at) : undefined;
  const lines = message ? messageDetailLines(message, mark, width) : [line('No such message.', { color: theme.warn })];
  const subtitle = message ? `${message.from === 'client' ? 'client → server' : 'server → client'} · ${at + 1} of ${messages.length} · TLS ${source.tls}` : labId;
  return (
    <Screen
      title={`Wire · ${message?.type ?? title}`}
      subtitle={subtitle}
      keys={[
        { key: '←→', label: 'message' },
        { key: '↑↓', label: 'scroll' },
        { key: 'Enter', label: 'diagram' },
      ]}
    >
      <ScrollView lines={lines} height={size.bodyRows} resetKey={`${at}|${other}`} />
    </Screen>
  );
}
