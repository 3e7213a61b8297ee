import type { ProgressEvent, RatingName } from './events.js';
import { cardMemories, isDue, newMemory, previewIntervals, review, stageOf, type CardStage, type CourseCard, type IntervalPreview, type QueuedCard } from './scheduling.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

/**
 * A card graded now that comes back within this long stays in the session (its learning steps), as in Anki; one
 * due later leaves it and comes back in Review when due.
 */
export const LEARN_AHEAD_MS = 20 * 60_000;

/** What the learner is told about the grade just given: when the card comes back, and whether in this session. */
export type RecallNote =
  | { kind: 'graded'; rating: RatingName; front: string; inMs: number; staysInSession: boolean }
  | { kind: 'undone'; rating: RatingName };

/** What undo restores: the session as it was before one grade, and that grade's review (to cancel in the log). */
interface UndoEntry {
  current: QueuedCard;
  queue: QueuedCard[];
  graded: number;
  again: number;
  shownEarly: boolean;
  note?: RecallNote;
  reviewAt: string;
  rating: RatingName;
}

export interface RecallState extends SessionBase {
  /** 'recall' studies one lesson (due cards, then new ones); 'review' is due cards from every lesson. */
  mode: 'recall' | 'review';
  lessonId?: string;
  /**
   * 'front': card shown, waiting for reveal; 'back': revealed, waiting for a grade; 'wait': only cards in their
   * learning steps are left and none is due yet; 'done': nothing left.
   */
  phase: 'front' | 'back' | 'wait' | 'done';
  current?: QueuedCard;
  /** The current card is a learning card shown before it is due, because the learner chose to go on early. */
  shownEarly: boolean;
  /** The other cards still in this session, in no particular order (nextCard picks). */
  queue: QueuedCard[];
  /** Interval labels for Again/Hard/Good/Easy, set when the back is revealed. */
  preview?: IntervalPreview;
  /** Grades given this session (an undone one is taken back), and how many of them were Again. */
  graded: number;
  again: number;
  note?: RecallNote;
  /** Grades that can be undone, the latest last. */
  undo: UndoEntry[];
}

export type RecallAction = (
  | { type: 'reveal' }
  | { type: 'grade'; rating: RatingName }
  /** Takes back the latest grade of this session. */
  | { type: 'undo' }
  /** The clock moved on (a timer while waiting): shows a learning card that has come due. */
  | { type: 'tick' }
  /** While waiting: show the learning card due soonest now, before it is due. */
  | { type: 'early' }
  | { type: 'leave' }
) &
  Timed;

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

/** Anki's three counts: cards of this session never seen, in their learning steps, and due reviews. They add up to the cards left. */
export type RecallCounts = Record<CardStage, number>;

export function recallCounts(state: Pick<RecallState, 'current' | 'queue'>): RecallCounts {
  const counts: RecallCounts = { new: 0, learning: 0, due: 0 };
  for (const card of state.current ? [state.current, ...state.queue] : state.queue) counts[stageOf(card.memory)]++;
  return counts;
}

const dueAt = (card: QueuedCard) => card.memory.fsrs.due.getTime();

/**
 * The position in `queue` of the card to show next, as Anki orders them: a learning card that has come due
 * (the longest due first), else a due review (in queue order: most overdue first), else a new card (course
 * order). Undefined when only learning cards not yet due are left (or nothing).
 */
export function nextCard(queue: readonly QueuedCard[], now: Date): number | undefined {
  let best: number | undefined;
  queue.forEach((card, i) => {
    if (stageOf(card.memory) === 'learning' && dueAt(card) <= now.getTime() && (best === undefined || dueAt(card) < dueAt(queue[best]!))) best = i;
  });
  if (best !== undefined) return best;
  const review = queue.findIndex((card) => stageOf(card.memory) === 'due');
  if (review >= 0) return review;
  const fresh = queue.findIndex((card) => stageOf(card.memory) === 'new');
  return fresh >= 0 ? fresh : undefined;
}

