import { Box, Text } from 'ink';
import type { TestResult } from '../../learning/diagnostic.js';
import { lessonProgress, type TestSummary } from '../../learning/mastery.js';
import { initTest, testReducer, type TestAction } from '../../learning/test-session.js';
import { Menu } from '../components/menu.js';
import { positionForKey, QuestionView, letterOf } from '../components/question-view.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { whenText } from '../text/when.js';
import { wrapProse } from '../text/wrap.js';
import { useLesson } from './use-lesson.js';
import { useSession } from './use-session.js';

const LEAVE: TestAction = { type: 'leave' };

export const testSummaryText = (t: TestSummary) => `${t.score}/${t.total} ${t.verdict}`;

/** The result page as wrapped lines. Pure. */
export function resultLines(result: TestResult, record: { best: TestSummary | null; latest: TestSummary | null; taken: number }, width: number): string[] {
  const w = (text: string) => wrapProse(text, width);
  const { easy, medium, hard } = result.breakdown;
  const part = (name: string, p: { right: number; total: number }) => `  ${name.padEnd(7)} ${p.right} of ${p.total}${p.right === p.total ? '  ✓' : ''}`;
  return [
    `Score: ${result.score} of ${result.total}`,
    part('Easy', easy),
    part('Medium', medium),
    part('Hard', hard),
    '',
    `Verdict: ${result.verdict.toUpperCase()}`,
    ...w(`Rule: ${result.rule}`),
    '',
    ...(result.topicsMissed.length > 0 ? w(`Topics missed: ${result.topicsMissed.join(', ')}`) : ['Topics missed: none']),
    '',
    'What to do next:',
    ...result.nextSteps.flatMap((s) => w(`  - ${s}`)),
    '',
    ...w(
      [record.best ? `Best: ${testSummaryText(record.best)}` : '', record.latest ? `Latest: ${testSummaryText(record.latest)}` : '', `Tests taken: ${record.taken}`]
        .filter(Boolean)
        .join(' · '),
    ),
  ];
}

/** Test this lesson: 10 questions (3 easy, 4 medium, 3 hard), no feedback until the end, then the verdict. */
export function TestScreen({ lessonId }: { lessonId: string }) {
  const { size, progress, navigate } = useApp();
  const lesson = useLesson(lessonId);
  const [state, dispatch] = useSession(testReducer, () => initTest(lesson, progress.events), LEAVE);
  const question = state.questions[state.index];
  const order = state.orders[state.index] ?? [];
  useKeys((input, key) => {
    if (state.phase === 'offer') return; // the menu takes the keys
    if (state.phase === 'question') {
      const position = positionForKey(input, order.length);
      if (position !== undefined) dispatch({ type: 'answer', position });
      else if (key.return) dispatch({ type: 'answer' });
      else if (key.upArrow || input === 'k') dispatch({ type: 'move', delta: -1 });
      else if (key.downArrow || input === 'j') dispatch({ type: 'move', delta: 1 });
    } else if (key.return) navigate({ type: 'back' });
  });
  const title = `Test · ${lesson.title}`;
  if (state.phase === 'offer' && state.unfinished) {
    const { answers, questions, startedAt } = state.unfinished;
    return (
      <Screen title={title} subtitle="left part-way" keys={[{ key: '↑↓', label: 'move' }, { key: 'Enter', label: 'choose' }]}>
        <Box marginBottom={1}>
          <Text>{wrapProse(`You started this test ${whenText(startedAt, new Date())} and answered ${answers.length} of ${questions.length} questions. Those answers are saved.`, size.columns - 2).join('\n')}</Text>
        </Box>
        <Menu
          items={[
            { key: 'resume', label: `Resume at question ${answers.length + 1}`, description: 'The same questions; the score counts the answers you gave before.' },
            { key: 'restart', label: 'Start a new test', description: `${state.questions.length} questions drawn afresh; the test you left is set aside.` },
          ]}
          onSelect={(item) => dispatch({ type: item.key === 'resume' ? 'resume' : 'restart' })}
        />
      </Screen>
    );
  }
  if (state.phase === 'result' && state.result) {
    const record = lessonProgress(lesson, progress.events, new Date()).tests;
    return (
      <Screen title={title} subtitle="result" keys={[{ key: '↑↓', label: 'scroll' }, { key: 'Enter', label: 'done' }]}>
        <ScrollView lines={resultLines(state.result, record, size.columns - 2)} height={size.bodyRows} />
      </Screen>
    );
  }
  return (
    <Screen
      title={title}
      subtitle={`question ${state.index + 1} of ${state.questions.length}`}
      keys={[
        { key: `a-${letterOf(order.length - 1).toLowerCase()}`, label: 'answer' },
        { key: '↑↓ Enter', label: 'choose' },
      ]}
    >
      {question ? (
        <QuestionView question={question} order={order} cursor={state.cursor} header={`${question.difficulty} · no feedback until the end`} />
      ) : (
        <Box>
          <Text>This lesson has no questions.</Text>
        </Box>
      )}
    </Screen>
  );
}
