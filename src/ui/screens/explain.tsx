import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import type { ExplainPrompt } from '../../content/schema.js';
import {
  currentPrompt,
  explainReducer,
  initExplain,
  previousAnswers,
  selfMarkedScore,
  type ExplainAction,
  type ExplainState,
} from '../../learning/explain-session.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { TextArea } from '../components/text-area/text-area.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { useInputGate } from '../input/input-gate.js';
import { whenText } from '../text/when.js';
import { wrapProse } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { useLesson } from './use-lesson.js';
import { useSession } from './use-session.js';

const LEAVE: ExplainAction = { type: 'leave' };

/** The self-check as wrapped lines: each concept covered (with the learner's sentence), contradicted (with the correction) or missed (with what a good answer says), then the model answer. Pure. */
export function scoreLines(state: ExplainState, prompt: ExplainPrompt, width: number): string[] {
  const score = state.score;
  if (!score) return [];
  const w = (text: string, indent = '') => wrapProse(text, width - indent.length).map((l) => indent + l);
  // A concept's line, its continuation indented under the mark.
  const item = (text: string) => wrapProse(text, width - 2).map((l, i) => (i === 0 ? l : `  ${l}`));
  const lines: string[] = [];
  const marked = selfMarkedScore(state);
  lines.push(
    `You covered ${score.score} of ${score.total} concepts.` + (state.selfMarked.length > 0 ? ` With the ones you marked: ${marked} of ${score.total}.` : ''),
  );
  if (score.notAnExplanation) lines.push('', ...w(`${marks.fail} ${score.reason ?? ''}`));
  lines.push('');
  let missedNumber = 0;
  for (const r of score.results) {
    if (r.status === 'covered') {
      lines.push(...item(`${marks.ok} covered: ${r.concept.name}`), ...w(`you wrote: "${r.evidence}"`, '    '));
    } else if (r.status === 'contradicted') {
      lines.push(...item(`${marks.fail} contradicted: ${r.concept.name}`), ...w(`you wrote: "${r.claim}"`, '    '), ...w(`in fact: ${r.misconception.correction}`, '    '));
    } else {
      missedNumber += 1;
      const mine = state.selfMarked.includes(r.concept.name);
      lines.push(
        ...item(`${mine ? marks.ok : '·'} missed [${missedNumber}]: ${r.concept.name}${mine ? ' — you marked: I did cover this' : ''}`),
        ...w(`a good answer says: ${r.concept.says}`, '    '),
      );
    }
  }
  if (missedNumber > 0) {
    lines.push('', ...w(`Press ${missedNumber === 1 ? '1' : `1–${Math.min(9, missedNumber)}`} to mark a missed concept "I did cover this"; your marks are shown beside the automatic score, which is what counts for mastery.`));
  }
  lines.push('', 'Model answer:', ...w(prompt.modelAnswer));
  return lines;
}

