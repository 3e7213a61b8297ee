import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedLessonsDir } from '../../src/content/course.js';
import { loadLessonDir } from '../../src/content/load.js';

// The study pages the course grew from. Facts may carry over; wording may not.
const SEEDS = join(shippedLessonsDir(), '..', '..', 'shared', 'seeds');
const RUN = 8; // this many words in a row shared with a seed counts as copied

const words = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
const runs = (text: string) => {
  const w = words(text);
  return Array.from({ length: Math.max(0, w.length - RUN + 1) }, (_, i) => w.slice(i, i + RUN).join(' '));
};
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

describe.skipIf(!existsSync(SEEDS))('originality', () => {
  it(`no lesson shares ${RUN} words in a row with the seed pages`, () => {
    const seedRuns = new Set(readdirSync(SEEDS).flatMap((f) => runs(readFileSync(join(SEEDS, f), 'utf8'))));
    const copied: string[] = [];
    for (const { file, lesson } of loadLessonDir(shippedLessonsDir()).lessons) {
      for (const text of strings(lesson)) for (const run of runs(text)) if (seedRuns.has(run)) copied.push(`${file}: "${run}"`);
    }
    expect(copied).toEqual([]);
  });
});
