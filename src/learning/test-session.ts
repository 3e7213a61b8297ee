import type { Lesson, Question } from '../content/schema.js';
import { drawTest, scoreTest, type TestResult } from './diagnostic.js';
import { isEvent, type ProgressEvent } from './events.js';
import { choiceOrder, gradeAnswer, type AnswerFeedback } from './grading.js';
import type { Rng } from './rng.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

export interface TestAnswer {
  /** Index into question.choices as written in the lesson. */
  choice: number;
  correct: boolean;
}

/** A test of one lesson that the learner left part-way: its questions, and the answers already given. */
export interface UnfinishedTest {
  /** When its first answer was given (ISO). */
  startedAt: string;
  questions: Question[];
  /** Answers to the first `answers.length` questions, in order. */
  answers: TestAnswer[];
}

export interface TestState extends SessionBase {
  lessonId: string;
  /**
   * 'offer': a test was left part-way, and the learner chooses to resume it or start anew;
   * 'question': answering (no feedback until the end); 'result': scored; 'review': going through the finished
   * test question by question (your choice, the right one, why).
   */
  phase: 'offer' | 'question' | 'result' | 'review';
  /** In 'review': the position of the question shown. */
  reviewIndex: number;
  questions: Question[];
  /** Display order of each question's choices. */
  orders: number[][];
  /** Position of the current question. */
  index: number;
  cursor: number;
  answers: TestAnswer[];
  /** Whether the drawn questions are in the log already (a test-start event), as they are once one is answered. */
  startRecorded: boolean;
  /** In the 'offer' phase: the test that can be resumed, with the display order of its choices. */
  unfinished?: UnfinishedTest & { orders: number[][] };
  result?: TestResult;
}

export type TestAction = (
  | { type: 'move'; delta: number }
  | { type: 'answer'; position?: number }
  | { type: 'resume' }
  | { type: 'restart' }
  /** From the result: review the questions, starting at `index` (default: the first one missed). */
  | { type: 'review'; index?: number }
  /** In the review: the next (+1) or previous (-1) question. */
  | { type: 'review-move'; delta: number }
  /** From the review back to the result. */
  | { type: 'summary' }
  | { type: 'leave' }
) &
  Timed;

/** One question of a finished test as the review shows it: the choices in the order the learner saw them, graded. */
export interface ReviewItem {
  question: Question;
  order: number[];
  feedback: AnswerFeedback;
}

export function reviewItem(state: Pick<TestState, 'questions' | 'orders' | 'answers'>, index: number): ReviewItem | undefined {
  const question = state.questions[index];
  const answer = state.answers[index];
  if (!question || !answer) return undefined;
  return { question, order: state.orders[index] ?? question.choices.map((_, i) => i), feedback: gradeAnswer(question, answer.choice) };
}

/**
 * The lesson's test that was started (its first answer given) and has no result yet, if any. Its questions must
 * all still be in the lesson (an update may have removed one), and at least one must be left to answer.
 * Only the answers given since it started count, the first one to each question.
 */
export function unfinishedTest(lesson: Lesson, events: readonly ProgressEvent[]): UnfinishedTest | undefined {
  const start = events.filter(isEvent('test-start')).filter((e) => e.lessonId === lesson.id).at(-1);
  if (!start) return undefined;
  const since = Date.parse(start.at);
  const after = events.filter((e) => 'lessonId' in e && e.lessonId === lesson.id && Date.parse(e.at) >= since);
  if (after.some(isEvent('test-result'))) return undefined;
  const byId = new Map(lesson.questions.map((q) => [q.id, q]));
  const questions = start.questionIds.map((id) => byId.get(id));
  if (questions.some((q) => q === undefined)) return undefined;
  const given = new Map<string, TestAnswer>();
  for (const e of after.filter(isEvent('answer'))) {
    if (e.mode === 'test' && !given.has(e.questionId)) given.set(e.questionId, { choice: e.choice, correct: e.correct });
  }
  const answers: TestAnswer[] = [];
  for (const id of start.questionIds) {
    const answer = given.get(id);
    if (!answer) break;
    answers.push(answer);
  }
  if (answers.length === 0 || answers.length >= questions.length) return undefined;
  return { startedAt: start.at, questions: questions as Question[], answers };
}

