import { z } from 'zod';

/**
 * Progress is an append-only log of these events. Everything the learner sees about their progress (card
 * schedules, mastery, mistakes, streaks) is derived from the log, so two logs merge by a plain union on `id`.
 *
 * Screens and reducers produce `ProgressEventInput`s (no id); the store assigns the id when it records one.
 */

const at = z.iso.datetime({ offset: true, error: 'at must be an ISO date-time' });
const id = z.string().min(1);

export const RATINGS = ['again', 'hard', 'good', 'easy'] as const;
export type RatingName = (typeof RATINGS)[number];

export const MODES = ['learn', 'recall', 'review', 'practice', 'mistakes', 'test', 'explain', 'cheatsheet', 'lab'] as const;
export type StudyMode = (typeof MODES)[number];

export const cardReviewSchema = z.object({
  type: z.literal('card-review'),
  at,
  lessonId: id,
  cardId: id,
  rating: z.enum(RATINGS),
});

export const answerSchema = z.object({
  type: z.literal('answer'),
  at,
  lessonId: id,
  questionId: id,
  /** Index into the question's choices as written in the lesson (not the shuffled display order). */
  choice: z.number().int().min(0),
  correct: z.boolean(),
  hintUsed: z.boolean(),
  mode: z.enum(['practice', 'mistakes', 'test']),
});

export const testResultSchema = z.object({
  type: z.literal('test-result'),
  at,
  lessonId: id,
  score: z.number().int().min(0),
  total: z.number().int().min(1),
  breakdown: z.object({
    easy: z.object({ right: z.number().int(), total: z.number().int() }),
    medium: z.object({ right: z.number().int(), total: z.number().int() }),
    hard: z.object({ right: z.number().int(), total: z.number().int() }),
  }),
  verdict: z.enum(['weak', 'developing', 'strong']),
  questionIds: z.array(id),
});

export const explainAttemptSchema = z.object({
  type: z.literal('explain-attempt'),
  at,
  lessonId: id,
  promptId: id,
  /** Names of the concepts the answer covered. */
  covered: z.array(z.string()),
  total: z.number().int().min(0),
});

export const labPredictionSchema = z.object({
  type: z.literal('lab-prediction'),
  at,
  labId: id,
  predicted: z.string(),
  actual: z.string(),
});

export const studyTimeSchema = z.object({
  type: z.literal('study-time'),
  at,
  ms: z.number().int().min(0),
  lessonId: id.optional(),
  mode: z.enum(MODES).optional(),
});

export const eventInputSchema = z.discriminatedUnion('type', [
  cardReviewSchema,
  answerSchema,
  testResultSchema,
  explainAttemptSchema,
  labPredictionSchema,
  studyTimeSchema,
]);

export type ProgressEventInput = z.infer<typeof eventInputSchema>;
export type ProgressEvent = ProgressEventInput & { id: string };
export type EventOf<T extends ProgressEventInput['type']> = Extract<ProgressEvent, { type: T }>;
export type CardReviewEvent = EventOf<'card-review'>;
export type AnswerEvent = EventOf<'answer'>;
export type TestResultEvent = EventOf<'test-result'>;
export type ExplainAttemptEvent = EventOf<'explain-attempt'>;
export type LabPredictionEvent = EventOf<'lab-prediction'>;
export type StudyTimeEvent = EventOf<'study-time'>;

/**
 * A stored event of a type this version knows, or undefined. Unknown or malformed events are kept in the file
 * (a newer version may have written them) but ignored when deriving progress.
 */
export function parseEvent(raw: unknown): ProgressEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const eventId = (raw as { id?: unknown }).id;
  if (typeof eventId !== 'string' || eventId === '') return undefined;
  const parsed = eventInputSchema.safeParse(raw);
  return parsed.success ? { ...parsed.data, id: eventId } : undefined;
}

/** Unique enough across processes and machines: time (sortable) plus 64 random bits. */
export function newEventId(now: Date = new Date(), random: () => number = Math.random): string {
  const rand = Array.from({ length: 4 }, () => Math.floor(random() * 0x10000).toString(16).padStart(4, '0')).join('');
  return `${now.getTime().toString(36).padStart(9, '0')}-${rand}`;
}

/** Events in time order (ties broken by id, so every instance sees the same order). */
export function sortEvents<E extends { at: string; id: string }>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function isEvent<T extends ProgressEvent['type']>(type: T) {
  return (event: ProgressEvent): event is EventOf<T> => event.type === type;
}
