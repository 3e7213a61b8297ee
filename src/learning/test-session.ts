import type { Lesson, Question } from '../content/schema.js';
import { drawTest, scoreTest, type TestResult } from './diagnostic.js';
import type { ProgressEvent } from './events.js';
import { choiceOrder } from './grading.js';
import type { Rng } from './rng.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

export interface TestAnswer {
  /** Index into question.choices as written in the lesson. */
  choice: number;
  correct: boolean;
}

export interface TestState extends SessionBase {
  lessonId: string;
  /** 'question': answering (no feedback until the end); 'result': scored. */
  phase: 'question' | 'result';
  questions: Question[];
  /** Display order of each question's choices. */
  orders: number[][];
  /** Position of the current question. */
  index: number;
  cursor: number;
  answers: TestAnswer[];
  result?: TestResult;
}

export type TestAction = ({ type: 'move'; delta: number } | { type: 'answer'; position?: number } | { type: 'leave' }) & Timed;

export function initTest(lesson: Lesson, events: readonly ProgressEvent[], rng: Rng = Math.random, now: Date = new Date()): TestState {
  const questions = drawTest(lesson.questions, events, rng, now);
  return {
    ...startSession(now),
    lessonId: lesson.id,
    phase: 'question',
    questions,
    orders: questions.map((q) => choiceOrder(q, rng)),
    index: 0,
    cursor: 0,
    answers: [],
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
        return { ...base, answers, index: state.index + 1, cursor: 0, ...emit(base, now, 'test', state.lessonId, [answerEvent]) };
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
        ...emit(base, now, 'test', state.lessonId, [
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
    case 'leave':
      return { ...base, ...emit(base, now, 'test', state.lessonId, []) };
  }
}
