import { DIFFICULTIES, type Difficulty } from '../content/constants.js';
import type { Question } from '../content/schema.js';
import { choiceOrder, gradeAnswer, type AnswerFeedback } from './grading.js';
import { shuffle, type Rng } from './rng.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

export interface PracticeItem {
  lessonId: string;
  question: Question;
}

export type DifficultyChoice = Difficulty | 'all';

export interface PracticeState extends SessionBase {
  /** 'practice': one lesson, by difficulty. 'mistakes': questions last answered wrong; a wrong answer sends the question to the back of the queue. */
  mode: 'practice' | 'mistakes';
  lessonId?: string;
  /** 'pick': choose a difficulty; 'question': choosing an answer; 'feedback': showing the result; 'done'. */
  phase: 'pick' | 'question' | 'feedback' | 'done';
  /** The difficulties on offer with how many questions each has (for the pick menu). */
  offer: { difficulty: DifficultyChoice; count: number }[];
  difficulty?: DifficultyChoice;
  current?: PracticeItem;
  /** Display order of the current question's choices: indexes into `current.question.choices`. */
  order: number[];
  /** Highlighted position in `order`. */
  cursor: number;
  hintShown: boolean;
  feedback?: AnswerFeedback;
  queue: PracticeItem[];
  answered: number;
  right: number;
  pool: PracticeItem[];
  rng: Rng;
}

export type PracticeAction = (
  | { type: 'pick'; difficulty: DifficultyChoice }
  | { type: 'move'; delta: number }
  /** Answers with the choice at display position `position` (default: the cursor). */
  | { type: 'answer'; position?: number }
  | { type: 'hint' }
  | { type: 'next' }
  /** Back to the difficulty menu (practice mode). */
  | { type: 'repick' }
  | { type: 'leave' }
) &
  Timed;

export interface PracticeOptions {
  mode: 'practice' | 'mistakes';
  items: PracticeItem[];
  lessonId?: string;
  rng?: Rng;
  now?: Date;
}

export function initPractice(options: PracticeOptions): PracticeState {
  const now = options.now ?? new Date();
  const rng = options.rng ?? Math.random;
  const offer = [
    ...DIFFICULTIES.map((difficulty) => ({ difficulty, count: options.items.filter((i) => i.question.difficulty === difficulty).length })).filter(
      (o) => o.count > 0,
    ),
    { difficulty: 'all' as const, count: options.items.length },
  ];
  const state: PracticeState = {
    ...startSession(now),
    mode: options.mode,
    ...(options.lessonId ? { lessonId: options.lessonId } : {}),
    phase: 'pick',
    offer,
    order: [],
    cursor: 0,
    hintShown: false,
    queue: [],
    answered: 0,
    right: 0,
    pool: options.items,
    rng,
  };
  // Mistakes need no difficulty menu: straight to the first question.
  return options.mode === 'mistakes' ? startQueue(state, 'all') : state;
}

function startQueue(state: PracticeState, difficulty: DifficultyChoice): PracticeState {
  const matching = state.pool.filter((i) => difficulty === 'all' || i.question.difficulty === difficulty);
  const queue = state.mode === 'mistakes' ? matching : shuffle(matching, state.rng);
  return advance({ ...state, difficulty, queue, answered: 0, right: 0 });
}

function advance(state: PracticeState): PracticeState {
  const [current, ...queue] = state.queue;
  const { feedback: _f, current: _c, ...rest } = state;
  if (!current) return { ...rest, phase: 'done', queue: [], order: [], cursor: 0, hintShown: false };
  return { ...rest, phase: 'question', current, queue, order: choiceOrder(current.question, state.rng), cursor: 0, hintShown: false };
}

export function practiceReducer(state: PracticeState, action: PracticeAction): PracticeState {
  const now = timeOf(action);
  const base: PracticeState = { ...state, ...tick(state, now) };
  switch (action.type) {
    case 'pick':
      return state.phase === 'pick' ? startQueue(base, action.difficulty) : base;
    case 'move':
      if (state.phase !== 'question' || state.order.length === 0) return base;
      return { ...base, cursor: (state.cursor + action.delta + state.order.length * 10) % state.order.length };
    case 'hint':
      return state.phase === 'question' ? { ...base, hintShown: true } : base;
    case 'answer': {
      if (state.phase !== 'question' || !state.current) return base;
      const position = action.position ?? state.cursor;
      const choice = state.order[position];
      if (choice === undefined) return base;
      const feedback = gradeAnswer(state.current.question, choice);
      // Mistakes: a wrong answer comes back at the end, until it is answered right.
      const queue = state.mode === 'mistakes' && !feedback.correct ? [...state.queue, state.current] : state.queue;
      const answered: PracticeState = {
        ...base,
        phase: 'feedback',
        feedback,
        cursor: position,
        queue,
        answered: state.answered + 1,
        right: state.right + (feedback.correct ? 1 : 0),
      };
      return {
        ...answered,
        ...emit(base, now, state.mode, state.current.lessonId, [
          {
            type: 'answer',
            at: now.toISOString(),
            lessonId: state.current.lessonId,
            questionId: state.current.question.id,
            choice,
            correct: feedback.correct,
            hintUsed: state.hintShown,
            mode: state.mode,
          },
        ]),
      };
    }
    case 'next':
      return state.phase === 'feedback' ? advance(base) : base;
    case 'repick': {
      if (state.mode !== 'practice') return base;
      const { feedback: _f, current: _c, difficulty: _d, ...rest } = base;
      return { ...rest, phase: 'pick', queue: [], order: [], cursor: 0, hintShown: false };
    }
    case 'leave':
      return { ...base, ...emit(base, now, state.mode, state.lessonId ?? state.current?.lessonId, []) };
  }
}
