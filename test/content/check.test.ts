import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCourse } from '../../src/content/check.js';
import { formatError, loadLessonDir } from '../../src/content/load.js';
import { lessonSchema } from '../../src/content/schema.js';
import { courseStats } from '../../src/content/stats.js';
import { fixtureLesson, folderWithDuplicateIds } from './helpers.js';

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

  it('gives the line of both places of a duplicate id, in one lesson and across two', () => {
    const { dir, first: firstFile, second: secondFile } = folderWithDuplicateIds();
    try {
      const second = readFileSync(secondFile, 'utf8');
      const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
      const { lessons, errors } = loadLessonDir(dir);
      expect(errors).toEqual([]);
      const first = readFileSync(firstFile, 'utf8');
      expect(checkCourse(lessons).map(formatError)).toEqual([
        `${join(dir, '01-fixture.yaml')}:${first.split('\n').findLastIndex((l) => l.includes('id: fix-card-1')) + 1}: cards[3].id: id 'fix-card-1' is already used at ${join(dir, '01-fixture.yaml')}:${lineOf(first, 'id: fix-card-1')} cards[1].id; ids must be unique across the course`,
        `${join(dir, '02-second.yaml')}:${lineOf(second, 'id: fix-q-4')}: questions[4].id: id 'fix-q-4' is already used at ${join(dir, '01-fixture.yaml')}:${lineOf(first, 'id: fix-q-4')} questions[4].id; ids must be unique across the course`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
    expect(courseStats([a, b])).toEqual({
      lessons: 2, cards: 10, questions: { easy: 6, medium: 8, hard: 6 }, explainPrompts: 4, labs: 2,
      itemWriting: { correctIsLongest: 0, correctMuchLonger: 0 }, // the fixture's right answer is its shortest choice
    });
  });
});
