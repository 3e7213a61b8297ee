import { describe, expect, it } from 'vitest';
import { drawTest, nextSteps, scoreTest, verdictFor, VERDICT_RULE } from '../../src/learning/diagnostic.js';
import type { ProgressEvent } from '../../src/learning/events.js';
import { gradeAnswer, choiceOrder } from '../../src/learning/grading.js';
import { seededRng } from '../../src/learning/rng.js';
import { makeLesson, T0, withIds } from './fixtures.js';

const lesson = makeLesson('diag', { easy: 5, medium: 6, hard: 5 });

describe('gradeAnswer', () => {
  const question = lesson.questions[0]!;
  it('says a wrong choice is wrong, which choice is right, and why the chosen one is wrong', () => {
    const feedback = gradeAnswer(question, 2);
    expect(feedback).toMatchObject({ correct: false, chosenIndex: 2, rightIndex: 0, whyWrong: 'wrong two is wrong', whyRight: 'because it is right' });
    expect(feedback.right.text).toBe('right answer');
    expect(feedback.solution).toEqual(['step one', 'step two']);
    expect(feedback.quickCheck).toBe('check it');
    expect(feedback.mistakes).toEqual(['a common mistake']);
  });
  it('has no "why wrong" for a right answer', () => {
    const feedback = gradeAnswer(question, 0);
    expect(feedback.correct).toBe(true);
    expect(feedback.whyWrong).toBeUndefined();
  });
  it('rejects a choice that does not exist', () => {
    expect(() => gradeAnswer(question, 7)).toThrow(/no choice 7/);
  });
  it('shuffles the display order of choices, covering every choice once', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, i) => choiceOrder(question, seededRng(i)).join(',')));
    expect(orders.size).toBeGreaterThan(1);
    for (const order of orders) expect(order.split(',').sort()).toEqual(['0', '1', '2']);
  });
});

describe('drawTest', () => {
  it('draws 3 easy, 4 medium and 3 hard questions, in that order, without repeats', () => {
    const drawn = drawTest(lesson.questions, [], seededRng(1), T0);
    expect(drawn.map((q) => q.difficulty)).toEqual(['easy', 'easy', 'easy', 'medium', 'medium', 'medium', 'medium', 'hard', 'hard', 'hard']);
    expect(new Set(drawn.map((q) => q.id)).size).toBe(10);
  });

  it('is reproducible with the same seed and varies with another', () => {
    const ids = (seed: number) => drawTest(lesson.questions, [], seededRng(seed), T0).map((q) => q.id).join();
    expect(ids(7)).toBe(ids(7));
    expect(new Set([1, 2, 3, 4, 5, 6].map(ids)).size).toBeGreaterThan(1);
  });

  it('prefers questions not answered in the last few days', () => {
    const seen = lesson.questions.filter((q) => q.id.endsWith('-0') || q.id.endsWith('-1'));
    const events = withIds(
      seen.map((q) => ({ type: 'answer' as const, at: new Date(T0.getTime() - 3600_000).toISOString(), lessonId: 'diag', questionId: q.id, choice: 0, correct: true, hintUsed: false, mode: 'practice' as const })),
    ) as ProgressEvent[];
    for (let seed = 0; seed < 10; seed++) {
      const drawn = drawTest(lesson.questions, events, seededRng(seed), T0).map((q) => q.id);
      // easy has 5 questions, 2 seen: the 3 unseen ones are drawn. medium: 4 unseen of 6. hard: 3 unseen of 5.
      expect(drawn.filter((id) => seen.some((q) => q.id === id))).toEqual([]);
    }
  });

  it('falls back to the least recently seen questions when every one was seen recently', () => {
    const small = makeLesson('small', { easy: 3, medium: 4, hard: 3 });
    const events = withIds(
      small.questions.map((q, i) => ({ type: 'answer' as const, at: new Date(T0.getTime() - (i + 1) * 60_000).toISOString(), lessonId: 'small', questionId: q.id, choice: 0, correct: true, hintUsed: false, mode: 'practice' as const })),
    ) as ProgressEvent[];
    expect(drawTest(small.questions, events, seededRng(3), T0)).toHaveLength(10);
  });
});

describe('scoreTest', () => {
  const drawn = drawTest(lesson.questions, [], seededRng(1), T0);
  const answers = (wrong: number[]) => drawn.map((_, i) => !wrong.includes(i));

  it('applies the stated verdict rule', () => {
    expect(verdictFor(10, 3)).toBe('strong');
    expect(verdictFor(8, 2)).toBe('strong');
    expect(verdictFor(8, 1)).toBe('developing'); // 8/10 but only 1 hard right
    expect(verdictFor(7, 3)).toBe('developing');
    expect(verdictFor(5, 0)).toBe('developing');
    expect(verdictFor(4, 3)).toBe('weak');
    expect(VERDICT_RULE).toMatch(/8 or more.*2 of the 3 hard.*5 or more/);
  });

  it('breaks the score down by difficulty and lists the missed topics once each', () => {
    const result = scoreTest(drawn, answers([0, 3, 7, 8]));
    expect(result.score).toBe(6);
    expect(result.total).toBe(10);
    expect(result.breakdown).toEqual({ easy: { right: 2, total: 3 }, medium: { right: 3, total: 4 }, hard: { right: 1, total: 3 } });
    expect(result.verdict).toBe('developing');
    const expectedTopics = [...new Set([0, 3, 7, 8].map((i) => drawn[i]!.topic))];
    expect(result.topicsMissed).toEqual(expectedTopics);
    expect(result.nextSteps.join(' ')).toContain(expectedTopics[0]);
  });

  it('recommends by verdict', () => {
    expect(scoreTest(drawn, answers([0, 1, 2, 3, 4, 5])).verdict).toBe('weak');
    expect(nextSteps('weak', ['x']).join(' ')).toMatch(/Learn pages.*Practice on easy/s);
    expect(nextSteps('developing', ['trust stores']).join(' ')).toMatch(/medium and hard.*trust stores/);
    expect(nextSteps('strong', []).join(' ')).toMatch(/Recall.*next lesson/);
    const perfect = scoreTest(drawn, answers([]));
    expect(perfect).toMatchObject({ score: 10, verdict: 'strong', topicsMissed: [] });
  });
});
