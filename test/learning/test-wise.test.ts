import { describe, expect, it } from 'vitest';
import { shippedLessonsDir } from '../../src/content/course.js';
import { choiceLength } from '../../src/content/item-writing.js';
import { loadLessonDir } from '../../src/content/load.js';
import type { Question } from '../../src/content/schema.js';
import { choiceOrder } from '../../src/learning/grading.js';
import { seededRng, type Rng } from '../../src/learning/rng.js';
import { makeLesson } from './fixtures.js';

/**
 * Learners who know nothing but test-taking tricks, over every question: each strategy gives the chance of
 * being right on each question (as shown, in the app's shuffled order), averaged over the course. A course
 * that gives answers away by length or position lets one of them beat chance.
 */
type Strategy = (question: Question, order: number[], rng: Rng) => number;

/** Picks among the displayed choices whose length is `pick` of all; ties split evenly. */
const byLength =
  (pick: (...lengths: number[]) => number): Strategy =>
  (question) => {
    const lengths = question.choices.map((c) => choiceLength(c.text));
    const target = pick(...lengths);
    const tied = question.choices.filter((_, i) => lengths[i] === target);
    return tied.some((c) => c.correct === true) ? 1 / tied.length : 0;
  };

/** Always the same letter (the last one when a question has fewer choices). */
const letter =
  (position: number): Strategy =>
  (question, order) =>
    question.choices[order[Math.min(position, order.length - 1)]!]!.correct === true ? 1 : 0;

const random: Strategy = (question, _order, rng) => (question.choices[Math.floor(rng() * question.choices.length)]!.correct === true ? 1 : 0);

const STRATEGIES: Record<string, Strategy> = {
  'always the longest choice': byLength(Math.max),
  'always the shortest choice': byLength(Math.min),
  'always A': letter(0),
  'always B': letter(1),
  'always C': letter(2),
  'always D': letter(3),
  'at random': random,
};

/** Mean score of each strategy over `rounds` passes (each with fresh shuffles), and chance: the mean of 1/choices. */
function simulate(questions: readonly Question[], rounds = 40, seed = 11): { chance: number; scores: Record<string, number> } {
  const chance = questions.reduce((sum, q) => sum + 1 / q.choices.length, 0) / questions.length;
  const scores: Record<string, number> = {};
  for (const [name, strategy] of Object.entries(STRATEGIES)) {
    const rng = seededRng(seed);
    let total = 0;
    for (let round = 0; round < rounds; round++) for (const q of questions) total += strategy(q, choiceOrder(q, rng), rng);
    scores[name] = total / (rounds * questions.length);
  }
  return { chance, scores };
}

/** As in the app, whatever order the author wrote the choices in: the same letter in the file's order. */
function authoredLetterScores(questions: readonly Question[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const position of [0, 1, 2, 3]) {
    const right = questions.filter((q) => q.choices[Math.min(position, q.choices.length - 1)]!.correct === true).length;
    out[`always ${'ABCD'[position]} (in the order written)`] = right / questions.length;
  }
  return out;
}

const above = (scores: Record<string, number>, chance: number) => Object.entries(scores).filter(([, score]) => score > chance + 0.1).map(([name, score]) => `${name}: ${(score * 100).toFixed(1)}% (chance ${(chance * 100).toFixed(1)}%)`);

describe('test-wise learners', () => {
  it('are caught by the simulation when answers give themselves away (the check can fail)', () => {
    // makeLesson writes the right answer first and shortest ("right answer" vs "wrong answer one/two").
    const giveaway = makeLesson('g').questions;
    const { chance, scores } = simulate(giveaway);
    expect(above(scores, chance).map((s) => s.split(':')[0])).toEqual(['always the shortest choice']);
    expect(Object.keys(authoredLetterScores(giveaway)).filter((k) => authoredLetterScores(giveaway)[k]! > chance + 0.1)).toEqual(['always A (in the order written)']);
  });

  // SHIPPED COURSE: "always the longest" fails until the content branches of issue 11 are merged.
  it('score no more than 10 points above chance over every question of the shipped course', () => {
    const { lessons, errors } = loadLessonDir(shippedLessonsDir());
    expect(errors).toEqual([]);
    const questions = lessons.flatMap((l) => l.lesson.questions);
    const { chance, scores } = simulate(questions);
    expect(above({ ...scores, ...authoredLetterScores(questions) }, chance)).toEqual([]);
  });
});
