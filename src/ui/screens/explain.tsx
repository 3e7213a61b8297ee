import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { useEffect } from 'react';
import type { ExplanationScore } from '../../learning/explain.js';
import { currentPrompt, explainReducer, initExplain, type ExplainAction, type ExplainState } from '../../learning/explain-session.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { useInputGate } from '../input/input-gate.js';
import { wrapProse } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { useLesson } from './use-lesson.js';
import { useSession } from './use-session.js';

const LEAVE: ExplainAction = { type: 'leave' };

/** The score page as wrapped lines: covered and missed concepts by name, then the model answer. Pure. */
export function scoreLines(score: ExplanationScore, modelAnswer: string, width: number): string[] {
  const w = (text: string) => wrapProse(text, width);
  return [
    `You covered ${score.score} of ${score.total} concepts.`,
    '',
    ...score.covered.flatMap((c, i) => w(`${marks.ok} covered: ${c.name}${score.evidence[i] ? ` (you said "${score.evidence[i]}")` : ''}`)),
    ...score.missed.flatMap((c) => w(`${marks.fail} missed: ${c.name}`)),
    '',
    'Model answer:',
    ...w(modelAnswer),
  ];
}

/** Explain it: type an explanation in your own words; see which of the lesson's concepts it covered. */
export function ExplainScreen({ lessonId }: { lessonId: string }) {
  const { size, setTextEntry, navigate } = useApp();
  const lesson = useLesson(lessonId);
  const [state, dispatch] = useSession(explainReducer, () => initExplain(lesson.id, lesson.explain), LEAVE);
  const typing = state.phase === 'typing';
  // While typing, q ? and Backspace are letters and edits, not commands; Esc still leaves.
  useEffect(() => {
    setTextEntry(typing);
    return () => setTextEntry(false);
  }, [typing, setTextEntry]);
  useKeys((input, key) => {
    if (typing) {
      if (key.tab) dispatch({ type: 'hint' });
    } else if (state.phase === 'scored') {
      if (key.return) dispatch({ type: 'next' });
      else if (input === 'r') dispatch({ type: 'retry' });
    } else if (key.return) navigate({ type: 'back' });
  });
  const prompt = currentPrompt(state);
  const subtitle = state.phase === 'done' ? 'done' : `prompt ${state.index + 1} of ${state.prompts.length}`;
  const keys = typing
    ? [
        { key: 'Enter', label: 'submit' },
        { key: 'Tab', label: 'hint' },
      ]
    : state.phase === 'scored'
      ? [
          { key: 'Enter', label: 'next prompt' },
          { key: 'r', label: 'improve answer' },
          { key: '↑↓', label: 'scroll' },
        ]
      : [{ key: 'Enter', label: 'done' }];
  return (
    <Screen title={`Explain it · ${lesson.title}`} subtitle={subtitle} keys={keys}>
      {state.phase === 'done' || !prompt ? (
        <Text>
          {marks.ok} You have explained all {state.prompts.length} prompts. Each attempt is saved; come back to improve on them.
        </Text>
      ) : typing ? (
        <ExplainTyping state={state} dispatch={dispatch} prompt={prompt.prompt} hint={prompt.hint} />
      ) : state.score ? (
        <ScrollView lines={scoreLines(state.score, prompt.modelAnswer, size.columns - 2)} height={size.bodyRows} resetKey={state.index} />
      ) : null}
    </Screen>
  );
}

function ExplainTyping({ state, dispatch, prompt, hint }: { state: ExplainState; dispatch(a: ExplainAction): void; prompt: string; hint: string }) {
  const { keysActive, size } = useApp();
  useInputGate(); // after TextInput's handler, which is a child's
  return (
    <Box flexDirection="column">
      <Text bold>{wrapProse(prompt, size.columns - 2).join('\n')}</Text>
      {state.hintShown ? (
        <Text color={theme.warn}>{wrapProse(`Hint: ${hint}`, size.columns - 2).join('\n')}</Text>
      ) : (
        <Text color={theme.muted}>Tab shows a hint.</Text>
      )}
      <Box marginTop={1} borderStyle="round" paddingX={1} flexDirection="column">
        <TextInput
          value={state.text}
          focus={keysActive}
          placeholder="Type your explanation, then press Enter"
          onChange={(text) => dispatch({ type: 'edit', text })}
          onSubmit={() => dispatch({ type: 'submit' })}
        />
      </Box>
      {state.notice ? <Text color={theme.warn}>{state.notice}</Text> : null}
    </Box>
  );
}
