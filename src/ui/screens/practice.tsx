import { Box, Text } from 'ink';
import type { AnswerFeedback } from '../../learning/grading.js';
import { mistakes } from '../../learning/mistakes.js';
import { initPractice, practiceReducer, type DifficultyChoice, type PracticeAction, type PracticeState } from '../../learning/practice.js';
import { Menu } from '../components/menu.js';
import { choiceReviewLines, letterOf, positionForKey, QuestionView } from '../components/question-view.js';
import { Screen } from '../components/screen.js';
import { ScrollView, type Line } from '../components/scroll-view.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { wrapProse } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { useSession } from './use-session.js';

const LEAVE: PracticeAction = { type: 'leave' };
const DIFFICULTY_LABEL: Record<DifficultyChoice, string> = { easy: 'Easy', medium: 'Medium', hard: 'Hard', all: 'All difficulties' };

/**
 * Everything shown after an answer, right or wrong, as wrapped lines: the verdict, then every choice with why it
 * is right or wrong, the solution, a quick check and common mistakes. `order` maps display positions to choices.
 */
export function feedbackLines(feedback: AnswerFeedback, order: readonly number[], width: number, mode: PracticeState['mode']): Line[] {
  const letter = (choiceIndex: number) => letterOf(Math.max(0, order.indexOf(choiceIndex)));
  const w = (text: string) => wrapProse(text, width);
  const lines: Line[] = [
    ...(feedback.correct
      ? w(`${marks.ok} Correct: ${letter(feedback.rightIndex)}.`)
      : w(`${marks.fail} Incorrect: you chose ${letter(feedback.chosenIndex)}; the right answer is ${letter(feedback.rightIndex)}.`)),
    '',
    ...choiceReviewLines(feedback.choices, order, width),
    '',
    'Solution:',
    ...feedback.solution.flatMap((s, i) => w(`  ${i + 1}. ${s}`)),
    '',
    ...w(`Quick check: ${feedback.quickCheck}`),
    '',
    'Common mistakes:',
    ...feedback.mistakes.flatMap((m) => w(`  - ${m}`)),
  ];
  if (mode === 'mistakes' && !feedback.correct) lines.push('', ...w('This question comes back at the end of the round until you answer it right.'));
  return lines;
}

/**
 * Practice: with a lesson, pick a difficulty and answer its questions with full feedback. Without a lesson:
 * Mistakes, every question last answered wrong, round and round until each is answered right.
 */
export function PracticeScreen({ lessonId }: { lessonId?: string }) {
  const { course, progress, navigate } = useApp();
  const lesson = lessonId ? course.lessons.find((l) => l.id === lessonId) : undefined;
  const [state, dispatch] = useSession(
    practiceReducer,
    () =>
      lesson
        ? initPractice({ mode: 'practice', lessonId: lesson.id, items: lesson.questions.map((question) => ({ lessonId: lesson.id, question })) })
        : initPractice({ mode: 'mistakes', items: mistakes(course.lessons, progress.events) }),
    LEAVE,
  );
  useKeys((input, key) => {
    if (state.phase === 'question') {
      const position = positionForKey(input, state.order.length);
      if (position !== undefined) dispatch({ type: 'answer', position });
      else if (key.return) dispatch({ type: 'answer' });
      else if (key.upArrow || input === 'k') dispatch({ type: 'move', delta: -1 });
      else if (key.downArrow || input === 'j') dispatch({ type: 'move', delta: 1 });
      else if (input === 'h') dispatch({ type: 'hint' });
    } else if (state.phase === 'feedback' && key.return) dispatch({ type: 'next' });
    else if (state.phase === 'done' && key.return) {
      if (state.mode === 'practice') dispatch({ type: 'repick' });
      else navigate({ type: 'back' });
    }
  });
  const title = lesson ? `Practice · ${lesson.title}` : 'Mistakes';
  // The question on screen counts as to go until it is answered.
  const left = state.queue.length + (state.phase === 'question' ? 1 : 0);
  const subtitle =
    state.phase === 'pick' ? 'choose a difficulty' : `${state.right} of ${state.answered} right${state.phase === 'done' ? '' : ` · ${left} to go`}`;
  return (
    <Screen title={title} subtitle={subtitle} keys={keysFor(state)}>
      <PracticeBody state={state} dispatch={dispatch} />
    </Screen>
  );
}

function keysFor(state: PracticeState) {
  switch (state.phase) {
    case 'pick':
      return [
        { key: '↑↓', label: 'move' },
        { key: 'Enter', label: 'start' },
      ];
    case 'question':
      return [
        { key: `a-${letterOf(state.order.length - 1).toLowerCase()}`, label: 'answer' },
        { key: '↑↓ Enter', label: 'choose' },
        { key: 'h', label: 'hint' },
      ];
    case 'feedback':
      return [
        { key: 'Enter', label: 'next' },
        { key: '↑↓', label: 'scroll' },
      ];
    case 'done':
      return [{ key: 'Enter', label: state.mode === 'practice' ? 'practise more' : 'done' }];
  }
}

function PracticeBody({ state, dispatch }: { state: PracticeState; dispatch(action: PracticeAction): void }) {
  const { size } = useApp();
  const width = size.columns - 2;
  switch (state.phase) {
    case 'pick':
      return (
        <Menu
          items={state.offer.map((o) => ({ key: o.difficulty, label: DIFFICULTY_LABEL[o.difficulty], detail: `${o.count} questions` }))}
          onSelect={(item) => dispatch({ type: 'pick', difficulty: item.key as DifficultyChoice })}
        />
      );
    case 'question': {
      const question = state.current?.question;
      if (!question) return null;
      return (
        <QuestionView
          question={question}
          order={state.order}
          cursor={state.cursor}
          header={`${question.difficulty} · ${question.topic}${state.hintShown ? '' : '   (h: hint)'}`}
          {...(state.hintShown ? { hint: question.hint } : {})}
        />
      );
    }
    case 'feedback': {
      if (!state.feedback || !state.current) return null;
      return (
        <Box flexDirection="column">
          <Text color={state.feedback.correct ? theme.good : theme.bad} bold wrap="truncate-end">
            {state.current.question.prompt}
          </Text>
          <ScrollView lines={feedbackLines(state.feedback, state.order, width, state.mode)} height={Math.max(2, size.bodyRows - 1)} resetKey={state.answered} />
        </Box>
      );
    }
    case 'done':
      return <PracticeDone state={state} />;
  }
}

function PracticeDone({ state }: { state: PracticeState }) {
  if (state.mode === 'mistakes' && state.answered === 0) {
    return (
      <Text wrap="wrap">
        {marks.ok} No mistakes to practise. Questions you answer wrong in Practice or a Test land here, and stay until you answer them right.
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text>
        {marks.ok} {state.mode === 'mistakes' ? 'Mistakes cleared' : 'Round done'}: {state.right} of {state.answered} answers right.
      </Text>
      <Box marginTop={1}>
        <Text color={theme.muted} wrap="wrap">
          {state.mode === 'mistakes'
            ? 'Every question you had wrong is now answered right.'
            : 'Every answer is saved. Questions you got wrong wait for you in Mistakes on the home screen.'}
        </Text>
      </Box>
    </Box>
  );
}
