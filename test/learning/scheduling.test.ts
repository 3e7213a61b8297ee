import { describe, expect, it } from 'vitest';
import { State } from 'ts-fsrs';
import type { ProgressEvent, RatingName } from '../../src/learning/events.js';
import {
  cardMemories, countDue, courseCards, formatInterval, isKnown, previewIntervals, newMemory, studyQueue,
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

  it('counts a card as known only after it graduates with Good or Easy', () => {
    expect(isKnown(cardMemories(reviews([0, 'good', 0])).get('sched-card-0'))).toBe(false); // still in learning steps
    expect(isKnown(cardMemories(reviews([0, 'good', 0], [0, 'good', 10])).get('sched-card-0'))).toBe(true);
    expect(isKnown(cardMemories(reviews([0, 'easy', 0])).get('sched-card-0'))).toBe(true);
    expect(isKnown(cardMemories(reviews([0, 'easy', 0], [0, 'again', 60 * 24 * 9])).get('sched-card-0'))).toBe(false); // lapsed
    expect(isKnown(undefined)).toBe(false);
  });

  it('puts due cards first, most overdue first, then new cards in lesson order; counts only due reviewed cards', () => {
    // card 2 reviewed first, so it is more overdue than card 1 a week later.
    const memories = cardMemories(reviews([2, 'easy', 0], [1, 'easy', 60]));
    const now = minutesAfter(T0, 60 * 24 * 30);
    const queue = studyQueue(cards, memories, now, true);
    expect(queue.map((c) => [c.card.id, c.isNew])).toEqual([
      ['sched-card-2', false],
      ['sched-card-1', false],
      ['sched-card-0', true],
      ['sched-card-3', true],
      ['sched-card-4', true],
    ]);
    expect(countDue(cards, memories, now)).toBe(2);
    expect(countDue(cards, memories, minutesAfter(T0, 90))).toBe(0); // easy → days away
    expect(studyQueue(cards, memories, now, false).map((c) => c.card.id)).toEqual(['sched-card-2', 'sched-card-1']);
  });
});
