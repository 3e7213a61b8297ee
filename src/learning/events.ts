/**
 * Progress is an append-only log of these events. Everything the learner sees about their progress (card
 * schedules, mastery, mistakes, streaks) is derived from the log, so two logs merge by a plain union on `id`.
 *
 * Screens and reducers produce `ProgressEventInput`s (no id); the store assigns the id when it records one.
 * Validation is hand-written rather than zod so the TUI does not load a validator at start-up.
 */

export const RATINGS = ['again', 'hard', 'good', 'easy'] as const;
export type RatingName = (typeof RATINGS)[number];

export const MODES = ['learn', 'recall', 'review', 'practice', 'mistakes', 'test', 'explain', 'cheatsheet', 'lab'] as const;
export type StudyMode = (typeof MODES)[number];

export const VERDICTS = ['weak', 'developing', 'strong'] as const;
type Tally = { right: number; total: number };

/** `at` is an ISO 8601 date-time (`new Date().toISOString()`). */
export type ProgressEventInput =
  | { type: 'card-review'; at: string; lessonId: string; cardId: string; rating: RatingName }
  /**
   * Undo (`u` in Recall) of the card-review of `cardId` recorded at `reviewAt`: the log stays append-only (two
   * logs still merge by a union), and replaying a card's reviews skips the one undone.
   */
  | { type: 'card-review-undo'; at: string; lessonId: string; cardId: string; reviewAt: string }
  | {
      type: 'answer';
      at: string;
      lessonId: string;
      questionId: string;
      /** Index into the question's choices as written in the lesson (not the shuffled display order). */
      choice: number;
      correct: boolean;
      hintUsed: boolean;
      mode: 'practice' | 'mistakes' | 'test';
    }
  | {
      type: 'test-result';
      at: string;
      lessonId: string;
      score: number;
      total: number;
      breakdown: { easy: Tally; medium: Tally; hard: Tally };
      verdict: (typeof VERDICTS)[number];
      questionIds: string[];
    }
  /**
   * The 10 questions drawn for a test, recorded with its first answer, so a test left part-way can be resumed
   * with the same questions. A test-result for the lesson at or after it closes it.
   */
  | { type: 'test-start'; at: string; lessonId: string; questionIds: string[] }
  /**
   * `covered`: names of the concepts the scorer found (the automatic score, which mastery uses). Added later, so
   * optional (older events lack them): `answer`, the text as typed; `selfMarked`, missed concepts the learner
   * says they did cover (shown beside the automatic score, never counted by mastery); `contradicted`, concepts
   * a misconception voided; `notAnExplanation`, the answer was a list of terms.
   */
  | {
      type: 'explain-attempt';
      at: string;
      lessonId: string;
      promptId: string;
      covered: string[];
      total: number;
      answer?: string;
      selfMarked?: string[];
      contradicted?: string[];
      notAnExplanation?: boolean;
    }
  | { type: 'lab-prediction'; at: string; labId: string; predicted: string; actual: string }
  | { type: 'study-time'; at: string; ms: number; lessonId?: string; mode?: StudyMode };

export type ProgressEvent = ProgressEventInput & { id: string };
export type EventOf<T extends ProgressEventInput['type']> = Extract<ProgressEvent, { type: T }>;
export type CardReviewEvent = EventOf<'card-review'>;
export type CardReviewUndoEvent = EventOf<'card-review-undo'>;
export type AnswerEvent = EventOf<'answer'>;
export type TestResultEvent = EventOf<'test-result'>;
export type TestStartEvent = EventOf<'test-start'>;
export type ExplainAttemptEvent = EventOf<'explain-attempt'>;
export type LabPredictionEvent = EventOf<'lab-prediction'>;
export type StudyTimeEvent = EventOf<'study-time'>;

type Rec = Record<string, unknown>;
const str = (v: unknown): v is string => typeof v === 'string' && v !== '';
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const names = (v: unknown): boolean => Array.isArray(v) && v.every((c) => typeof c === 'string');
const tally = (v: unknown): boolean => typeof v === 'object' && v !== null && count((v as Rec).right) && count((v as Rec).total);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const CHECKS: Record<ProgressEventInput['type'], (e: Rec) => boolean> = {
  'card-review': (e) => str(e.lessonId) && str(e.cardId) && oneOf(RATINGS, e.rating),
  'card-review-undo': (e) => str(e.lessonId) && str(e.cardId) && str(e.reviewAt) && ISO.test(e.reviewAt),
  answer: (e) =>
    str(e.lessonId) && str(e.questionId) && count(e.choice) && typeof e.correct === 'boolean' && typeof e.hintUsed === 'boolean' && oneOf(['practice', 'mistakes', 'test'], e.mode),
  'test-result': (e) => {
    const b = e.breakdown as Rec | undefined;
    return (
      str(e.lessonId) && count(e.score) && count(e.total) && e.total > 0 && oneOf(VERDICTS, e.verdict) &&
      typeof b === 'object' && b !== null && tally(b.easy) && tally(b.medium) && tally(b.hard) &&
      Array.isArray(e.questionIds) && e.questionIds.every(str)
    );
  },
  'test-start': (e) => str(e.lessonId) && Array.isArray(e.questionIds) && e.questionIds.length > 0 && e.questionIds.every(str),
  'explain-attempt': (e) =>
    str(e.lessonId) && str(e.promptId) && names(e.covered) && count(e.total) &&
    (e.answer === undefined || typeof e.answer === 'string') && (e.selfMarked === undefined || names(e.selfMarked)) &&
    (e.contradicted === undefined || names(e.contradicted)) && (e.notAnExplanation === undefined || typeof e.notAnExplanation === 'boolean'),
  'lab-prediction': (e) => str(e.labId) && typeof e.predicted === 'string' && typeof e.actual === 'string',
  'study-time': (e) => count(e.ms) && (e.lessonId === undefined || str(e.lessonId)) && (e.mode === undefined || oneOf(MODES, e.mode)),
};

/** Whether `raw` is a well-formed event input of a type this version knows (the id is not checked). */
export function isEventInput(raw: unknown): raw is ProgressEventInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const e = raw as Rec;
  if (!str(e.at) || !ISO.test(e.at) || Number.isNaN(Date.parse(e.at))) return false;
  const check = CHECKS[e.type as ProgressEventInput['type']];
  return typeof e.type === 'string' && Object.hasOwn(CHECKS, e.type) && check(e);
}

/**
 * A stored event of a type this version knows, or undefined. Unknown or malformed events are kept in the file
 * (a newer version may have written them) but ignored when deriving progress.
 */
export function parseEvent(raw: unknown): ProgressEvent | undefined {
  if (!isEventInput(raw)) return undefined;
  return str((raw as Rec).id) ? (raw as ProgressEvent) : undefined;
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
