import { describe, expect, it } from 'vitest';
import { shippedLessonsDir } from '../../src/content/course.js';
import { loadLessonDir } from '../../src/content/load.js';
import { gradeAnswer } from '../../src/learning/grading.js';
import { reviewItem } from '../../src/learning/test-session.js';
import { feedbackLines } from '../../src/ui/screens/practice.js';
import { reviewLines } from '../../src/ui/screens/test.js';
import type { Line } from '../../src/ui/components/scroll-view.js';

const text = (lines: Line[]) => lines.map((l) => (typeof l === 'string' ? l : l.map((s) => s.text).join(''))).join('\n');
const WIDE = 10_000; // no wrapping: each why is one line, whole
const questions = loadLessonDir(shippedLessonsDir()).lessons.flatMap((l) => l.lesson.questions);

describe('feedback after an answer, over every question of the shipped course', () => {
  it('gives the why of every choice, right or wrong, and marks the learner’s and the right one', () => {
    expect(questions.length).toBeGreaterThan(100);
    for (const question of questions) {
      const order = question.choices.map((_, i) => question.choices.length - 1 - i); // shown in reverse
      question.choices.forEach((_, chosen) => {
        const shown = text(feedbackLines(gradeAnswer(question, chosen), order, WIDE, 'practice'));
        question.choices.forEach((choice, i) => {
          const letter = String.fromCharCode(65 + order.indexOf(i));
          const mark = choice.correct ? '✓' : i === chosen ? '✗' : ' ';
          expect(shown, `${question.id}, choice ${i}, answered ${chosen}`).toContain(`${mark} ${letter}. ${choice.text}`);
          expect(shown).toContain(choice.correct ? `Why it is right: ${choice.why ?? 'see the solution below.'}` : `Why not: ${choice.why}`);
        });
        for (const step of question.solution) expect(shown).toContain(step);
      });
    }
  });

  it('gives the same for each question of a finished test, in the order it was shown', () => {
    const drawn = questions.slice(0, 10);
    const orders = drawn.map((q) => q.choices.map((_, i) => i).reverse());
    const answers = drawn.map((q, i) => ({ choice: i % q.choices.length, correct: q.choices[i % q.choices.length]!.correct === true }));
    drawn.forEach((question, n) => {
      const item = reviewItem({ questions: drawn, orders, answers }, n)!;
      const shown = text(reviewLines(item, WIDE));
      expect(shown).toContain(question.prompt.trim().split('\n')[0]!.slice(0, 40));
      const chosen = answers[n]!.choice;
      expect(shown).toContain(`${question.choices[chosen]!.correct ? '✓' : '✗'} ${String.fromCharCode(65 + orders[n]!.indexOf(chosen))}. ${question.choices[chosen]!.text} (your answer`);
      for (const choice of question.choices) if (!choice.correct) expect(shown).toContain(`Why not: ${choice.why}`);
    });
  });
});
