// Plain constants of the lesson format, kept apart from the zod schema so the TUI can use them without loading
// the validator at start-up (zod is ~440 KB of bundle).
export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Level = (typeof LEVELS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];

/** The smallest question pool that still fills a 10-question test: 3 easy, 4 medium, 3 hard. */
export const TEST_BLUEPRINT: Record<Difficulty, number> = { easy: 3, medium: 4, hard: 3 };