/** When the soonest card still learning in this session comes due (ms since epoch), if any. */
export function nextLearningDue(state: Pick<RecallState, 'queue'>): number | undefined {
  const times = state.queue.filter((c) => stageOf(c.memory) === 'learning').map(dueAt);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** Shows the next card from the queue (or waits, or is done). */
function show(state: RecallState, now: Date, early = false): RecallState {
  let index = nextCard(state.queue, now);
  if (index === undefined && early && state.queue.length > 0) {
    const soonest = nextLearningDue(state);
    index = state.queue.findIndex((c) => dueAt(c) === soonest);
  }
  const { current: _old, preview: _drop, ...rest } = state;
  if (index === undefined || index < 0) return { ...rest, phase: state.queue.length > 0 ? 'wait' : 'done', shownEarly: false };
  const current = state.queue[index]!;
  return {
    ...rest,
    phase: 'front',
    current,
    queue: state.queue.filter((_, i) => i !== index),
    shownEarly: stageOf(current.memory) === 'learning' && dueAt(current) > now.getTime(),
  };
}

export function initRecall(options: RecallOptions): RecallState {
  const now = options.now ?? new Date();
  const includeNew = options.includeNew ?? options.mode === 'recall';
  const memories = cardMemories(options.events);
  const newLimit = options.newLimit ?? 20;
  const reviews: QueuedCard[] = [];
  const fresh: QueuedCard[] = [];
  for (const c of options.cards) {
    const memory = memories.get(c.card.id);
    if (memory === undefined) {
      if (includeNew && fresh.length < newLimit) fresh.push({ ...c, memory: newMemory(now), isNew: true });
    } else if (isDue(memory, now) || (stageOf(memory) === 'learning' && memory.fsrs.due.getTime() - now.getTime() <= LEARN_AHEAD_MS)) {
      // Due now, or still in its learning steps and back within the session.
      reviews.push({ ...c, memory, isNew: false });
    }
  }
  reviews.sort((a, b) => dueAt(a) - dueAt(b));
  return show({ ...startSession(now), mode: options.mode, ...(options.lessonId ? { lessonId: options.lessonId } : {}), phase: 'done', shownEarly: false, queue: [...reviews, ...fresh], graded: 0, again: 0, undo: [] }, now);
}

export function recallReducer(state: RecallState, action: RecallAction): RecallState {
  const now = timeOf(action);
  if (action.type === 'tick') {
    // Not a learner action: waiting is not study time, so the session clock is left alone.
    return state.phase === 'wait' && nextCard(state.queue, now) !== undefined ? { ...show(state, now), events: [] } : state;
  }
  const base = { ...state, ...tick(state, now) };
  switch (action.type) {
    case 'reveal':
      if (state.phase !== 'front' || !state.current) return base;
      return { ...base, phase: 'back', preview: previewIntervals(state.current.memory, now) };
    case 'early':
      return state.phase === 'wait' ? show(base, now, true) : base;
    case 'grade': {
      if (state.phase !== 'back' || !state.current) return base;
      const card = state.current;
      const memory = review(card.memory, action.rating, now);
      const staysInSession = memory.fsrs.due.getTime() - now.getTime() <= LEARN_AHEAD_MS;
      const at = now.toISOString();
      const entry: UndoEntry = {
        current: card,
        queue: state.queue,
        graded: state.graded,
        again: state.again,
        shownEarly: state.shownEarly,
        ...(state.note ? { note: state.note } : {}),
        reviewAt: at,
        rating: action.rating,
      };
      const next = show(
        {
          ...base,
          queue: staysInSession ? [...state.queue, { ...card, memory, isNew: false }] : state.queue,
          graded: state.graded + 1,
          again: state.again + (action.rating === 'again' ? 1 : 0),
          note: { kind: 'graded', rating: action.rating, front: card.card.front, inMs: memory.fsrs.due.getTime() - now.getTime(), staysInSession },
          undo: [...state.undo, entry],
        },
        now,
      );
      return { ...next, ...emit(base, now, state.mode, card.lessonId, [{ type: 'card-review', at, lessonId: card.lessonId, cardId: card.card.id, rating: action.rating }]) };
    }
    case 'undo': {
      const entry = state.undo.at(-1);
      if (!entry) return base;
      const { note: _note, ...rest } = base;
      const restored: RecallState = {
        ...rest,
        phase: 'back',
        current: entry.current,
        queue: entry.queue,
        graded: entry.graded,
        again: entry.again,
        shownEarly: entry.shownEarly,
        preview: previewIntervals(entry.current.memory, now),
        note: { kind: 'undone', rating: entry.rating },
        undo: state.undo.slice(0, -1),
      };
      const card = entry.current;
      return {
        ...restored,
        ...emit(base, now, state.mode, card.lessonId, [{ type: 'card-review-undo', at: now.toISOString(), lessonId: card.lessonId, cardId: card.card.id, reviewAt: entry.reviewAt }]),
      };
    }
    case 'leave':
      return { ...base, ...emit(base, now, state.mode, state.lessonId, []) };
  }
}
