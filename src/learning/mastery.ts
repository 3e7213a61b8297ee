import type { Lesson } from '../content/schema.js';
import { isEvent, sortEvents, studyDayStart, type ProgressEvent, type TestResultEvent } from './events.js';
import { cardMemories, courseCards, countDue, isKnown, type CardMemory } from './scheduling.js';

export const MASTERY_WEIGHTS = { cards: 0.4, questions: 0.3, test: 0.3 } as const;

/** The mastery formula, in the words the progress screen shows. */
export const MASTERY_RULE =
  'Mastery = 40% cards known + 30% questions answered right at least once + 30% best test score.';

export interface TestSummary {
  score: number;
  total: number;
  verdict: TestResultEvent['verdict'];
  at: string;
}

export interface LessonProgress {
  lessonId: string;
  title: string;
  /** 0..1, see MASTERY_RULE. */
  mastery: number;
  cards: { known: number; total: number; due: number; new: number };
  questions: { right: number; total: number };
  tests: { taken: number; best: TestSummary | null; latest: TestSummary | null };
}

export interface ProgressSummary {
  lessons: LessonProgress[];
  /** Reviewed cards due now, all lessons. */
  due: number;
  streakDays: number;
  studiedMs: number;
  /** Live labs: how many were tried, and in how many the latest prediction matched what the TLS stack did. */
  labs: { tried: number; predictedRight: number };
}

/** Per lab, only the latest prediction counts: re-running a lab after learning why is the point. */
export function labPredictions(events: readonly ProgressEvent[]): { tried: number; predictedRight: number } {
  const latest = new Map<string, { predicted: string; actual: string }>();
  for (const e of sortEvents(events.filter(isEvent('lab-prediction')))) latest.set(e.labId, e);
  let predictedRight = 0;
  for (const e of latest.values()) if (e.predicted === e.actual) predictedRight++;
  return { tried: latest.size, predictedRight };
}

export function masteryOf(cardsKnown: number, cardsTotal: number, questionsRight: number, questionsTotal: number, bestTest: number): number {
  const part = (n: number, d: number) => (d > 0 ? Math.min(1, n / d) : 0);
  const value =
    MASTERY_WEIGHTS.cards * part(cardsKnown, cardsTotal) + MASTERY_WEIGHTS.questions * part(questionsRight, questionsTotal) + MASTERY_WEIGHTS.test * bestTest;
  return Math.round(value * 1000) / 1000;
}

function toSummary(event: TestResultEvent): TestSummary {
  return { score: event.score, total: event.total, verdict: event.verdict, at: event.at };
}

export function lessonProgress(lesson: Lesson, events: readonly ProgressEvent[], now: Date, memories: ReadonlyMap<string, CardMemory> = cardMemories(events)): LessonProgress {
  const cards = courseCards([lesson]);
  const known = lesson.cards.filter((c) => isKnown(memories.get(c.id))).length;
  const unseen = lesson.cards.filter((c) => !memories.has(c.id)).length;
  const questionIds = new Set(lesson.questions.map((q) => q.id));
  const rightOnce = new Set(events.filter(isEvent('answer')).filter((e) => e.correct && questionIds.has(e.questionId)).map((e) => e.questionId));
  const tests = sortEvents(events.filter(isEvent('test-result')).filter((e) => e.lessonId === lesson.id));
  // Compacted history keeps the best and the latest test and counts the others.
  const compactedTests = events.filter(isEvent('tests-taken')).reduce((sum, e) => (e.lessonId === lesson.id ? sum + e.count : sum), 0);
  let best: TestResultEvent | undefined;
  for (const t of tests) if (!best || t.score / t.total > best.score / best.total) best = t;
  const latest = tests.at(-1);
  return {
    lessonId: lesson.id,
    title: lesson.title,
    mastery: masteryOf(known, lesson.cards.length, rightOnce.size, lesson.questions.length, best ? best.score / best.total : 0),
    cards: { known, total: lesson.cards.length, due: countDue(cards, memories, now), new: unseen },
    questions: { right: rightOnce.size, total: lesson.questions.length },
    tests: { taken: tests.length + compactedTests, best: best ? toSummary(best) : null, latest: latest ? toSummary(latest) : null },
  };
}

/** "2026-11-23" in the local time zone. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * Consecutive local calendar days with any activity, counting back from today, or from yesterday when nothing
 * has happened yet today (so the streak does not break at midnight).
 */
export function dayStreak(events: readonly ProgressEvent[], now: Date): number {
  const days = new Set(events.map((e) => localDay(new Date(e.at))));
  // A compacted UTC day spans at most two local days, those of its first and last activity.
  for (const e of events) {
    if (e.type !== 'study-month') continue;
    for (const day of e.days) {
      const start = studyDayStart(e, day);
      days.add(localDay(new Date(start + day[1] * 1000)));
      days.add(localDay(new Date(start + day[2] * 1000)));
    }
  }
  const cursor = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 12); // noon: immune to DST shifts
  if (!days.has(localDay(cursor))) cursor.setDate(cursor.getDate() - 1);
  let streak = 0;
  while (days.has(localDay(cursor))) {
    streak++;
    cursor.setDate(cursor.getDate() - 1);
  }
  return streak;
}

export function timeStudiedMs(events: readonly ProgressEvent[]): number {
  let ms = 0;
  for (const e of events) {
    if (e.type === 'study-time') ms += e.ms;
    if (e.type === 'study-month') for (const day of e.days) ms += day[3];
  }
  return ms;
}

/** "0m", "45m", "1h 05m", "12h 00m". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function summarizeProgress(lessons: readonly Lesson[], events: readonly ProgressEvent[], now: Date = new Date()): ProgressSummary {
  const memories = cardMemories(events);
  return {
    lessons: lessons.map((lesson) => lessonProgress(lesson, events, now, memories)),
    due: countDue(courseCards(lessons), memories, now),
    streakDays: dayStreak(events, now),
    studiedMs: timeStudiedMs(events),
    labs: labPredictions(events),
  };
}
