import { describe, expect, it } from 'vitest';
import type { ProgressEvent, ProgressEventInput } from '../../src/learning/events.js';
import { dayStreak, formatDuration, labPredictions, lessonProgress, masteryOf, MASTERY_RULE, summarizeProgress, timeStudiedMs } from '../../src/learning/mastery.js';
import { mistakes } from '../../src/learning/mistakes.js';
import { makeLesson, minutesAfter, T0, withIds } from './fixtures.js';

const lesson = makeLesson('m', { cards: 5 });
const other = makeLesson('o', { cards: 5 });

const answer = (questionId: string, correct: boolean, minutes: number): ProgressEventInput => ({
  type: 'answer', at: minutesAfter(T0, minutes).toISOString(), lessonId: questionId.split('-')[0]!, questionId, choice: correct ? 0 : 1, correct, hintUsed: false, mode: 'practice',
});
const localNoon = (daysAgo: number, from: Date) => new Date(from.getFullYear(), from.getMonth(), from.getDate() - daysAgo, 12);

describe('mastery', () => {
  it('combines cards known, questions right and best test by the stated formula', () => {
    expect(MASTERY_RULE).toMatch(/40% cards.*30% questions.*30% best test/);
    expect(masteryOf(0, 5, 0, 13, 0)).toBe(0);
    expect(masteryOf(5, 5, 13, 13, 1)).toBe(1);
    expect(masteryOf(5, 5, 0, 13, 0)).toBe(0.4);
    expect(masteryOf(0, 5, 0, 13, 0.7)).toBe(0.21);
  });

  it('derives per-lesson progress from the event log', () => {
    const events = withIds<ProgressEventInput>([
      // m-card-0 is known: recalled 9 days after it was first seen. m-card-1 was just seen once.
      { type: 'card-review', at: minutesAfter(T0, -10 * 24 * 60).toISOString(), lessonId: 'm', cardId: 'm-card-0', rating: 'easy' },
      { type: 'card-review', at: minutesAfter(T0, -24 * 60).toISOString(), lessonId: 'm', cardId: 'm-card-0', rating: 'good' },
      { type: 'card-review', at: T0.toISOString(), lessonId: 'm', cardId: 'm-card-1', rating: 'good' },
      { type: 'card-review', at: T0.toISOString(), lessonId: 'm', cardId: 'm-card-2', rating: 'easy' }, // Easy at first sight: not known yet
      answer('m-easy-0', false, 1),
      answer('m-easy-0', true, 2),
      answer('m-easy-1', true, 3),
      answer('m-hard-0', false, 4),
      answer('o-easy-0', true, 4), // other lesson: not counted
      { type: 'test-result', at: minutesAfter(T0, 5).toISOString(), lessonId: 'm', score: 8, total: 10, verdict: 'strong', questionIds: [], breakdown: { easy: { right: 3, total: 3 }, medium: { right: 3, total: 4 }, hard: { right: 2, total: 3 } } },
      { type: 'test-result', at: minutesAfter(T0, 6).toISOString(), lessonId: 'm', score: 6, total: 10, verdict: 'developing', questionIds: [], breakdown: { easy: { right: 3, total: 3 }, medium: { right: 2, total: 4 }, hard: { right: 1, total: 3 } } },
    ]) as ProgressEvent[];
    const progress = lessonProgress(lesson, events, minutesAfter(T0, 11));
    expect(progress.cards).toEqual({ known: 1, total: 5, due: 1, new: 2 }); // card-1 is back after its 10-minute learning step
    expect(progress.questions).toEqual({ right: 2, total: 13 });
    expect(progress.tests.taken).toBe(2);
    expect(progress.tests.best?.score).toBe(8);
    expect(progress.tests.latest?.score).toBe(6);
    expect(progress.mastery).toBe(masteryOf(1, 5, 2, 13, 0.8));
  });

  it('counts the day streak back from today, or from yesterday when today has nothing yet', () => {
    const now = new Date(2026, 2, 10, 18, 0);
    const on = (...daysAgo: number[]) => withIds<ProgressEventInput>(daysAgo.map((d) => ({ type: 'study-time', at: localNoon(d, now).toISOString(), ms: 1000 }))) as ProgressEvent[];
    expect(dayStreak(on(0, 1, 2), now)).toBe(3);
    expect(dayStreak(on(1, 2), now)).toBe(2); // nothing today yet: still alive
    expect(dayStreak(on(0, 2, 3), now)).toBe(1); // gap yesterday
    expect(dayStreak(on(2, 3), now)).toBe(0); // broken
    expect(dayStreak(on(0, 0, 0), now)).toBe(1);
    expect(dayStreak([], now)).toBe(0);
  });

  it('adds up study time and formats it', () => {
    const events = withIds<ProgressEventInput>([
      { type: 'study-time', at: T0.toISOString(), ms: 40 * 60_000 },
      { type: 'study-time', at: T0.toISOString(), ms: 25 * 60_000, mode: 'practice', lessonId: 'm' },
    ]) as ProgressEvent[];
    expect(timeStudiedMs(events)).toBe(65 * 60_000);
    expect(formatDuration(65 * 60_000)).toBe('1h 05m');
    expect(formatDuration(59_999)).toBe('0m');
  });

  it('summarises the whole course', () => {
    const events = withIds<ProgressEventInput>([{ type: 'card-review', at: T0.toISOString(), lessonId: 'o', cardId: 'o-card-0', rating: 'easy' }]) as ProgressEvent[];
    const summary = summarizeProgress([lesson, other], events, minutesAfter(T0, 60 * 24 * 60));
    expect(summary.lessons.map((l) => l.lessonId)).toEqual(['m', 'o']);
    expect(summary.due).toBe(1);
  });
});

describe('mistakes', () => {
  it('lists questions whose latest answer was wrong until they are answered right', () => {
    const events = withIds([answer('m-easy-0', false, 1), answer('m-easy-1', false, 2), answer('m-easy-1', true, 3), answer('o-hard-1', false, 4), answer('m-medium-2', true, 5)]) as ProgressEvent[];
    expect(mistakes([lesson, other], events).map((m) => m.question.id)).toEqual(['m-easy-0', 'o-hard-1']);
    const fixed = [...events, ...withIds([answer('m-easy-0', true, 9)])] as ProgressEvent[];
    expect(mistakes([lesson, other], fixed).map((m) => m.question.id)).toEqual(['o-hard-1']);
    const wrongAgain = [...fixed, ...withIds([answer('m-easy-0', false, 10)])] as ProgressEvent[];
    expect(mistakes([lesson, other], wrongAgain).map((m) => m.question.id)).toEqual(['m-easy-0', 'o-hard-1']);
  });
});

describe('lab predictions', () => {
  const predict = (labId: string, predicted: string, actual: string, minutes: number): ProgressEventInput => ({
    type: 'lab-prediction', at: minutesAfter(T0, minutes).toISOString(), labId, predicted, actual,
  });

  it('counts each lab once, by its latest prediction', () => {
    const events = withIds([
      predict('expired-client-cert', 'accepted', 'rejected', 1), // wrong first...
      predict('expired-client-cert', 'rejected', 'rejected', 5), // ...then right after learning why
      predict('good', 'rejected', 'accepted', 2),
      predict('policy-namespace-strict', 'STRICT/plaintext:no', 'STRICT/plaintext:no', 3),
    ]) as ProgressEvent[];
    expect(labPredictions(events)).toEqual({ tried: 3, predictedRight: 2 });
    expect(summarizeProgress([lesson], events, T0).labs).toEqual({ tried: 3, predictedRight: 2 });
  });
});
