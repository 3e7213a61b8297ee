import type { ProgressEvent, RatingName } from './events.js';
import { cardMemories, previewIntervals, review, studyQueue, type CourseCard, type IntervalPreview, type QueuedCard } from './scheduling.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

/** A card graded now that comes back within this long is shown again later in the same session (learning steps). */
export const LEARN_AHEAD_MS = 20 * 60_000;

export interface RecallState extends SessionBase {
  /** 'recall' studies one lesson (due cards, then new ones); 'review' is due cards from every lesson. */
  mode: 'recall' | 'review';
  lessonId?: string;
  /** 'front': card shown, waiting for reveal; 'back': revealed, waiting for a grade; 'done': nothing left. */
  phase: 'front' | 'back' | 'done';
  current?: QueuedCard;
  /** Cards after the current one. */
  queue: QueuedCard[];
  /** Interval labels for Again/Hard/Good/Easy, set when the back is revealed. */
  preview?: IntervalPreview;
  /** Grades given this session, and how many of them were Again. */
  graded: number;
  again: number;
  /** Distinct cards in the session at the start. */
  total: number;
}

export type RecallAction = ({ type: 'reveal' } | { type: 'grade'; rating: RatingName } | { type: 'leave' }) & Timed;

export interface RecallOptions {
  /** The cards to study: one lesson's (courseCards([lesson])) or the whole course's for review. */
  cards: readonly CourseCard[];
  events: readonly ProgressEvent[];
  mode: 'recall' | 'review';
  lessonId?: string;
  /** Include cards never reviewed (default: true for recall, false for review). */
  includeNew?: boolean;
  /** Cap on new cards in one session (default 20). */
  newLimit?: number;
  now?: Date;
}

export function initRecall(options: RecallOptions): RecallState {
  const now = options.now ?? new Date();
  const includeNew = options.includeNew ?? options.mode === 'recall';
  const all = studyQueue(options.cards, cardMemories(options.events), now, includeNew);
  const newLimit = options.newLimit ?? 20;
  let newSeen = 0;
  const queue = all.filter((c) => !c.isNew || newSeen++ < newLimit);
  const [current, ...rest] = queue;
  return {
    ...startSession(now),
    mode: options.mode,
    ...(options.lessonId ? { lessonId: options.lessonId } : {}),
    phase: current ? 'front' : 'done',
    ...(current ? { current } : {}),
    queue: rest,
    graded: 0,
    again: 0,
    total: queue.length,
  };
}

export function recallReducer(state: RecallState, action: RecallAction): RecallState {
  const now = timeOf(action);
  const base = { ...state, ...tick(state, now) };
  switch (action.type) {
    case 'reveal':
      if (state.phase !== 'front' || !state.current) return base;
      return { ...base, phase: 'back', preview: previewIntervals(state.current.memory, now) };
    case 'grade': {
      if (state.phase !== 'back' || !state.current) return base;
      const card = state.current;
      const memory = review(card.memory, action.rating, now);
      const again = memory.fsrs.due.getTime() - now.getTime() <= LEARN_AHEAD_MS;
      const queue = again ? [...state.queue, { ...card, memory, isNew: false }] : state.queue;
      const [current, ...rest] = queue;
      const { preview: _drop, current: _old, ...without } = base;
      const next: RecallState = {
        ...without,
        phase: current ? 'front' : 'done',
        ...(current ? { current } : {}),
        queue: rest,
        graded: state.graded + 1,
        again: state.again + (action.rating === 'again' ? 1 : 0),
      };
      return {
        ...next,
        ...emit(base, now, state.mode, card.lessonId, [
          { type: 'card-review', at: now.toISOString(), lessonId: card.lessonId, cardId: card.card.id, rating: action.rating },
        ]),
      };
    }
    case 'leave':
      return { ...base, ...emit(base, now, state.mode, state.lessonId, []) };
  }
}
