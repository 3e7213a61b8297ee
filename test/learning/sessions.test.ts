import { describe, expect, it } from 'vitest';
import type { ProgressEvent, ProgressEventInput } from '../../src/learning/events.js';
import { currentPrompt, explainReducer, initExplain, previousAnswers, selfMarkedScore, type ExplainAction, type ExplainState } from '../../src/learning/explain-session.js';
import { mistakes } from '../../src/learning/mistakes.js';
import { initPager, pagerReducer } from '../../src/learning/pager.js';
import { initPractice, practiceReducer, type PracticeAction, type PracticeState } from '../../src/learning/practice.js';
import { initRecall, nextLearningDue, recallCounts, recallReducer, type RecallAction, type RecallState } from '../../src/learning/recall.js';
import { seededRng } from '../../src/learning/rng.js';
import { cardMemories, courseCards } from '../../src/learning/scheduling.js';
import { IDLE_CAP_MS, step } from '../../src/learning/session.js';
import { initTest, reviewItem, testReducer, unfinishedTest, type TestAction, type TestState } from '../../src/learning/test-session.js';
import { makeLesson, minutesAfter, T0, withIds } from './fixtures.js';

const lesson = makeLesson('s', { cards: 5 });

/** Runs actions one minute apart, collecting every event a screen would record. */
function play<S extends { events: ProgressEventInput[] }, A extends { now?: Date }>(reducer: (s: S, a: A) => S, state: S, actions: A[], start = T0) {
  const recorded: ProgressEventInput[] = [];
  let s = state;
  actions.forEach((action, i) => {
    s = step(reducer as never, s as never, { ...action, now: minutesAfter(start, i + 1) } as never, (e) => recorded.push(e)) as S;
  });
  return { state: s, recorded, of: (type: string) => recorded.filter((e) => e.type === type) };
}

