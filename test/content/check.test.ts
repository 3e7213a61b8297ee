import { describe, expect, it } from 'vitest';
import { checkCourse } from '../../src/content/check.js';
import { lessonSchema } from '../../src/content/schema.js';
import { courseStats } from '../../src/content/stats.js';
import { fixtureLesson } from './helpers.js';

const lesson = () => lessonSchema.parse(fixtureLesson());

describe('course checks', () => {
  it('finds an id used in two lessons, naming both places', () => {
    const a = lesson();
    const b = { ...lesson(), id: 'other-lesson' };
    const errors = checkCourse([
      { file: 'a.yaml', lesson: a },
      { file: 'b.yaml', lesson: b },
    ]);
    expect(errors.length).toBe(a.cards.length + a.questions.length + a.explain.length);
    expect(errors[0]).toMatchObject({ file: 'b.yaml', path: 'cards[0].id' });
    expect(errors[0]!.message).toContain("id 'fix-card-0' is already used at a.yaml cards[0].id");
  });

  it('finds a card id that repeats a question id in the same lesson', () => {
    const a = lesson();
    a.cards[0]!.id = 'fix-q-3';
    expect(checkCourse([{ file: 'a.yaml', lesson: a }]).map((e) => e.path)).toEqual(['questions[3].id']);
  });

  it('flags unknown lab ids once labs exist', () => {
    const a = lesson();
    a.labs = ['good', 'no-such-lab'];
    const errors = checkCourse([{ file: 'a.yaml', lesson: a }], new Set(['good', 'expired-client-cert']));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'labs[1]' });
    expect(errors[0]!.message).toContain("unknown lab 'no-such-lab'");
  });

  it('counts the course', () => {
    const a = lesson();
    const b = { ...lesson(), labs: ['good', 'ca-rotation'] };
    expect(courseStats([a, b])).toEqual({ lessons: 2, cards: 10, questions: { easy: 6, medium: 8, hard: 6 }, explainPrompts: 4, labs: 2 });
  });
});
