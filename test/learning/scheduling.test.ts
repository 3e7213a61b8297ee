import { describe, expect, it } from 'vitest';
import { State } from 'ts-fsrs';
import type { ProgressEvent, RatingName } from '../../src/learning/events.js';
import {
  cardMemories, countDue, courseCards, formatInterval, isDue, isKnown, previewIntervals, newMemory,
} from '../../src/learning/scheduling.js';
import { makeLesson, minutesAfter, T0, withIds } from './fixtures.js';

const lesson = makeLesson('sched', { cards: 5 });
const cards = courseCards([lesson]);

function reviews(...list: Array<[cardIndex: number, rating: RatingName, minutes: number]>): ProgressEvent[] {
  return withIds(
    list.map(([i, rating, minutes]) => ({ type: 'card-review' as const, at: minutesAfter(T0, minutes).toISOString(), lessonId: 'sched', cardId: `sched-card-${i}`, rating })),
  ) as ProgressEvent[];
}

describe('scheduling with FSRS', () => {
  it('labels the interval each grade would give a new card', () => {
    const labels = previewIntervals(newMemory(T0), T0);
    expect([labels.again.label, labels.hard.label, labels.good.label, labels.easy.label]).toEqual(['1m', '6m', '10m', '8d']);
  });

  it('formats intervals the way learners read them', () => {
    expect([30_000, 60_000, 6 * 60_000, 90 * 60_000, 3 * 86_400_000, 65 * 86_400_000, 400 * 86_400_000].map(formatInterval)).toEqual([
      '1m', '1m', '6m', '2h', '3d', '2mo', '1.1y',
    ]);
  });

  it('rebuilds a card from its review history, in time order, however the events are ordered', () => {
    const history = reviews([0, 'good', 0], [0, 'good', 10], [0, 'good', 3 * 24 * 60]);
    const forward = cardMemories(history).get('sched-card-0')!;
    const shuffled = cardMemories([history[2]!, history[0]!, history[1]!]).get('sched-card-0')!;
    expect(forward.reviews).toBe(3);
    expect(forward.fsrs.state).toBe(State.Review);
    expect(shuffled.fsrs.due.toISOString()).toBe(forward.fsrs.due.toISOString());
    expect(forward.fsrs.due.getTime()).toBeGreaterThan(minutesAfter(T0, 5 * 24 * 60).getTime());
  });

  it('counts a card as known only once it is recalled a day or more after it was last seen, in review', () => {
    const known = (...list: Array<[cardIndex: number, rating: RatingName, minutes: number]>) => isKnown(cardMemories(reviews(...list)).get('sched-card-0'));
    const DAY = 24 * 60;
    expect(known([0, 'good', 0])).toBe(false); // still in learning steps
    expect(known([0, 'good', 0], [0, 'good', 10])).toBe(false); // graduated, but never recalled after an interval
    expect(known([0, 'easy', 0])).toBe(false); // Easy on first sight proves nothing yet
    expect(known([0, 'easy', 0], [0, 'good', 8 * DAY])).toBe(true);
    expect(known([0, 'good', 0], [0, 'good', 10], [0, 'hard', 2 * DAY])).toBe(true); // Hard is a recall too
    expect(known([0, 'easy', 0], [0, 'good', DAY - 1])).toBe(false); // a minute short of a day
    expect(known([0, 'easy', 0], [0, 'good', DAY])).toBe(true);
    // Forgotten: relearning, and once relearnt in minutes it still needs a recall after a day.
    const lapsed: Array<[number, RatingName, number]> = [[0, 'easy', 0], [0, 'good', 8 * DAY], [0, 'again', 30 * DAY]];
    expect(known(...lapsed)).toBe(false);
    expect(cardMemories(reviews(...lapsed, [0, 'good', 30 * DAY + 10])).get('sched-card-0')!.fsrs.state).toBe(State.Review);
    expect(known(...lapsed, [0, 'good', 30 * DAY + 10])).toBe(false);
    expect(known(...lapsed, [0, 'good', 30 * DAY + 10], [0, 'good', 40 * DAY])).toBe(true);
    expect(isKnown(undefined)).toBe(false);
  });

  it('leaves out a review that was undone', () => {
    const history = reviews([0, 'good', 0], [0, 'good', 10], [0, 'again', 11]);
    const undo = withIds([{ type: 'card-review-undo' as const, at: minutesAfter(T0, 12).toISOString(), lessonId: 'sched', cardId: 'sched-card-0', reviewAt: history[2]!.at }]) as ProgressEvent[];
    const memory = cardMemories([...history, ...undo]).get('sched-card-0')!;
    expect(memory).toEqual(cardMemories(history.slice(0, 2)).get('sched-card-0'));
    expect(memory.reviews).toBe(2);
    // Only that review: another card reviewed at the same moment keeps its review.
    const other = reviews([1, 'good', 11]);
    expect(cardMemories([...history, ...undo, ...other]).get('sched-card-1')?.reviews).toBe(1);
  });

  it('counts only due reviewed cards as due', () => {
    const memories = cardMemories(reviews([2, 'easy', 0], [1, 'easy', 60]));
    expect(countDue(cards, memories, minutesAfter(T0, 60 * 24 * 30))).toBe(2);
    expect(countDue(cards, memories, minutesAfter(T0, 90))).toBe(0); // easy → days away
  });
});

describe('a card due exactly now', () => {
  it('is due (not a moment later): the queue offers it and the count includes it', () => {
    const memory = cardMemories(withIds([{ type: 'card-review', at: T0.toISOString(), lessonId: 'l', cardId: 'c', rating: 'good' }])).get('c')!;
    const due = memory.fsrs.due;
    expect(isDue(memory, due)).toBe(true);
    expect(isDue(memory, new Date(due.getTime() - 1))).toBe(false);
  });
});