describe('recall session', () => {
  const init = (events: ProgressEvent[] = [], now = T0) => initRecall({ cards: courseCards([lesson]), events, mode: 'recall', lessonId: 's', now });
  const at = (minutes: number) => minutesAfter(T0, minutes);
  /** The cards left, by stage, must always add up to the cards still in the session. */
  const countsOf = (state: RecallState) => {
    const counts = recallCounts(state);
    expect(counts.new + counts.learning + counts.due).toBe(state.queue.length + (state.current ? 1 : 0));
    return counts;
  };

  it('shows a front, reveals the back with interval labels, and records each grade', () => {
    let state = init();
    expect(state.phase).toBe('front');
    expect(countsOf(state)).toEqual({ new: 5, learning: 0, due: 0 });
    expect(state.current?.card.id).toBe('s-card-0');
    state = recallReducer(state, { type: 'reveal', now: at(1) });
    expect(state.phase).toBe('back');
    expect(state.events).toEqual([]);
    expect(state.preview?.good.label).toBe('10m');
    state = recallReducer(state, { type: 'grade', rating: 'easy', now: at(2) });
    expect(state.events[0]).toEqual({ type: 'card-review', at: at(2).toISOString(), lessonId: 's', cardId: 's-card-0', rating: 'easy' });
    expect(state.events[1]).toMatchObject({ type: 'study-time', ms: 2 * 60_000, mode: 'recall', lessonId: 's' });
    expect(state).toMatchObject({ phase: 'front', graded: 1, note: { kind: 'graded', rating: 'easy', staysInSession: false } });
    expect(state.current?.card.id).toBe('s-card-1');
    expect(state.preview).toBeUndefined();
    expect(countsOf(state)).toEqual({ new: 4, learning: 0, due: 0 }); // Easy: back in days, out of this session
  });

  it('ignores a grade before the reveal', () => {
    const state = recallReducer(init(), { type: 'grade', rating: 'good', now: T0 });
    expect(state.events).toEqual([]);
    expect(state.graded).toBe(0);
  });

  it('brings a card graded "Good (10m)" back when it is due, not before: new cards first, then a wait', () => {
    let state = init();
    // Five new cards, one a minute, each Good: each moves from new to learning, due 10 minutes after its grade.
    for (let i = 0; i < 5; i++) {
      state = recallReducer(state, { type: 'reveal', now: at(2 * i) });
      expect(state.preview?.good.label).toBe('10m');
      state = recallReducer(state, { type: 'grade', rating: 'good', now: at(2 * i + 1) });
      expect(state.note).toMatchObject({ kind: 'graded', rating: 'good', inMs: 10 * 60_000, staysInSession: true });
      expect(countsOf(state)).toEqual({ new: 4 - i, learning: i + 1, due: 0 });
    }
    // Minute 9: the first card is due at minute 11. Nothing is shown early on its own.
    expect(state.phase).toBe('wait');
    expect(state.current).toBeUndefined();
    expect(nextLearningDue(state)).toBe(at(11).getTime());
    expect(recallReducer(state, { type: 'tick', now: at(10) })).toBe(state); // not yet
    const due = recallReducer(state, { type: 'tick', now: at(11) });
    expect(due).toMatchObject({ phase: 'front', shownEarly: false, events: [] });
    expect(due.current?.card.id).toBe('s-card-0');
    expect(due.lastActionAt).toBe(state.lastActionAt); // waiting is not study time
    // Or the learner goes on before then: the card says it is early.
    const early = recallReducer(state, { type: 'early', now: at(9) });
    expect(early).toMatchObject({ phase: 'front', shownEarly: true });
    expect(early.current?.card.id).toBe('s-card-0');
    expect(countsOf(early)).toEqual({ new: 0, learning: 5, due: 0 });
  });

  it('shows a learning card that has come due before the new cards left', () => {
    let state = init();
    state = recallReducer(state, { type: 'reveal', now: at(0) });
    state = recallReducer(state, { type: 'grade', rating: 'again', now: at(0) }); // back in 1 minute
    expect(state.note).toMatchObject({ kind: 'graded', rating: 'again', inMs: 60_000, staysInSession: true });
    expect(state.current?.card.id).toBe('s-card-1'); // not due yet: a new card meanwhile
    state = recallReducer(state, { type: 'reveal', now: at(2) });
    state = recallReducer(state, { type: 'grade', rating: 'easy', now: at(2) });
    expect(state.current?.card.id).toBe('s-card-0'); // due now: before s-card-2
    expect(countsOf(state)).toEqual({ new: 3, learning: 1, due: 0 });
  });

  it('finishes when every card has left its learning steps', () => {
    let state = init();
    let minute = 0;
    const ratings: string[] = [];
    while (state.phase !== 'done' && ratings.length < 50) {
      minute++;
      if (state.phase === 'wait') {
        minute = Math.max(minute, Math.ceil((nextLearningDue(state)! - T0.getTime()) / 60_000));
        state = recallReducer(state, { type: 'tick', now: at(minute) });
        continue;
      }
      const id = state.current!.card.id;
      state = recallReducer(recallReducer(state, { type: 'reveal', now: at(minute) }), { type: 'grade', rating: ratings.length === 0 ? 'again' : 'good', now: at(minute) });
      ratings.push(id);
      countsOf(state);
    }
    expect(state.phase).toBe('done');
    // s-card-0: Again, then Good for its 10-minute step, then Good to graduate; the others Good twice.
    expect(ratings.filter((id) => id === 's-card-0')).toHaveLength(3);
    expect(ratings).toHaveLength(3 + 4 * 2);
    expect(state).toMatchObject({ graded: 11, again: 1 });
    expect(countsOf(state)).toEqual({ new: 0, learning: 0, due: 0 });
  });

  it('starts with due cards, most overdue first, then cards back from their learning steps soon, then new ones', () => {
    const history = withIds<ProgressEventInput>([
      { type: 'card-review', at: T0.toISOString(), lessonId: 's', cardId: 's-card-3', rating: 'easy' },
      { type: 'card-review', at: at(60).toISOString(), lessonId: 's', cardId: 's-card-1', rating: 'easy' },
      { type: 'card-review', at: at(60 * 24 * 30).toISOString(), lessonId: 's', cardId: 's-card-0', rating: 'good' }, // learning: due 10m later
    ]) as ProgressEvent[];
    const state = init(history, at(60 * 24 * 30 + 5));
    expect(countsOf(state)).toEqual({ new: 2, learning: 1, due: 2 });
    expect([state.current?.card.id, ...state.queue.map((c) => c.card.id)]).toEqual(['s-card-3', 's-card-1', 's-card-0', 's-card-2', 's-card-4']);
    const review = initRecall({ cards: courseCards([lesson]), events: history, mode: 'review', now: at(60 * 24 * 40) });
    // Ten days on, s-card-0 (never graduated) is a learning card come due: those go first.
    expect([review.current?.card.id, ...review.queue.map((c) => c.card.id)]).toEqual(['s-card-0', 's-card-3', 's-card-1']);
    const nothingDue = initRecall({ cards: courseCards([lesson]), events: history.slice(0, 2), mode: 'review', now: at(120) });
    expect(nothingDue.phase).toBe('done');
  });

  it('undoes the latest grades one by one: the card, its schedule and the counts come back, and the log cancels each', () => {
    const recorded: ProgressEventInput[] = [];
    let state = init();
    const act = (action: RecallAction, minutes: number) => (state = step(recallReducer, state, { ...action, now: at(minutes) }, (e) => recorded.push(e)));
    act({ type: 'reveal' }, 1);
    const before = { current: state.current, queue: state.queue, counts: recallCounts(state), preview: state.preview };
    act({ type: 'grade', rating: 'good' }, 2);
    act({ type: 'reveal' }, 3);
    act({ type: 'grade', rating: 'again' }, 4);
    expect(state).toMatchObject({ graded: 2, again: 1 });
    act({ type: 'undo' }, 5);
    expect(state).toMatchObject({ phase: 'back', graded: 1, again: 0, note: { kind: 'undone', rating: 'again' } });
    expect(state.current?.card.id).toBe('s-card-1');
    expect(state.current?.memory.reviews).toBe(0);
    expect(recorded.filter((e) => e.type === 'card-review-undo')).toEqual([{ type: 'card-review-undo', at: at(5).toISOString(), lessonId: 's', cardId: 's-card-1', reviewAt: at(4).toISOString() }]);
    act({ type: 'undo' }, 6);
    expect(state).toMatchObject({ phase: 'back', graded: 0, current: before.current, queue: before.queue });
    expect(recallCounts(state)).toEqual(before.counts);
    expect(state.preview?.good.label).toBe('10m');
    act({ type: 'undo' }, 7); // nothing left to undo
    expect(recorded.filter((e) => e.type === 'card-review-undo')).toHaveLength(2);
    // Replayed from the log, both grades are gone; grading again counts.
    expect(cardMemories(withIds(recorded) as ProgressEvent[]).size).toBe(0);
    act({ type: 'grade', rating: 'easy' }, 8);
    expect(cardMemories(withIds(recorded) as ProgressEvent[]).get('s-card-0')).toMatchObject({ reviews: 1, lastRating: 'easy' });
    // A new session from the log sees the same schedule as this one.
    expect(recallCounts(init(withIds(recorded) as ProgressEvent[], at(9)))).toEqual(recallCounts(state));
  });

  it('records the study time when the learner leaves, and caps idle gaps', () => {
    let state: RecallState = init();
    state = recallReducer(state, { type: 'reveal', now: at(60) }); // walked away for an hour
    state = recallReducer(state, { type: 'leave', now: at(61) });
    expect(state.events).toEqual([{ type: 'study-time', at: at(61).toISOString(), ms: IDLE_CAP_MS + 60_000, mode: 'recall', lessonId: 's' }]);
  });
});

