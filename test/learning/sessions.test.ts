import { describe, expect, it } from 'vitest';
import type { ProgressEvent, ProgressEventInput } from '../../src/learning/events.js';
import { currentPrompt, explainReducer, initExplain, type ExplainAction, type ExplainState } from '../../src/learning/explain-session.js';
import { mistakes } from '../../src/learning/mistakes.js';
import { initPager, pagerReducer } from '../../src/learning/pager.js';
import { initPractice, practiceReducer, type PracticeAction, type PracticeState } from '../../src/learning/practice.js';
import { initRecall, recallReducer, type RecallAction, type RecallState } from '../../src/learning/recall.js';
import { seededRng } from '../../src/learning/rng.js';
import { courseCards } from '../../src/learning/scheduling.js';
import { IDLE_CAP_MS, step } from '../../src/learning/session.js';
import { initTest, testReducer, unfinishedTest, type TestAction, type TestState } from '../../src/learning/test-session.js';
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

  it('shows a front, reveals the back with interval labels, and records each grade', () => {
    let state = init();
    expect(state).toMatchObject({ phase: 'front', total: 5 });
    expect(state.current?.card.id).toBe('s-card-0');
    state = recallReducer(state, { type: 'reveal', now: minutesAfter(T0, 1) });
    expect(state.phase).toBe('back');
    expect(state.events).toEqual([]);
    expect(state.preview?.good.label).toBe('10m');
    state = recallReducer(state, { type: 'grade', rating: 'easy', now: minutesAfter(T0, 2) });
    expect(state.events[0]).toEqual({ type: 'card-review', at: minutesAfter(T0, 2).toISOString(), lessonId: 's', cardId: 's-card-0', rating: 'easy' });
    expect(state.events[1]).toMatchObject({ type: 'study-time', ms: 2 * 60_000, mode: 'recall', lessonId: 's' });
    expect(state).toMatchObject({ phase: 'front', graded: 1 });
    expect(state.current?.card.id).toBe('s-card-1');
    expect(state.preview).toBeUndefined();
  });

  it('ignores a grade before the reveal', () => {
    const state = recallReducer(init(), { type: 'grade', rating: 'good', now: T0 });
    expect(state.events).toEqual([]);
    expect(state.graded).toBe(0);
  });

  it('brings back cards still in their learning steps, and finishes when every card has graduated', () => {
    const actions: RecallAction[] = [];
    for (let i = 0; i < 5; i++) actions.push({ type: 'reveal' }, { type: 'grade', rating: i === 0 ? 'again' : 'good' });
    let { state, of } = play(recallReducer, init(), actions);
    expect(state.phase).toBe('front'); // the learning cards come round again
    expect(state.current?.card.id).toBe('s-card-0');
    expect(of('card-review')).toHaveLength(5);
    const more = play(recallReducer, state, Array.from({ length: 12 }, (_, i): RecallAction => (i % 2 === 0 ? { type: 'reveal' } : { type: 'grade', rating: 'good' })), minutesAfter(T0, 20));
    state = more.state;
    expect(state.phase).toBe('done');
    expect(state.graded).toBe(5 + 6);
    expect(state.again).toBe(1);
  });

  it('review mode offers only due cards, from the history, most overdue first', () => {
    const history = withIds<ProgressEventInput>([
      { type: 'card-review', at: T0.toISOString(), lessonId: 's', cardId: 's-card-3', rating: 'easy' },
      { type: 'card-review', at: minutesAfter(T0, 60).toISOString(), lessonId: 's', cardId: 's-card-1', rating: 'easy' },
    ]) as ProgressEvent[];
    const review = initRecall({ cards: courseCards([lesson]), events: history, mode: 'review', now: minutesAfter(T0, 60 * 24 * 40) });
    expect([review.current?.card.id, ...review.queue.map((c) => c.card.id)]).toEqual(['s-card-3', 's-card-1']);
    const nothingDue = initRecall({ cards: courseCards([lesson]), events: history, mode: 'review', now: minutesAfter(T0, 120) });
    expect(nothingDue.phase).toBe('done');
  });

  it('records the study time when the learner leaves, and caps idle gaps', () => {
    let state: RecallState = init();
    state = recallReducer(state, { type: 'reveal', now: minutesAfter(T0, 60) }); // walked away for an hour
    state = recallReducer(state, { type: 'leave', now: minutesAfter(T0, 61) });
    expect(state.events).toEqual([{ type: 'study-time', at: minutesAfter(T0, 61).toISOString(), ms: IDLE_CAP_MS + 60_000, mode: 'recall', lessonId: 's' }]);
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
  const init = () => initExplain('s', lesson.explain, T0);

  it('scores the typed answer, shows covered and missed concepts, records the attempt, then moves on', () => {
    let state: ExplainState = init();
    const act = (a: ExplainAction) => (state = explainReducer(state, { ...a, now: minutesAfter(T0, 2) }));
    act({ type: 'edit', text: 'The client proves who it is with a client certificate.' });
    expect(state.phase).toBe('typing');
    act({ type: 'submit' });
    expect(state.phase).toBe('scored');
    expect(state.score).toMatchObject({ score: 1, total: 2 });
    expect(state.score?.missed.map((c) => c.name)).toEqual(['the server checks it against a trusted CA']);
    expect(state.events[0]).toEqual({ type: 'explain-attempt', at: minutesAfter(T0, 2).toISOString(), lessonId: 's', promptId: 's-explain-1', covered: ['the client proves its identity'], total: 2 });
    act({ type: 'retry' });
    expect(state).toMatchObject({ phase: 'typing', text: 'The client proves who it is with a client certificate.' });
    act({ type: 'submit' });
    act({ type: 'next' });
    expect(state).toMatchObject({ phase: 'typing', index: 1, text: '' });
    expect(currentPrompt(state)?.id).toBe('s-explain-2');
    act({ type: 'edit', text: 'x' });
    act({ type: 'submit' });
    act({ type: 'next' });
    expect(state.phase).toBe('done');
  });

  it('does not score an empty answer, and says why', () => {
    const state = explainReducer(explainReducer(init(), { type: 'edit', text: '   ', now: T0 }), { type: 'submit', now: T0 });
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
