import { describe, expect, it } from 'vitest';
import { knownLabIds } from '../../src/cli/known-labs.js';
import { checkCourseDir } from '../../src/content/compile.js';
import { shippedLessonsDir } from '../../src/content/course.js';
import { loadLessonDir } from '../../src/content/load.js';
import { TEST_BLUEPRINT } from '../../src/content/constants.js';
import { courseStats } from '../../src/content/stats.js';

const { lessons: files, errors } = loadLessonDir(shippedLessonsDir());
const lessons = files.map((f) => f.lesson);

describe('the shipped course', () => {
  it('is valid: every file passes the schema and the course checks, every lab id resolves', () => {
    expect(errors).toEqual([]);
    // The lessons, the prepared policy scenarios in lessons/policy/, and every lab id the lessons name.
    expect(checkCourseDir(shippedLessonsDir(), knownLabIds()).errors).toEqual([]);
  });

  it('starts with the two foundation lessons', () => {
    expect(lessons.map((l) => l.id).slice(0, 2)).toEqual(['mtls-basics', 'mtls-kubernetes']);
  });

  it('is the size the curriculum promises', () => {
    const s = courseStats(lessons);
    expect(s.lessons).toBeGreaterThanOrEqual(6);
    expect(s.cards).toBeGreaterThanOrEqual(48);
    expect(s.questions.easy + s.questions.medium + s.questions.hard).toBeGreaterThanOrEqual(90);
    for (const difficulty of ['easy', 'medium', 'hard'] as const) expect(s.questions[difficulty], difficulty).toBeGreaterThanOrEqual(25);
    expect(s.explainPrompts).toBeGreaterThanOrEqual(12);
    expect(s.labs).toBeGreaterThanOrEqual(10);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s meets the per-lesson minimums', (_id, lesson) => {
    expect(lesson.cards.length).toBeGreaterThanOrEqual(5);
    expect(lesson.explain.length).toBeGreaterThanOrEqual(2);
    for (const prompt of lesson.explain) expect(prompt.concepts.length, prompt.id).toBeGreaterThanOrEqual(4);
    for (const [difficulty, need] of Object.entries(TEST_BLUEPRINT)) {
      expect(lesson.questions.filter((q) => q.difficulty === difficulty).length, difficulty).toBeGreaterThanOrEqual(need);
    }
    expect(lesson.labs.length).toBeGreaterThanOrEqual(1);
    expect(lesson.sources.length).toBeGreaterThanOrEqual(2);
  });

  it('does not give the answer away by position: no choice slot holds more than half the correct answers', () => {
    const slots = new Map<number, number>();
    const all = lessons.flatMap((l) => l.questions);
    for (const q of all) {
      const slot = q.choices.findIndex((c) => c.correct === true);
      slots.set(slot, (slots.get(slot) ?? 0) + 1);
    }
    for (const count of slots.values()) expect(count).toBeLessThanOrEqual(all.length / 2);
  });
});