describe('practice session', () => {
  const items = lesson.questions.map((question) => ({ lessonId: 's', question }));
  const init = () => initPractice({ mode: 'practice', items, lessonId: 's', rng: seededRng(4), now: T0 });

  it('offers the difficulties with their counts, then only questions of the picked one', () => {
    let state = init();
    expect(state.phase).toBe('pick');
    expect(state.offer).toEqual([
      { difficulty: 'easy', count: 4 },
      { difficulty: 'medium', count: 5 },
      { difficulty: 'hard', count: 4 },
      { difficulty: 'all', count: 13 },
    ]);
    state = practiceReducer(state, { type: 'pick', difficulty: 'hard', now: T0 });
    expect(state.phase).toBe('question');
    expect(state.current?.question.difficulty).toBe('hard');
    expect(state.queue.every((i) => i.question.difficulty === 'hard')).toBe(true);
    expect(state.queue).toHaveLength(3);
  });

  it('records an answer with the hint flag and shows full feedback', () => {
    let state: PracticeState = practiceReducer(init(), { type: 'pick', difficulty: 'easy', now: T0 });
    state = practiceReducer(state, { type: 'hint', now: T0 });
    expect(state.hintShown).toBe(true);
    const wrongPosition = state.order.findIndex((choice) => choice !== 0);
    state = practiceReducer(state, { type: 'answer', position: wrongPosition, now: minutesAfter(T0, 1) });
    expect(state.phase).toBe('feedback');
    expect(state.feedback).toMatchObject({ correct: false, rightIndex: 0 });
    expect(state.feedback?.whyWrong).toMatch(/wrong (one|two) is wrong/);
    expect(state.events[0]).toMatchObject({ type: 'answer', questionId: state.current?.question.id, choice: state.order[wrongPosition], correct: false, hintUsed: true, mode: 'practice' });
    state = practiceReducer(state, { type: 'next', now: minutesAfter(T0, 2) });
    expect(state).toMatchObject({ phase: 'question', hintShown: false, cursor: 0 });
  });

  it('moves the cursor round the choices and answers at the cursor', () => {
    let state: PracticeState = practiceReducer(init(), { type: 'pick', difficulty: 'all', now: T0 });
    state = practiceReducer(state, { type: 'move', delta: -1, now: T0 });
    expect(state.cursor).toBe(2);
    state = practiceReducer(state, { type: 'answer', now: T0 });
    expect(state.feedback?.chosenIndex).toBe(state.order[2]);
  });

  it('goes through every question of the difficulty once, then is done', () => {
    const actions: PracticeAction[] = [{ type: 'pick', difficulty: 'medium' }];
    for (let i = 0; i < 5; i++) actions.push({ type: 'answer', position: 0 }, { type: 'next' });
    const { state, of } = play(practiceReducer, init(), actions);
    expect(state.phase).toBe('done');
    expect(new Set(of('answer').map((e) => (e as { questionId: string }).questionId)).size).toBe(5);
    expect(state.answered).toBe(5);
  });

  it('mistakes mode re-asks a wrongly answered question until it is answered right', () => {
    const history = withIds<ProgressEventInput>(
      ['s-easy-0', 's-hard-1'].map((questionId) => ({ type: 'answer', at: T0.toISOString(), lessonId: 's', questionId, choice: 1, correct: false, hintUsed: false, mode: 'practice' })),
    ) as ProgressEvent[];
    const list = mistakes([lesson], history);
    let state = initPractice({ mode: 'mistakes', items: list, rng: seededRng(1), now: T0 });
    expect(state.phase).toBe('question');
    const rightPos = (s: PracticeState) => s.order.indexOf(0);
    const wrongPos = (s: PracticeState) => s.order.findIndex((c) => c !== 0);
    const recorded = [...history] as ProgressEventInput[];
    const act = (a: PracticeAction) => (state = step(practiceReducer, state, { ...a, now: T0 }, (e) => recorded.push(e)));
    expect(state.current?.question.id).toBe('s-easy-0');
    act({ type: 'answer', position: wrongPos(state) });
    act({ type: 'next' });
    expect(state.current?.question.id).toBe('s-hard-1');
    act({ type: 'answer', position: rightPos(state) });
    act({ type: 'next' });
    expect(state.current?.question.id).toBe('s-easy-0'); // back again
    act({ type: 'answer', position: rightPos(state) });
    act({ type: 'next' });
    expect(state.phase).toBe('done');
    expect(mistakes([lesson], withIds(recorded) as ProgressEvent[])).toEqual([]);
    expect(recorded.filter((e) => e.type === 'answer' && e.mode === 'mistakes')).toHaveLength(3);
  });
});

