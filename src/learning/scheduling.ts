import { createEmptyCard, fsrs, Rating, State, type Card as FsrsCard, type Grade } from 'ts-fsrs';
import type { Card, Lesson } from '../content/schema.js';
import { isEvent, sortEvents, type CardReviewEvent, type CardStateEntry, type ProgressEvent, type RatingName, type StoredCardMemory } from './events.js';

/** One scheduler for the whole app: FSRS defaults (90% retention, 1m/10m learning steps), no fuzz so replays are exact. */
export const scheduler = fsrs({ enable_fuzz: false });

export const GRADE_OF: Record<RatingName, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/** What the learner's reviews say about one card. */
export interface CardMemory {
  fsrs: FsrsCard;
  lastRating?: RatingName;
  reviews: number;
  /**
   * Recalled (Hard, Good or Easy) at least once a real interval (KNOWN_AFTER_MS) after the review before, and not
   * forgotten (Again) since. A first Good or Easy, minutes after first seeing the card, does not prove it.
   */
  proven: boolean;
}

/** The interval a recall must come after to show the card is remembered, not just seen a moment ago. */
export const KNOWN_AFTER_MS = 24 * 60 * 60_000;

/** A recall card with the lesson it belongs to (card ids are unique across the course). */
export interface CourseCard {
  lessonId: string;
  card: Card;
}

export function courseCards(lessons: readonly Lesson[]): CourseCard[] {
  return lessons.flatMap((lesson) => lesson.cards.map((card) => ({ lessonId: lesson.id, card })));
}

export function newMemory(now: Date): CardMemory {
  return { fsrs: createEmptyCard(now), reviews: 0, proven: false };
}

/** Applies one grade to a card's memory. */
export function review(memory: CardMemory, rating: RatingName, at: Date): CardMemory {
  const next = scheduler.next(memory.fsrs, at, GRADE_OF[rating]);
  const last = memory.reviews > 0 ? memory.fsrs.last_review : undefined;
  const afterInterval = last !== undefined && at.getTime() - new Date(last).getTime() >= KNOWN_AFTER_MS;
  const proven = rating !== 'again' && (memory.proven || afterInterval);
  return { fsrs: next.card, lastRating: rating, reviews: memory.reviews + 1, proven };
}

const isCardEvent = (e: ProgressEvent): e is CardReviewEvent | CardStateEntry => e.type === 'card-review' || e.type === 'card-state';

/**
 * Replays every card-review event, in time order, into each card's memory, leaving out reviews that were undone
 * (a card-review-undo names the card and the time of the review); a card-state entry (compacted history) stands
 * for the reviews before it, so the replay carries on from the memory it holds. Cards never reviewed are absent.
 */
export function cardMemories(events: readonly ProgressEvent[]): Map<string, CardMemory> {
  const memories = new Map<string, CardMemory>();
  const undone = undoneReviews(events);
  for (const event of sortEvents(events.filter(isCardEvent))) {
    if (event.type === 'card-state') {
      memories.set(event.cardId, memoryFromState(event));
      continue;
    }
    if (undone.has(reviewKey(event.cardId, event.at))) continue;
    const at = new Date(event.at);
    memories.set(event.cardId, review(memories.get(event.cardId) ?? newMemory(at), event.rating, at));
  }
  return memories;
}

/** "cardId time": how a card-review-undo names the review it takes back. */
export function reviewKey(cardId: string, at: string): string {
  return `${cardId} ${Date.parse(at)}`;
}

/** The reviews taken back with u (card-review-undo events), by reviewKey. */
export function undoneReviews(events: readonly ProgressEvent[]): Set<string> {
  return new Set(events.filter(isEvent('card-review-undo')).map((e) => reviewKey(e.cardId, e.reviewAt)));
}

/** A card's memory as stored in a card-state entry (JSON: dates as ISO text; every number exact). */
export function storedMemory(memory: CardMemory): { fsrs: StoredCardMemory; rating: RatingName | undefined; reviews: number; proven: boolean } {
  const { due, last_review, ...numbers } = memory.fsrs;
  return {
    fsrs: { ...numbers, due: due.toISOString(), ...(last_review ? { last_review: last_review.toISOString() } : {}) },
    rating: memory.lastRating,
    reviews: memory.reviews,
    proven: memory.proven,
  };
}

export function memoryFromState(entry: CardStateEntry): CardMemory {
  const { due, last_review, ...numbers } = entry.fsrs;
  const fsrsCard: FsrsCard = { ...numbers, state: numbers.state as State, due: new Date(due), ...(last_review ? { last_review: new Date(last_review) } : {}) };
  return { fsrs: fsrsCard, lastRating: entry.rating, reviews: entry.reviews, proven: entry.proven === true };
}

/** The rule, as the progress screen says it (one line). */
export const KNOWN_RULE = 'A card is known once you recall it (Hard, Good or Easy) a day or more after you last saw it; Again undoes that.';

/** Known: in review (FSRS state Review, not relearning) and proven by a recall after a real interval. */
export function isKnown(memory: CardMemory | undefined): boolean {
  return memory !== undefined && memory.fsrs.state === State.Review && memory.proven;
}

/** Where a card stands in a study session, as Anki counts it: never seen, in its learning steps, or a due review. */
export type CardStage = 'new' | 'learning' | 'due';

export function stageOf(memory: CardMemory): CardStage {
  if (memory.reviews === 0) return 'new';
  return memory.fsrs.state === State.Learning || memory.fsrs.state === State.Relearning ? 'learning' : 'due';
}

export function isDue(memory: CardMemory | undefined, now: Date): boolean {
  return memory !== undefined && memory.fsrs.due.getTime() <= now.getTime();
}

export interface QueuedCard extends CourseCard {
  memory: CardMemory;
  isNew: boolean;
}

/** How many reviewed cards are due now (new cards are counted separately). */
export function countDue(cards: readonly CourseCard[], memories: ReadonlyMap<string, CardMemory>, now: Date): number {
  return cards.filter((c) => isDue(memories.get(c.card.id), now)).length;
}

/** "1m", "6m", "10m", "3h", "3d", "2mo", "1.5y". */
export function formatInterval(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days}d`;
  if (days < 365) return `${Math.round(days / 30)}mo`;
  const years = days / 365;
  return `${Number.isInteger(Math.round(years * 10) / 10) ? Math.round(years) : (Math.round(years * 10) / 10).toFixed(1)}y`;
}

export type IntervalPreview = Record<RatingName, { label: string; due: Date }>;

/** When the card would come back for each grade, for the labels under the grade buttons. */
export function previewIntervals(memory: CardMemory, now: Date): IntervalPreview {
  const outcomes = scheduler.repeat(memory.fsrs, now);
  const entry = (grade: Grade) => {
    const due = outcomes[grade].card.due;
    return { label: formatInterval(due.getTime() - now.getTime()), due };
  };
  return { again: entry(Rating.Again), hard: entry(Rating.Hard), good: entry(Rating.Good), easy: entry(Rating.Easy) };
}
