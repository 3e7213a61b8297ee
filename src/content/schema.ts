import { z } from 'zod';
import type { ScenarioData } from '../policy/scenario-schema.js';

/**
 * The lesson format. This file is the single definition: types, validation and the JSON Schema for editors
 * (`mtls-tutor lessons schema`) all come from it.
 */

/** An error message that says "is required" when the field is absent, else `message`. */
const required = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

const text = (what: string) => z.string({ error: required(`${what} must be text`) }).trim().min(1, `${what} must not be empty`);

/** Ids key the learner's progress, so they are stable slugs: lower case, digits, dashes. */
export const idSchema = z
  .string({ error: required('id must be text') })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be lower-case words joined by dashes, like "basics-why-mtls"');

import { DIFFICULTIES, LEVELS, TEST_BLUEPRINT, type Difficulty } from './constants.js';

export { DIFFICULTIES, LEVELS, TEST_BLUEPRINT } from './constants.js';
export type { Difficulty, Level } from './constants.js';

export const sourceSchema = z.strictObject({
  title: text('source title'),
  url: z.url({ error: 'url must be a full http(s) address' }).optional(),
  note: z.string().optional(),
});

export const pageSchema = z.strictObject({
  title: text('page title'),
  body: text('page body'),
});

export const cardSchema = z.strictObject({
  id: idSchema,
  level: z.enum(LEVELS, { error: required(`level must be one of ${LEVELS.join(', ')}`) }),
  front: text('card front'),
  back: text('card back'),
});

export const choiceSchema = z.strictObject({
  text: text('choice text'),
  correct: z.boolean().optional(),
  /** Why this choice is wrong (required on every wrong choice), or why it is right. */
  why: z.string().trim().min(1, 'why must not be empty').optional(),
});

export const questionSchema = z
  .strictObject({
    id: idSchema,
    difficulty: z.enum(DIFFICULTIES, { error: required(`difficulty must be one of ${DIFFICULTIES.join(', ')}`) }),
    /** A short topic name, shown in "topics missed" after a test. */
    topic: text('topic'),
    prompt: text('prompt'),
    /** Optional YAML, a command or a log excerpt shown under the prompt in a code block. */
    code: z.string().optional(),
    choices: z.array(choiceSchema).min(2, 'a question needs at least 2 choices').max(6, 'a question has at most 6 choices'),
    hint: text('hint'),
    solution: z.array(text('solution step')).min(1, 'solution needs at least one step'),
    quickCheck: text('quickCheck'),
    mistakes: z.array(text('common mistake')).min(1, 'mistakes needs at least one common mistake'),
  })
  .superRefine((q, ctx) => {
    const correct = q.choices.filter((c) => c.correct === true).length;
    if (correct !== 1) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: `exactly one choice must have correct: true (found ${correct})` });
    }
    q.choices.forEach((choice, i) => {
      if (choice.correct !== true && !choice.why) {
        ctx.addIssue({ code: 'custom', path: ['choices', i, 'why'], message: 'every wrong choice must say why it is wrong' });
      }
    });
    const seen = new Set<string>();
    q.choices.forEach((choice, i) => {
      const key = choice.text.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['choices', i, 'text'], message: 'two choices have the same text' });
      seen.add(key);
    });
  });

export const conceptSchema = z.strictObject({
  /** What the concept is, as shown to the learner ("the client proves its identity too"). */
  name: text('concept name'),
  /** Words or phrases that count as covering the concept; scoring ignores case, punctuation and word endings. */
  matches: z.array(text('match phrase')).min(1, 'a concept needs at least one phrase in matches'),
});

export const explainSchema = z.strictObject({
  id: idSchema,
  prompt: text('prompt'),
  hint: text('hint'),
  concepts: z.array(conceptSchema).min(2, 'an explain prompt needs at least 2 concepts'),
  modelAnswer: text('modelAnswer'),
});

export const cheatSheetSchema = z
  .array(
    z.strictObject({
      heading: text('cheat sheet heading'),
      lines: z.array(text('cheat sheet line')).min(1, 'a cheat sheet section needs at least one line'),
    }),
  )
  .min(1, 'cheatSheet needs at least one section');

export const lessonSchema = z
  .strictObject({
    id: idSchema,
    title: text('title'),
    summary: text('summary'),
    minutes: z.number({ error: required('minutes must be a number') }).int('minutes must be a whole number').positive('minutes must be positive').max(240),
    sources: z.array(sourceSchema).min(1, 'sources must name at least one place the facts were checked'),
    pages: z.array(pageSchema).min(1, 'a lesson needs at least one concept page'),
    cards: z.array(cardSchema).min(5, 'a lesson needs at least 5 recall cards'),
    questions: z.array(questionSchema).min(10, 'a lesson needs at least 10 practice questions'),
    explain: z.array(explainSchema).min(2, 'a lesson needs at least 2 explain prompts'),
    cheatSheet: cheatSheetSchema,
    /** Ids of the labs (lab scenarios or policy scenarios) that demonstrate this lesson. */
    labs: z.array(idSchema).default([]),
  })
  .superRefine((lesson, ctx) => {
    for (const difficulty of Object.keys(TEST_BLUEPRINT) as Difficulty[]) {
      const have = lesson.questions.filter((q) => q.difficulty === difficulty).length;
      const need = TEST_BLUEPRINT[difficulty];
      if (have < need) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions'],
          message: `the 10-question test needs at least ${need} ${difficulty} questions (found ${have})`,
        });
      }
    }
  });

export type Lesson = z.infer<typeof lessonSchema>;
export type Card = z.infer<typeof cardSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Choice = z.infer<typeof choiceSchema>;
export type ExplainPrompt = z.infer<typeof explainSchema>;
export type Concept = z.infer<typeof conceptSchema>;
export type CheatSheet = z.infer<typeof cheatSheetSchema>;

/** A validated course: lessons in display order. */
export interface Course {
  lessons: Lesson[];
  /** The prepared policy scenarios (lessons/policy/), which lessons name in `labs`. */
  policyScenarios: ScenarioData;
}

export function lessonJsonSchema(): unknown {
  return z.toJSONSchema(lessonSchema, { io: 'input', unrepresentable: 'any' });
}