describe('test session', () => {
  it('asks 10 questions without feedback, then records the answers and the result', () => {
    let state: TestState = initTest(lesson, [], seededRng(9), T0);
    expect(state.questions).toHaveLength(10);
    const actions: TestAction[] = [];
    // Right on everything except the first two questions.
    state.questions.forEach((_, i) => actions.push({ type: 'answer', position: i < 2 ? state.orders[i]!.findIndex((c) => c !== 0) : state.orders[i]!.indexOf(0) }));
    const { state: end, of } = play(testReducer, state, actions);
    state = end;
    expect(state.phase).toBe('result');
    expect(state.result).toMatchObject({ score: 8, total: 10, verdict: 'strong', breakdown: { easy: { right: 1, total: 3 }, medium: { right: 4, total: 4 }, hard: { right: 3, total: 3 } } });
    expect(of('answer')).toHaveLength(10);
    expect(of('answer').every((e) => e.type === 'answer' && e.mode === 'test' && !e.hintUsed)).toBe(true);
    expect(of('test-result')).toEqual([
      expect.objectContaining({ lessonId: 's', score: 8, total: 10, verdict: 'strong', questionIds: state.questions.map((q) => q.id) }),
    ]);
  });

  it('reviews a finished test question by question, from the first one missed, and records nothing more', () => {
    const start = initTest(lesson, [], seededRng(3), T0);
    const actions: TestAction[] = start.questions.map((_, i) => ({ type: 'answer', position: [3, 6].includes(i) ? start.orders[i]!.findIndex((c) => c !== 0) : start.orders[i]!.indexOf(0) }));
    let { state } = play(testReducer, start, actions);
    expect(testReducer(start, { type: 'review', now: T0 }).phase).toBe('question'); // only once finished
    const recorded: ProgressEventInput[] = [];
    const act = (a: TestAction) => (state = step(testReducer, state, { ...a, now: minutesAfter(T0, 20) }, (e) => recorded.push(e)));
    act({ type: 'review' });
    expect(state).toMatchObject({ phase: 'review', reviewIndex: 3 });
    const item = reviewItem(state, 3)!;
    expect(item.question).toBe(state.questions[3]);
    expect(item.order).toEqual(state.orders[3]);
    expect(item.feedback).toMatchObject({ correct: false, chosenIndex: state.answers[3]!.choice, rightIndex: 0 });
    expect(item.feedback.choices.map((c) => [c.correct, c.chosen, c.why])).toEqual([
      [true, false, 'because it is right'],
      ...[1, 2].map((i) => [false, i === state.answers[3]!.choice, i === 1 ? 'wrong one is wrong' : 'wrong two is wrong']),
    ]);
    act({ type: 'review-move', delta: 1 });
    expect(state.reviewIndex).toBe(4);
    for (let i = 0; i < 12; i++) act({ type: 'review-move', delta: 1 });
    expect(state.reviewIndex).toBe(9);
    act({ type: 'summary' });
    expect(state.phase).toBe('result');
    act({ type: 'review', index: 0 });
    expect(state.reviewIndex).toBe(0);
    expect(recorded.filter((e) => e.type !== 'study-time')).toEqual([]);
  });

  it('gives no feedback mid-test: the state after an answer only moves on', () => {
    const state = initTest(lesson, [], seededRng(2), T0);
    const next = testReducer(state, { type: 'answer', position: 0, now: T0 });
    expect(next.index).toBe(1);
    expect(next.result).toBeUndefined();
    expect(Object.keys(next)).not.toContain('feedback');
  });
});

