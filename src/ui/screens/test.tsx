import { Box, Text } from 'ink';
import type { TestResult } from '../../learning/diagnostic.js';
import { lessonProgress, type TestSummary } from '../../learning/mastery.js';
import { initTest, reviewItem, testReducer, type ReviewItem, type TestAction, type TestAnswer } from '../../learning/test-session.js';
import { Menu } from '../components/menu.js';
import { choiceReviewLines, letterOf, positionForKey, promptLines, QuestionView } from '../components/question-view.js';
import { Screen } from '../components/screen.js';
import { ScrollView, type Line } from '../components/scroll-view.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { whenText } from '../text/when.js';
import { wrapProse } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { useLesson } from './use-lesson.js';
import { useSession } from './use-session.js';

const LEAVE: TestAction = { type: 'leave' };

export const testSummaryText = (t: TestSummary) => `${t.score}/${t.total} ${t.verdict}`;

/** The result page as wrapped lines: score, verdict, each answer right or wrong, what next. Pure. */
export function resultLines(
  result: TestResult,
  record: { best: TestSummary | null; latest: TestSummary | null; taken: number },
  width: number,
  answers: readonly TestAnswer[] = [],
): string[] {
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
    ...(answers.length > 0 ? w(`Your answers: ${answers.map((a, i) => `${i + 1}${a.correct ? marks.ok : marks.fail}`).join(' ')}`) : []),
    ...(answers.length > 0 ? ['', ...w(reviewInvite(answers))] : []),
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

function reviewInvite(answers: readonly TestAnswer[]): string {
  const missed = answers.filter((a) => !a.correct).length;
  const review = 'Press r to go through every question: your answer, the right one, and why.';
  if (missed === 0) return review;
  return `${review} The ${missed === 1 ? 'question' : `${missed} questions`} you missed ${missed === 1 ? 'is' : 'are'} in Mistakes on the home screen until you answer ${missed === 1 ? 'it' : 'them'} right.`;
}

/** One question of the finished test, reviewed: prompt, every choice with why, the solution. Pure. */
export function reviewLines(item: ReviewItem, width: number): Line[] {
  return [
    ...promptLines(item.question, width),
    '',
    ...choiceReviewLines(item.feedback.choices, item.order, width),
    '',
    'Solution:',
    ...item.feedback.solution.flatMap((step, i) => wrapProse(`  ${i + 1}. ${step}`, width)),
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
    } else if (state.phase === 'review') {
      if (key.rightArrow || input === 'n') dispatch({ type: 'review-move', delta: 1 });
      else if (key.leftArrow || input === 'p') dispatch({ type: 'review-move', delta: -1 });
      else if (key.return) dispatch({ type: 'summary' });
    } else if (input === 'r') dispatch({ type: 'review' });
    else if (key.return) navigate({ type: 'back' });
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
      <Screen title={title} subtitle="result" keys={[{ key: 'r', label: 'review answers' }, { key: '↑↓', label: 'scroll' }, { key: 'Enter', label: 'done' }]}>
        <ScrollView lines={resultLines(state.result, record, size.columns - 2, state.answers)} height={size.bodyRows} />
      </Screen>
    );
  }
  const reviewed = state.phase === 'review' ? reviewItem(state, state.reviewIndex) : undefined;
  if (reviewed) {
    const { question, feedback } = reviewed;
    return (
      <Screen
        title={title}
        subtitle={`review ${state.reviewIndex + 1} of ${state.answers.length}`}
        keys={[{ key: '←→', label: 'question' }, { key: '↑↓', label: 'scroll' }, { key: 'Enter', label: 'result' }]}
      >
        <Box flexDirection="column">
          <Text color={feedback.correct ? theme.good : theme.bad} wrap="truncate-end">
            {feedback.correct ? `${marks.ok} right` : `${marks.fail} missed`} · {question.difficulty} · {question.topic}
          </Text>
          <ScrollView lines={reviewLines(reviewed, size.columns - 2)} height={Math.max(2, size.bodyRows - 1)} resetKey={state.reviewIndex} />
        </Box>
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
