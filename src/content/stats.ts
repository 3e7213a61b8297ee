import { itemWritingStats, type ItemWritingStats } from './item-writing.js';
import type { Lesson } from './schema.js';

/** The shape printed by `mtls-tutor lessons stats --json` (relied on by scripts). */
export interface CourseStats {
  lessons: number;
  cards: number;
  questions: { easy: number; medium: number; hard: number };
  explainPrompts: number;
  /** Distinct lab ids referenced by lessons. */
  labs: number;
  /** Fractions of all questions whose correct choice is the longest, or at least 20% longer than every other. */
  itemWriting: ItemWritingStats;
}

export function courseStats(lessons: readonly Lesson[]): CourseStats {
  const questions = { easy: 0, medium: 0, hard: 0 };
  for (const lesson of lessons) for (const q of lesson.questions) questions[q.difficulty]++;
  return {
    lessons: lessons.length,
    cards: lessons.reduce((n, l) => n + l.cards.length, 0),
    questions,
    explainPrompts: lessons.reduce((n, l) => n + l.explain.length, 0),
    labs: new Set(lessons.flatMap((l) => l.labs)).size,
    itemWriting: itemWritingStats(lessons),
  };
}