describe('a test left part-way', () => {
  const right = (state: TestState, i: number): TestAction => ({ type: 'answer', position: state.orders[i]!.indexOf(0) });
  const wrong = (state: TestState, i: number): TestAction => ({ type: 'answer', position: state.orders[i]!.findIndex((c) => c !== 0) });
  /** Answers the first `count` questions of a new test (the second wrong, the rest right), then leaves. */
  function leaveAfter(count: number, events: ProgressEvent[] = [], start = T0) {
    const state = initTest(lesson, events, seededRng(4), start);
    const actions = Array.from({ length: count }, (_, i) => (i === 1 ? wrong(state, i) : right(state, i)));
    const { recorded } = play(testReducer, state, [...actions, { type: 'leave' }], start);
    return { drawn: state.questions, events: [...events, ...(withIds(recorded) as ProgressEvent[])] };
  }

  it('records the drawn questions with the first answer, once', () => {
    const { drawn, events } = leaveAfter(3);
    const starts = events.filter((e) => e.type === 'test-start');
    expect(starts).toEqual([expect.objectContaining({ lessonId: 's', questionIds: drawn.map((q) => q.id) })]);
    expect(starts[0]!.at).toBe(events.find((e) => e.type === 'answer')!.at);
  });

  it('is offered on reopening: the same questions, resumed after the answers given, scored with them', () => {
    const { drawn, events } = leaveAfter(4);
    expect(unfinishedTest(lesson, events)).toMatchObject({ questions: drawn, answers: [{ correct: true }, { correct: false }, { correct: true }, { correct: true }] });
    const later = minutesAfter(T0, 60);
    let state = initTest(lesson, events, seededRng(5), later);
    expect(state.phase).toBe('offer');
    expect(testReducer(state, { type: 'answer', position: 0, now: later }).answers).toEqual([]); // no answering before choosing
    state = testReducer(state, { type: 'resume', now: later });
    expect(state).toMatchObject({ phase: 'question', index: 4, questions: drawn });
    const rest = drawn.slice(4).map((_, i) => right(state, i + 4));
    const { state: end, recorded } = play(testReducer, state, rest, later);
    expect(end.result).toMatchObject({ score: 9, total: 10, verdict: 'strong' });
    expect(recorded.filter((e) => e.type === 'test-start')).toEqual([]); // the resumed test keeps its start
    expect(recorded.filter((e) => e.type === 'answer')).toHaveLength(6);
    expect(unfinishedTest(lesson, [...events, ...(withIds(recorded) as ProgressEvent[])])).toBeUndefined();
  });

  it('can be set aside: a new test is drawn, and the left one is not offered again', () => {
    const { drawn, events } = leaveAfter(2);
    const later = minutesAfter(T0, 60);
    let state = testReducer(initTest(lesson, events, seededRng(6), later), { type: 'restart', now: later });
    expect(state).toMatchObject({ phase: 'question', index: 0, answers: [] });
    // The two questions just answered go to the back of the draw (the fixture has 4 easy ones).
    expect(state.questions.slice(0, 2).map((q) => q.id)).not.toContain(drawn[0]!.id);
    expect(state.questions.slice(0, 2).map((q) => q.id)).not.toContain(drawn[1]!.id);
    const { recorded } = play(testReducer, state, [right(state, 0), { type: 'leave' }], later);
    const offered = initTest(lesson, [...events, ...(withIds(recorded) as ProgressEvent[])], seededRng(7), minutesAfter(later, 60)).unfinished;
    expect(offered).toMatchObject({ questions: state.questions, answers: [{ correct: true }] });
  });

  it('is not offered when nothing was answered, when it was finished, or when a question left the lesson', () => {
    expect(initTest(lesson, leaveAfter(0).events, seededRng(1), T0).phase).toBe('question');
    expect(initTest(lesson, leaveAfter(10).events, seededRng(1), minutesAfter(T0, 60)).phase).toBe('question');
    const { events } = leaveAfter(3);
    const start = events.find((e) => e.type === 'test-start')!;
    const updated = { ...lesson, questions: lesson.questions.filter((q) => q.id !== (start as { questionIds: string[] }).questionIds[9]) };
    expect(unfinishedTest(updated, events)).toBeUndefined();
    expect(unfinishedTest(lesson, events)).toBeDefined();
  });
});

