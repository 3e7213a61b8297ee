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

/**
 * Entries of compacted history (src/progress/compact.ts). Each stands for many older events, so a long history
 * stays small; they are written by compaction only, never recorded, and every derivation reads them as it would
 * the events they replace:
 * - `card-state`: a card's scheduling memory after its reviews up to `at` (replaces them: later reviews go on from it);
 * - `study-month`: one UTC calendar month: per day studied, the second of its first and last activity (so the
 *   local days of a streak, in any time zone) and the study time recorded that day, and how many events it had;
 * - `tests-taken`: how many more tests of a lesson were taken than the test-result events still kept.
 */
export type SummaryEntry =
  | { type: 'card-state'; id: string; at: string; lessonId: string; cardId: string; rating: RatingName; reviews: number; fsrs: StoredCardMemory; proven?: boolean }
  | { type: 'study-month'; id: string; at: string; days: StudyDay[] }
  | { type: 'tests-taken'; id: string; at: string; lessonId: string; count: number };

/** [day of the month, first and last second of activity (UTC, 0-86399), study time in ms, events]. */
export type StudyDay = [day: number, first: number, last: number, ms: number, events: number];

/** ts-fsrs's Card as JSON: dates as ISO strings. */
export interface StoredCardMemory {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
}

export type ProgressEvent = (ProgressEventInput & { id: string }) | SummaryEntry;
export type EventOf<T extends ProgressEvent['type']> = Extract<ProgressEvent, { type: T }>;
export type CardReviewEvent = EventOf<'card-review'>;
export type CardReviewUndoEvent = EventOf<'card-review-undo'>;
export type AnswerEvent = EventOf<'answer'>;
export type TestResultEvent = EventOf<'test-result'>;
export type TestStartEvent = EventOf<'test-start'>;
export type ExplainAttemptEvent = EventOf<'explain-attempt'>;
export type LabPredictionEvent = EventOf<'lab-prediction'>;
export type StudyTimeEvent = EventOf<'study-time'>;
export type CardStateEntry = EventOf<'card-state'>;
export type StudyMonthEntry = EventOf<'study-month'>;
export type TestsTakenEntry = EventOf<'tests-taken'>;

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

const isoDate = (v: unknown): v is string => str(v) && ISO.test(v) && !Number.isNaN(Date.parse(v));
const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

function cardMemoryShape(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Rec;
  // The fields ts-fsrs's scheduling needs; the others (some deprecated) only when present.
  const optional = (v: unknown) => v === undefined || finite(v);
  return (
    isoDate(m.due) && finite(m.stability) && finite(m.difficulty) && count(m.reps) && count(m.lapses) && count(m.state) &&
    optional(m.elapsed_days) && optional(m.scheduled_days) && optional(m.learning_steps) && (m.last_review === undefined || isoDate(m.last_review))
  );
}

function studyDay(v: unknown): boolean {
  if (!Array.isArray(v) || v.length !== 5 || !v.every(count)) return false;
  const [day, first, last] = v as number[];
  return day! >= 1 && day! <= 31 && first! <= last! && last! < 86_400;
}

/** When a day of a study-month entry starts, in ms since the epoch. */
export function studyDayStart(month: StudyMonthEntry, day: StudyDay): number {
  const start = new Date(month.at);
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), day[0]);
}

const SUMMARY_CHECKS: Record<SummaryEntry['type'], (e: Rec) => boolean> = {
  'card-state': (e) => str(e.lessonId) && str(e.cardId) && oneOf(RATINGS, e.rating) && count(e.reviews) && cardMemoryShape(e.fsrs),
  'study-month': (e) => Array.isArray(e.days) && e.days.every(studyDay),
  'tests-taken': (e) => str(e.lessonId) && count(e.count),
};

function hasType<T extends string>(checks: Record<T, (e: Rec) => boolean>, raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const e = raw as Rec;
  if (!isoDate(e.at)) return false;
  return typeof e.type === 'string' && Object.hasOwn(checks, e.type) && checks[e.type as T](e);
}

/** Whether `raw` is a well-formed event input of a type this version knows (the id is not checked). */
export function isEventInput(raw: unknown): raw is ProgressEventInput {
  return hasType(CHECKS, raw);
}

/**
 * A stored event (or compacted-history entry) of a type this version knows, or undefined. Unknown or malformed
 * events are kept in the file (a newer version may have written them) but ignored when deriving progress.
 */
export function parseEvent(raw: unknown): ProgressEvent | undefined {
  if (!isEventInput(raw) && !hasType(SUMMARY_CHECKS, raw)) return undefined;
  return str((raw as Rec).id) ? (raw as ProgressEvent) : undefined;
}

/** Unique enough across processes and machines: time (sortable) plus 64 random bits. */
export function newEventId(now: Date = new Date(), random: () => number = Math.random): string {
  const rand = Array.from({ length: 4 }, () => Math.floor(random() * 0x10000).toString(16).padStart(4, '0')).join('');
  return `${now.getTime().toString(36).padStart(9, '0')}-${rand}`;
}

/** Events in time order (ties broken by id, so every instance sees the same order). */
export function sortEvents<E extends { at: string; id: string }>(events: readonly E[]): E[] {
  // Each time parsed once, not once per comparison: the store sorts a thousand events on every save.
  const keyed = events.map((event) => ({ time: Date.parse(event.at), event }));
  keyed.sort((a, b) => a.time - b.time || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));
  return keyed.map((k) => k.event);
}

export function isEvent<T extends ProgressEvent['type']>(type: T) {
  return (event: ProgressEvent): event is EventOf<T> => event.type === type;
}
