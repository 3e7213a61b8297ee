import { Box, Text } from 'ink';
import { RATINGS, type ProgressEvent, type RatingName } from '../../learning/events.js';
import { initRecall, recallReducer, type RecallAction, type RecallState } from '../../learning/recall.js';
import { cardMemories, courseCards, formatInterval, type CourseCard } from '../../learning/scheduling.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { wrapProse } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { useSession } from './use-session.js';

const LEAVE: RecallAction = { type: 'leave' };
const GRADE_LABEL: Record<RatingName, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

/** How long until the soonest of these cards comes due again, or undefined when none has been studied. */
export function nextDueIn(cards: readonly CourseCard[], events: readonly ProgressEvent[], now: Date): number | undefined {
  const memories = cardMemories(events);
  let soonest: number | undefined;
  for (const c of cards) {
    const due = memories.get(c.card.id)?.fsrs.due.getTime();
    if (due !== undefined && (soonest === undefined || due < soonest)) soonest = due;
  }
  return soonest === undefined ? undefined : Math.max(0, soonest - now.getTime());
}

/**
 * Recall cards: the front, Space/Enter for the back, then 1-4 to grade. With a lesson: its due cards, then new
 * ones. Without: Review, the due cards of every lesson.
 */
export function RecallScreen({ lessonId }: { lessonId?: string }) {
  const { course, navigate, progress } = useApp();
  const lesson = lessonId ? course.lessons.find((l) => l.id === lessonId) : undefined;
  const cards = courseCards(lesson ? [lesson] : course.lessons);
  const [state, dispatch] = useSession(
    recallReducer,
    () => initRecall({ cards, events: progress.events, mode: lesson ? 'recall' : 'review', ...(lesson ? { lessonId: lesson.id } : {}) }),
    LEAVE,
  );
  useKeys((input, key) => {
    if (state.phase === 'front' && (input === ' ' || key.return)) dispatch({ type: 'reveal' });
    else if (state.phase === 'back') {
      const rating = RATINGS[Number(input) - 1];
      if (rating) dispatch({ type: 'grade', rating });
    } else if (state.phase === 'done' && key.return) navigate({ type: 'back' });
  });
  const title = lesson ? `Recall · ${lesson.title}` : 'Review due cards';
  const left = state.queue.length + (state.current ? 1 : 0);
  const subtitle = state.phase === 'done' ? `${state.graded} graded` : `${state.graded} graded · ${left} to go`;
  const keys =
    state.phase === 'front'
      ? [{ key: 'Space/Enter', label: 'show answer' }]
      : state.phase === 'back'
        ? [
            { key: '1-4', label: 'grade' },
            { key: '↑↓', label: 'scroll' },
          ]
        : [{ key: 'Enter', label: 'done' }];
  return (
    <Screen title={title} subtitle={subtitle} keys={keys}>
      {state.phase === 'done' ? <RecallDone state={state} cards={cards} isReview={!lesson} /> : <RecallCard state={state} />}
    </Screen>
  );
}

function RecallCard({ state }: { state: RecallState }) {
  const { size } = useApp();
  const current = state.current;
  if (!current) return null;
  const width = size.columns - 2;
  const lines = [...wrapProse(current.card.front, width)];
  if (state.phase === 'back') lines.push('', '─'.repeat(Math.min(width, 40)), '', ...wrapProse(current.card.back, width));
  const gradeRows = state.phase === 'back' ? 3 : 2;
  return (
    <Box flexDirection="column">
      <Text color={theme.muted}>
        {current.isNew ? 'New card' : 'Due card'} · {current.card.level}
      </Text>
      <ScrollView
        lines={lines}
        height={Math.max(2, size.bodyRows - 1 - gradeRows)}
        resetKey={`${current.card.id}:${state.phase}:${state.graded}`}
        pagingOnly={state.phase === 'front'}
      />
      <Box marginTop={1} flexWrap="wrap" columnGap={3}>
        {state.phase === 'front' ? (
          <Text color={theme.muted}>Say the answer to yourself, then press Space to check.</Text>
        ) : (
          RATINGS.map((rating, i) => (
            <Text key={rating}>
              <Text color={theme.key} bold>
                {i + 1}
              </Text>{' '}
              {GRADE_LABEL[rating]} <Text color={theme.muted}>{state.preview ? `(${state.preview[rating].label})` : ''}</Text>
            </Text>
          ))
        )}
      </Box>
    </Box>
  );
}

function RecallDone({ state, cards, isReview }: { state: RecallState; cards: readonly CourseCard[]; isReview: boolean }) {
  const { progress } = useApp();
  const next = nextDueIn(cards, progress.events, new Date());
  const studiedAny = next !== undefined;
  return (
    <Box flexDirection="column">
      {state.graded > 0 ? (
        <Text>
          {marks.ok} Session done: {state.graded} {state.graded === 1 ? 'grade' : 'grades'} given
          {state.again > 0 ? `, ${state.again} of them Again` : ''}.
        </Text>
      ) : null}
      {studiedAny ? (
        <Text>
          {marks.ok} All caught up; next card due in {formatInterval(next)}.
        </Text>
      ) : (
        <Text wrap="wrap">
          {isReview
            ? 'No cards to review yet. Open a lesson and choose Recall to learn its cards; they come back here when they are due.'
            : 'No cards to study in this lesson.'}
        </Text>
      )}
      <Box marginTop={1}>
        <Text color={theme.muted} wrap="wrap">
          Cards come back by spaced repetition: the better you knew one, the longer until you see it again.
        </Text>
      </Box>
    </Box>
  );
}