describe('explain session', () => {
  const init = (previous = {}) => initExplain('s', lesson.explain, { now: T0, previous });
  const run = (state: ExplainState, ...actions: ExplainAction[]) => actions.reduce((s, a) => explainReducer(s, { now: minutesAfter(T0, 2), ...a }), state);

  it('scores the typed answer, shows covered and missed concepts, then moves on, recording the attempt with the answer', () => {
    let state = run(init(), { type: 'edit', text: 'The client proves who it is with a client certificate.' });
    expect(state.phase).toBe('typing');
    state = run(state, { type: 'submit' });
    expect(state.phase).toBe('scored');
    expect(state.score).toMatchObject({ score: 1, total: 2 });
    expect(state.score?.missed.map((c) => c.name)).toEqual(['the server checks it against a trusted CA']);
    expect(state.events).toEqual([]); // recorded when the learner leaves the self-check, with their marks
    state = run(state, { type: 'next' });
    expect(state.events[0]).toEqual({
      type: 'explain-attempt',
      at: minutesAfter(T0, 2).toISOString(),
      lessonId: 's',
      promptId: 's-explain-1',
      covered: ['the client proves its identity'],
      total: 2,
      answer: 'The client proves who it is with a client certificate.',
      selfMarked: [],
      contradicted: [],
      notAnExplanation: false,
    });
    expect(state).toMatchObject({ phase: 'typing', index: 1, text: '' });
    expect(currentPrompt(state)?.id).toBe('s-explain-2');
    state = run(state, { type: 'edit', text: 'The expired cert makes the handshake fail.' }, { type: 'submit' }, { type: 'next' });
    expect(state.phase).toBe('done');
  });

  it('keeps self-marks apart from the automatic score: only missed concepts, toggled, saved separately', () => {
    let state = run(init(), { type: 'edit', text: 'The client proves who it is with a client certificate.' }, { type: 'submit' });
    state = run(state, { type: 'toggle-mark', concept: 0 }); // covered already: no mark
    expect(state.selfMarked).toEqual([]);
    state = run(state, { type: 'toggle-mark', concept: 1 });
    expect(state.selfMarked).toEqual(['the server checks it against a trusted CA']);
    expect(selfMarkedScore(state)).toBe(2);
    expect(state.score?.score).toBe(1);
    state = run(state, { type: 'toggle-mark', concept: 1 }, { type: 'toggle-mark', concept: 1 }, { type: 'retry' });
    expect(state.events[0]).toMatchObject({ covered: ['the client proves its identity'], selfMarked: ['the server checks it against a trusted CA'] });
    expect(state).toMatchObject({ phase: 'typing', text: 'The client proves who it is with a client certificate.', selfMarked: [] });
  });

  it('records contradictions and lists of terms with the attempt', () => {
    const state = run(init(), { type: 'edit', text: 'Only the server proves anything here.' }, { type: 'submit' }, { type: 'leave' });
    expect(state.events[0]).toMatchObject({ covered: [], contradicted: ['the client proves its identity'], notAnExplanation: false });
    const list = run(init(), { type: 'edit', text: 'client certificate trusted CA trust store' }, { type: 'submit' }, { type: 'leave' });
    expect(list.events[0]).toMatchObject({ covered: [], notAnExplanation: true });
    // Leaving twice (an unmount after a leave) records once.
    expect(run(state, { type: 'leave' }).events.filter((e) => e.type === 'explain-attempt')).toEqual([]);
  });

  it('reopens the last saved answer of a prompt to revise it', () => {
    const events = withIds([
      { type: 'explain-attempt' as const, at: T0.toISOString(), lessonId: 's', promptId: 's-explain-1', covered: [], total: 2, answer: 'first try' },
      { type: 'explain-attempt' as const, at: minutesAfter(T0, 1).toISOString(), lessonId: 's', promptId: 's-explain-1', covered: ['x'], total: 2, answer: 'second try' },
      { type: 'explain-attempt' as const, at: minutesAfter(T0, 1).toISOString(), lessonId: 's', promptId: 's-explain-2', covered: [], total: 2 },
    ]);
    const previous = previousAnswers(events);
    expect(previous).toEqual({ 's-explain-1': { text: 'second try', score: 1, total: 2, at: minutesAfter(T0, 1).toISOString() } });
    let state = run(init(previous), { type: 'load-previous' });
    expect(state.text).toBe('second try');
    state = run(state, { type: 'edit', text: 'second try, revised' }, { type: 'submit' }, { type: 'next' });
    expect(state.previous['s-explain-1']?.text).toBe('second try, revised');
    expect(run(state, { type: 'load-previous' }).text).toBe(''); // nothing saved for prompt 2
  });

  it('asks before discarding a draft, and only a non-empty one', () => {
    expect(run(init(), { type: 'ask-discard' }).confirmingDiscard).toBe(false);
    const asking = run(init(), { type: 'edit', text: 'draft' }, { type: 'ask-discard' });
    expect(asking.confirmingDiscard).toBe(true);
    expect(run(asking, { type: 'edit', text: 'draftx' }).text).toBe('draft'); // no typing while asking
    expect(run(asking, { type: 'keep-draft' })).toMatchObject({ confirmingDiscard: false, text: 'draft' });
  });

  it('does not score an empty answer, and says why', () => {
    const state = run(init(), { type: 'edit', text: '   ' }, { type: 'submit' });
    expect(state.phase).toBe('typing');
    expect(state.notice).toMatch(/Type your explanation/);
    expect(state.events).toEqual([]);
  });
});

describe('pager', () => {
  it('pages within bounds and saves reading time on every page turn', () => {
    let state = initPager('learn', 's', 2, T0);
    state = pagerReducer(state, { type: 'prev', now: minutesAfter(T0, 1) });
    expect(state.page).toBe(0);
    state = pagerReducer(state, { type: 'next', now: minutesAfter(T0, 2) });
    expect(state.events).toMatchObject([{ type: 'study-time', ms: 60_000 }]); // only the minute since the last turn
    state = pagerReducer(initPager('learn', 's', 2, T0), { type: 'next', now: minutesAfter(T0, 3) });
    expect(state.page).toBe(1);
    expect(state.events).toEqual([{ type: 'study-time', at: minutesAfter(T0, 3).toISOString(), ms: 3 * 60_000, mode: 'learn', lessonId: 's' }]);
    state = pagerReducer(state, { type: 'next', now: minutesAfter(T0, 4) });
    expect(state.page).toBe(1);
  });
});
