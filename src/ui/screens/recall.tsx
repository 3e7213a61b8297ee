import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { RATINGS, type ProgressEvent, type RatingName } from '../../learning/events.js';
import { initRecall, nextLearningDue, recallCounts, recallReducer, type RecallAction, type RecallNote, type RecallState } from '../../learning/recall.js';
import { cardMemories, courseCards, formatInterval, stageOf, type CourseCard } from '../../learning/scheduling.js';
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

/** The one line about the grade just given (or undone): when that card comes back, and why. Pure. */
export function noteText(note: RecallNote): string {
  if (note.kind === 'undone') return `Undone: your ${GRADE_LABEL[note.rating]}. Grade this card again.`;
  const when = formatInterval(note.inMs);
  return note.staysInSession ? `Last card: ${GRADE_LABEL[note.rating]} → back in ${when}: still learning.` : `Last card: ${GRADE_LABEL[note.rating]} → next in ${when}.`;
}

/** "14:05", local time. */
const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 5);

/**
 * Recall cards: the front, Space/Enter for the back, then 1-4 to grade; u takes the last grade back. With a
 * lesson: its due cards, then new ones. Without: Review, the due cards of every lesson. Cards in their learning
 * steps come back in the session when they are due.
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
  // While only learning cards are left, the next one shows the moment it comes due.
  const wakeAt = state.phase === 'wait' ? nextLearningDue(state) : undefined;
  useEffect(() => {
    if (wakeAt === undefined) return undefined;
    const timer = setTimeout(() => dispatch({ type: 'tick' }), Math.max(0, wakeAt - Date.now()) + 100);
    return () => clearTimeout(timer);
  }, [wakeAt, dispatch]);
  const canUndo = state.undo.length > 0;
  useKeys((input, key) => {
    if (input === 'u' && canUndo) dispatch({ type: 'undo' });
    else if (state.phase === 'front' && (input === ' ' || key.return)) dispatch({ type: 'reveal' });
    else if (state.phase === 'back') {
      const rating = RATINGS[Number(input) - 1];
      if (rating) dispatch({ type: 'grade', rating });
    } else if (state.phase === 'wait' && key.return) dispatch({ type: 'early' });
    else if (state.phase === 'done' && key.return) navigate({ type: 'back' });
  });
  const title = lesson ? `Recall · ${lesson.title}` : 'Review due cards';
  const undoKey = canUndo ? [{ key: 'u', label: 'undo' }] : [];
  const keys =
    state.phase === 'front'
      ? [{ key: 'Space/Enter', label: 'show answer' }, ...undoKey]
      : state.phase === 'back'
        ? [{ key: '1-4', label: 'grade' }, ...undoKey, { key: '↑↓', label: 'scroll' }]
        : state.phase === 'wait'
          ? [{ key: 'Enter', label: 'go on now' }, ...undoKey]
          : [{ key: 'Enter', label: 'done' }, ...undoKey];
  return (
    <Screen title={title} subtitle={`${state.graded} graded`} keys={keys}>
      {state.phase === 'done' ? (
        <RecallDone state={state} cards={cards} isReview={!lesson} />
      ) : state.phase === 'wait' ? (
        <RecallWait state={state} />
      ) : (
        <RecallCard state={state} />
      )}
    </Screen>
  );
}

/** "new 3 · learning 2 · due 1": the cards left in this session, as Anki counts them. */
function Counts({ state }: { state: RecallState }) {
  const counts = recallCounts(state);
  return (
    <Text wrap="truncate-end">
      <Text color={theme.accent}>new {counts.new}</Text>
      <Text color={theme.muted}> · </Text>
      <Text color={theme.bad}>learning {counts.learning}</Text>
      <Text color={theme.muted}> · </Text>
      <Text color={theme.good}>due {counts.due}</Text>
    </Text>
  );
}

function Note({ note }: { note: RecallNote | undefined }) {
  if (!note) return null;
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {noteText(note)}
    </Text>
  );
}

function RecallCard({ state }: { state: RecallState }) {
  const { size } = useApp();
  const current = state.current;
  if (!current) return null;
  const width = size.columns - 2;
  const lines = [...wrapProse(current.card.front, width)];
  if (state.phase === 'back') lines.push('', '─'.repeat(Math.min(width, 40)), '', ...wrapProse(current.card.back, width));
  const stage = stageOf(current.memory);
  const kind =
    stage === 'new'
      ? 'New card'
      : stage === 'due'
        ? 'Due card'
        : state.shownEarly
          ? `Early (due ${clock(current.memory.fsrs.due.getTime())})`
          : 'Learning card';
  // Rows besides the card: kind and counts, the gap and grade row(s), the note. While grading, the card gets the
  // room: the note about the card before is dropped (unless it says a grade was undone).
  const gradeRows = state.phase === 'back' ? 3 : 2;
  const note = state.phase === 'back' && state.note?.kind !== 'undone' ? undefined : state.note;
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between" columnGap={2}>
        <Text color={theme.muted} wrap="truncate-end">
          {kind} · {current.card.level}
        </Text>
        <Box flexShrink={0}>
          <Counts state={state} />
        </Box>
      </Box>
      <ScrollView
        lines={lines}
        height={Math.max(2, size.bodyRows - 1 - gradeRows - (note ? 1 : 0))}
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
      <Note note={note} />
    </Box>
  );
}

/** Only cards still in their learning steps are left, none due yet: say when the next is, and what to do meanwhile. */
function RecallWait({ state }: { state: RecallState }) {
  const { size } = useApp();
  const wakeAt = nextLearningDue(state) ?? Date.now();
  const n = state.queue.length;
  const lines = [
    ...wrapProse(
      `${state.graded > 0 ? `${marks.ok} Every card has had its turn for now.` : 'No card is due yet.'} ${n} ${n === 1 ? 'card is' : 'cards are'} still learning; the next is due at ${clock(wakeAt)}, and shows here then.`,
      size.columns - 2,
    ),
    '',
    ...wrapProse('Press Enter to go on now, before they are due, or Esc to leave: they come back in Review when due.', size.columns - 2),
  ];
  return (
    <Box flexDirection="column">
      <Counts state={state} />
      <Box marginTop={1} flexDirection="column">
        <Text>{lines.join('\n')}</Text>
      </Box>
      <Box marginTop={1}>
        <Note note={state.note} />
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
          A new card comes back in the same session, minutes later, until it sticks; then after days: the better you
          knew it, the longer. It counts as known once you recall it a day or more after you last saw it.
        </Text>
      </Box>
    </Box>
  );
}