/** A new test, or, when one was left part-way, the offer to resume it. */
export function initTest(lesson: Lesson, events: readonly ProgressEvent[], rng: Rng = Math.random, now: Date = new Date()): TestState {
  const questions = drawTest(lesson.questions, events, rng, now);
  const unfinished = unfinishedTest(lesson, events);
  return {
    ...startSession(now),
    lessonId: lesson.id,
    phase: unfinished ? 'offer' : 'question',
    questions,
    orders: questions.map((q) => choiceOrder(q, rng)),
    index: 0,
    cursor: 0,
    answers: [],
    startRecorded: false,
    reviewIndex: 0,
    ...(unfinished ? { unfinished: { ...unfinished, orders: unfinished.questions.map((q) => choiceOrder(q, rng)) } } : {}),
  };
}

export function testReducer(state: TestState, action: TestAction): TestState {
  const now = timeOf(action);
  const base: TestState = { ...state, ...tick(state, now) };
  const question = state.questions[state.index];
  const order = state.orders[state.index] ?? [];
  switch (action.type) {
    case 'move':
      if (state.phase !== 'question' || order.length === 0) return base;
      return { ...base, cursor: (state.cursor + action.delta + order.length * 10) % order.length };
    case 'answer': {
      if (state.phase !== 'question' || !question) return base;
      const choice = order[action.position ?? state.cursor];
      if (choice === undefined) return base;
      const correct = question.choices[choice]?.correct === true;
      const answers = [...state.answers, { choice, correct }];
      const startEvent = state.startRecorded
        ? []
        : [{ type: 'test-start' as const, at: now.toISOString(), lessonId: state.lessonId, questionIds: state.questions.map((q) => q.id) }];
      const answerEvent = {
        type: 'answer' as const,
        at: now.toISOString(),
        lessonId: state.lessonId,
        questionId: question.id,
        choice,
        correct,
        hintUsed: false,
        mode: 'test' as const,
      };
      if (answers.length < state.questions.length) {
        return { ...base, answers, index: state.index + 1, cursor: 0, startRecorded: true, ...emit(base, now, 'test', state.lessonId, [...startEvent, answerEvent]) };
      }
      const result = scoreTest(
        state.questions,
        answers.map((a) => a.correct),
      );
      return {
        ...base,
        answers,
        phase: 'result',
        result,
        startRecorded: true,
        ...emit(base, now, 'test', state.lessonId, [
          ...startEvent,
          answerEvent,
          {
            type: 'test-result',
            at: now.toISOString(),
            lessonId: state.lessonId,
            score: result.score,
            total: result.total,
            breakdown: result.breakdown,
            verdict: result.verdict,
            questionIds: state.questions.map((q) => q.id),
          },
        ]),
      };
    }
    case 'resume': {
      const unfinished = state.unfinished;
      if (state.phase !== 'offer' || !unfinished) return base;
      const { unfinished: _offered, ...rest } = base;
      return {
        ...rest,
        phase: 'question',
        questions: unfinished.questions,
        orders: unfinished.orders,
        answers: unfinished.answers,
        index: unfinished.answers.length,
        cursor: 0,
        startRecorded: true,
      };
    }
    case 'restart': {
      if (state.phase !== 'offer') return base;
      // The questions drawn at open; the left test stays in the log as it was, superseded by this one's start.
      const { unfinished: _offered, ...rest } = base;
      return { ...rest, phase: 'question' };
    }
    case 'review': {
      if (state.phase !== 'result' || state.answers.length === 0) return base;
      const missed = state.answers.findIndex((a) => !a.correct);
      const index = action.index ?? Math.max(0, missed);
      return { ...base, phase: 'review', reviewIndex: Math.min(Math.max(0, index), state.answers.length - 1) };
    }
    case 'review-move':
      if (state.phase !== 'review') return base;
      return { ...base, reviewIndex: Math.min(Math.max(0, state.reviewIndex + action.delta), state.answers.length - 1) };
    case 'summary':
      return state.phase === 'review' ? { ...base, phase: 'result' } : base;
    case 'leave':
      return { ...base, ...emit(base, now, 'test', state.lessonId, []) };
  }
}
