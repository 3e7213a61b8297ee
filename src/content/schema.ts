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
import type { LabTexts } from './lab-texts.js';

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

/** A synonym-set name: a lower-case slug, referred to as "@name" in a statement's term groups. */
export const SET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * One term group of a statement: alternatives separated by " | ", each a word, a phrase or "@set" (a course-wide
 * synonym set from lessons/terms/). Checked here for shape; that each set exists is checked against the set files.
 */
export const termGroupSchema = z
  .string({ error: required('a term group must be text, like "@server | peer"') })
  .superRefine((group, ctx) => {
    const alternatives = group.split('|').map((a) => a.trim());
    if (alternatives.some((a) => a === '')) {
      ctx.addIssue({ code: 'custom', message: `term group "${group}" has an empty alternative (separate alternatives with " | ")` });
      return;
    }
    for (const alternative of alternatives) {
      if (alternative.startsWith('@')) {
        if (!SET_NAME.test(alternative.slice(1))) ctx.addIssue({ code: 'custom', message: `"${alternative}" is not a synonym set name (lower-case words joined by dashes after "@")` });
      } else if (alternative.includes('@')) {
        ctx.addIssue({ code: 'custom', message: `"${alternative}": "@" may only start a synonym set name` });
      } else if (!/[\p{L}\p{N}]/u.test(alternative)) {
        ctx.addIssue({ code: 'custom', message: `"${alternative}" has no letters or digits to match` });
      }
    }
  });

/** Terms that must all occur in one sentence of the answer, in any order. Two groups at least: one keyword alone never earns a concept. */
export const statementSchema = z
  .array(termGroupSchema, { error: required('a statement must be a list of term groups, like ["@client", "@sign"]') })
  .min(2, 'a statement needs at least 2 term groups, so that a single keyword never earns a concept');

const statementsSchema = (what: string) =>
  z.array(statementSchema, { error: required(`${what} must be a list of statements`) }).min(1, `${what} needs at least one statement`);

/** A false claim learners make about a concept: a sentence that makes it earns no credit and is shown back with the correction. */
export const misconceptionSchema = z.strictObject({
  claim: text('claim'),
  statements: statementsSchema('a misconception'),
  /** What is true instead, and why. */
  correction: text('correction'),
});

export const conceptSchema = z.strictObject({
  /** What the concept is, as shown to the learner ("the client proves its identity too"); unique within a prompt. */
  name: text('concept name'),
  /** Covered when one sentence of the answer makes any one of these statements and does not negate it. */
  statements: statementsSchema('a concept'),
  /** One sentence a good answer would contain, shown when the concept is missed. */
  says: text('says'),
  misconceptions: z.array(misconceptionSchema).optional(),
});

export const explainSchema = z
  .strictObject({
    id: idSchema,
    prompt: text('prompt'),
    hint: text('hint'),
    concepts: z.array(conceptSchema).min(2, 'an explain prompt needs at least 2 concepts'),
    modelAnswer: text('modelAnswer'),
  })
  .superRefine((prompt, ctx) => {
    const seen = new Set<string>();
    prompt.concepts.forEach((concept, i) => {
      const key = concept.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['concepts', i, 'name'], message: 'two concepts of this prompt have the same name' });
      seen.add(key);
    });
    const misconceptions = prompt.concepts.reduce((n, c) => n + (c.misconceptions?.length ?? 0), 0);
    if (misconceptions < 2) {
      ctx.addIssue({ code: 'custom', path: ['concepts'], message: `an explain prompt needs at least 2 misconceptions across its concepts (found ${misconceptions}): the false claims learners really make` });
    }
  });

export const setNameSchema = z.string().regex(SET_NAME, 'a set name must be lower-case words joined by dashes, like "trust-store"');

/** A set's members: words or phrases (a number such as 403 is read as its digits). */
export const setMembersSchema = z
  .array(
    z.preprocess(
      (m) => (typeof m === 'number' ? String(m) : m),
      text('set member').refine((m) => !/[@|]/.test(m), 'a set member is a word or a phrase: no "@" or "|" inside a set'),
    ),
    { error: required('a set must be a list of words or phrases') },
  )
  .min(1, 'a set needs at least one word or phrase');

/** A synonym-set file, lessons/terms/*.yaml: `sets: { name: [word or phrase, ...] }`. All files are merged. */
export const synonymFileSchema = z.strictObject({
  sets: z.record(setNameSchema, setMembersSchema),
});

/** Every synonym set of the course, by name (without the "@"). */
export type SynonymSets = Record<string, string[]>;

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
    /**
     * Ids renamed since an earlier release, old id: new id, so progress stored under the old id carries over. The
     * old id is retired (never used again anywhere in the course); the new one is a card, question or explain
     * prompt of this lesson.
     */
    renamedIds: z
      .record(idSchema, idSchema, {
        error: (issue) =>
          issue.code === 'invalid_key'
            ? `old id ${JSON.stringify(issue.input)} must be lower-case words joined by dashes, as ids are`
            : issue.code === 'invalid_type'
              ? 'renamedIds must map each old id to its new id (old-id: new-id)'
              : undefined,
      })
      .optional(),
  })
  .superRefine((lesson, ctx) => {
    const ids = new Set([...lesson.cards, ...lesson.questions, ...lesson.explain].map((item) => item.id));
    for (const [oldId, newId] of Object.entries(lesson.renamedIds ?? {})) {
      if (!ids.has(newId)) {
        ctx.addIssue({ code: 'custom', path: ['renamedIds', oldId], message: `'${oldId}' is renamed to '${newId}', which is not a card, question or explain prompt of this lesson` });
      }
    }
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
export type Misconception = z.infer<typeof misconceptionSchema>;
/** A statement: term groups that must all occur in one sentence. */
export type Statement = z.infer<typeof statementSchema>;
export type CheatSheet = z.infer<typeof cheatSheetSchema>;

/** A validated course: lessons in display order. */
export interface Course {
  lessons: Lesson[];
  /** The synonym sets that explain prompts' statements name as "@set" (lessons/terms/*.yaml); none when absent. */
  synonyms?: SynonymSets;
  /** The TLS lab scenarios' texts (lessons/labs/<id>.yaml), by scenario id; compiled with the course. */
  labs?: LabTexts;
  /** The prepared policy scenarios (lessons/policy/), which lessons name in `labs`. */
  policyScenarios: ScenarioData;
}

export function lessonJsonSchema(): unknown {
  return z.toJSONSchema(lessonSchema, { io: 'input', unrepresentable: 'any' });
}