/** Explain it: type an explanation in your own words; see which of the lesson's concepts it states. */
export function ExplainScreen({ lessonId }: { lessonId: string }) {
  const { size, setTextEntry, holdEscape, navigate, course, progress } = useApp();
  const lesson = useLesson(lessonId);
  const [state, dispatch] = useSession(
    explainReducer,
    () => initExplain(lesson.id, lesson.explain, { sets: course.synonyms ?? {}, previous: previousAnswers(progress.events) }),
    LEAVE,
  );
  const typing = state.phase === 'typing';
  // While typing, q ? and Backspace are letters and edits, not commands.
  useEffect(() => {
    setTextEntry(typing);
    return () => setTextEntry(false);
  }, [typing, setTextEntry]);
  // Esc on a draft asks before throwing it away; a second Esc (or y) then leaves.
  const guard = typing && state.text.trim() !== '' && !state.confirmingDiscard;
  useEffect(() => {
    holdEscape(guard);
    return () => holdEscape(false);
  }, [guard, holdEscape]);
  const prompt = currentPrompt(state);
  const missed = state.score?.missed ?? [];
  useKeys((input, key) => {
    if (typing && state.confirmingDiscard) {
      if (input === 'y' || input === 'Y') navigate({ type: 'back' });
      else if (!key.escape) dispatch({ type: 'keep-draft' }); // Esc: the app leaves (the draft is not held)
      return;
    }
    if (typing) {
      if (key.escape) dispatch({ type: 'ask-discard' });
      else if (key.tab) dispatch({ type: 'hint' });
      else if ((key.ctrl && input === 'r') || (key.upArrow && state.text === '')) dispatch({ type: 'load-previous' });
      return;
    }
    if (state.phase === 'scored') {
      if (key.return) dispatch({ type: 'next' });
      else if (input === 'r') dispatch({ type: 'retry' });
      else if (/^[1-9]$/.test(input) && prompt) {
        const concept = missed[Number(input) - 1];
        if (concept) dispatch({ type: 'toggle-mark', concept: prompt.concepts.indexOf(concept) });
      }
    } else if (key.return) navigate({ type: 'back' });
  });
  const subtitle = state.phase === 'done' ? 'done' : `prompt ${state.index + 1} of ${state.prompts.length}`;
  const hasPrevious = prompt !== undefined && state.previous[prompt.id] !== undefined;
  const keys = state.confirmingDiscard
    ? [
        { key: 'Esc/y', label: 'discard and leave' },
        { key: 'other', label: 'keep writing' },
      ]
    : typing
      ? [
          { key: 'Enter', label: 'submit' },
          { key: 'Tab', label: 'hint' },
          ...(hasPrevious ? [{ key: 'Ctrl+R', label: 'last answer' }] : []),
          { key: 'Alt+Enter', label: 'new line' },
        ]
      : state.phase === 'scored'
        ? [
            { key: 'Enter', label: 'next prompt' },
            { key: 'r', label: 'improve answer' },
            ...(missed.length > 0 ? [{ key: missed.length === 1 ? '1' : `1-${Math.min(9, missed.length)}`, label: 'I covered it' }] : []),
            { key: '↑↓', label: 'scroll' },
          ]
        : [{ key: 'Enter', label: 'done' }];
  const lines = useMemo(() => (prompt && state.phase === 'scored' ? scoreLines(state, prompt, size.columns - 2) : []), [state, prompt, size.columns]);
  return (
    <Screen title={`Explain it · ${lesson.title}`} subtitle={subtitle} keys={keys}>
      {state.phase === 'done' || !prompt ? (
        <Text>
          {marks.ok} You have explained all {state.prompts.length} prompts. Each attempt is saved with your answer; come back to revise them.
        </Text>
      ) : typing ? (
        <ExplainTyping state={state} dispatch={dispatch} prompt={prompt} />
      ) : state.score ? (
        <ScrollView lines={lines} height={size.bodyRows} resetKey={`${state.index}`} />
      ) : null}
    </Screen>
  );
}

function ExplainTyping({ state, dispatch, prompt }: { state: ExplainState; dispatch(a: ExplainAction): void; prompt: ExplainPrompt }) {
  const { keysActive, size } = useApp();
  const width = size.columns - 2;
  const previous = state.previous[prompt.id];
  const below: { text: string; color: string }[] = [];
  if (state.confirmingDiscard) below.push({ text: 'Discard your draft? Esc again or y: discard and leave · any other key: keep writing', color: theme.warn });
  else if (state.notice) below.push({ text: state.notice, color: theme.warn });
  else if (previous && state.text === '') {
    below.push({ text: `Your last answer (${previous.score}/${previous.total}, ${whenText(previous.at, new Date())}): Ctrl+R or ↑ reopens it to revise.`, color: theme.muted });
  }
  const belowLines = below.flatMap((b) => wrapProse(b.text, width).map((text) => ({ text, color: b.color })));
  const hint = state.hintShown ? wrapProse(`Hint: ${prompt.hint}`, width) : ['Tab shows a hint.'];
  // The box fills the rest of the screen and keeps at least three rows of text: on a small terminal the prompt
  // gives way (cut with …), never the box or its cursor.
  const border = 2;
  const promptRoom = Math.max(1, size.bodyRows - border - 3 - hint.length - belowLines.length);
  const promptLines = clip(wrapProse(prompt.prompt, width), promptRoom);
  const textRows = Math.max(2, size.bodyRows - border - promptLines.length - hint.length - belowLines.length);
  const box = (
    <TextArea
      value={state.text}
      focus={keysActive && !state.confirmingDiscard}
      width={width}
      height={textRows}
      placeholder="Type your explanation, then press Enter"
      onChange={(text) => dispatch({ type: 'edit', text })}
      onSubmit={() => dispatch({ type: 'submit' })}
    />
  );
  return (
    <Box flexDirection="column">
      <Text bold>{promptLines.join('\n')}</Text>
      <Text color={state.hintShown ? theme.warn : theme.muted}>{hint.join('\n')}</Text>
      {box}
      {belowLines.map((l, i) => (
        <Text key={i} color={l.color} wrap="truncate-end">
          {l.text}
        </Text>
      ))}
      <Gate />
    </Box>
  );
}

/** Tells the input gate once the text box (a child above) has bound its key handler. */
function Gate() {
  useInputGate();
  return null;
}

function clip(lines: string[], room: number): string[] {
  if (lines.length <= room) return lines;
  const kept = lines.slice(0, Math.max(1, room));
  kept[kept.length - 1] = `${kept[kept.length - 1]!.replace(/\s*\S*$/, '')} …`;
  return kept;
}
