import {
  parseEvent,
  sortEvents,
  type AnswerEvent,
  type CardReviewEvent,
  type CardStateEntry,
  type ProgressEvent,
  type StudyDay,
  type StudyMonthEntry,
  type TestResultEvent,
  type TestStartEvent,
  type TestsTakenEntry,
} from '../learning/events.js';
import { memoryFromState, newMemory, review, reviewKey, storedMemory, undoneReviews, type CardMemory } from '../learning/scheduling.js';
import type { StoredEvent } from './format.js';

/**
 * Folds old events into a summary that every derivation reads exactly as it read the events (compared on a long
 * synthetic history in test/progress/compact.test.ts): per card its scheduling state; per question its latest
 * answer and its latest right one; per lesson its latest test start with the answers a resume needs, its best
 * and latest test and how many others were taken; per lab and explain prompt the latest attempt; per UTC day
 * (one entry a month) the first and last second of activity (the local days of a streak, in any time zone) and
 * the study time. Events of types this
 * version does not know are kept as they are.
 *
 * `previous` is the summary so far (already counted), `folded` the events to add to it, all older than any event
 * left out of the fold. Entries this store makes carry `origin` in their ids; entries brought in by an import
 * from another store keep theirs, so importing that store's newer export updates them instead of counting twice.
 */
export function compactHistory(previous: readonly StoredEvent[], folded: readonly StoredEvent[], origin: string): StoredEvent[] {
  const out = new Map<string, StoredEvent>();
  const summaryKinds = new Set(['card-state', 'study-month', 'tests-taken']);
  const known: ProgressEvent[] = [];
  const fresh: ProgressEvent[] = []; // events not counted in any summary entry yet
  for (const [list, counted] of [
    [previous, true],
    [folded, false],
  ] as const) {
    for (const stored of list) {
      const event = parseEvent(stored);
      if (!event) {
        out.set(stored.id, stored); // a newer version's event: kept as it is
        continue;
      }
      known.push(event);
      if (!counted && !summaryKinds.has(event.type)) fresh.push(event);
    }
  }
  const sorted = sortEvents(known);
  const keep = (e: ProgressEvent) => out.set(e.id, e as unknown as StoredEvent);

  // Summary entries of other stores (imported) stay as they are; this store's own are carried on below.
  const ownMonth = (month: string) => `month-${month}-${origin}`;
  const ownTests = (lessonId: string) => `tests-${lessonId}-${origin}`;
  const ownMonths = new Map<string, StudyMonthEntry>();
  const ownTestCounts = new Map<string, TestsTakenEntry>();
  for (const e of sorted) {
    if (e.type === 'study-month') {
      if (e.id === ownMonth(utcDay(e.at).slice(0, 7))) ownMonths.set(e.id, e);
      else keep(e);
    } else if (e.type === 'tests-taken') {
      if (e.id === ownTests(e.lessonId)) ownTestCounts.set(e.lessonId, e);
      else keep(e);
    }
  }

  // Days: the first and last second of activity and the study time, for events not yet counted.
  const days = new Map<string, Map<number, StudyDay>>(); // month id -> day of the month -> its figures
  for (const [id, entry] of ownMonths) days.set(id, new Map(entry.days.map((d) => [d[0], [...d] as StudyDay])));
  const firstOfMonth = new Map<string, string>([...ownMonths].map(([id, e]) => [id, e.at]));
  for (const e of sortEvents(fresh)) {
    const time = Date.parse(e.at);
    const iso = new Date(time).toISOString();
    const id = ownMonth(iso.slice(0, 7));
    const dayOfMonth = Number(iso.slice(8, 10));
    const second = Math.floor((time - Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, dayOfMonth)) / 1000);
    const month = days.get(id) ?? new Map<number, StudyDay>();
    days.set(id, month);
    const day = month.get(dayOfMonth) ?? [dayOfMonth, second, second, 0, 0];
    month.set(dayOfMonth, [dayOfMonth, Math.min(day[1], second), Math.max(day[2], second), day[3] + (e.type === 'study-time' ? e.ms : 0), day[4] + 1]);
    const first = firstOfMonth.get(id);
    if (first === undefined || time < Date.parse(first)) firstOfMonth.set(id, e.at);
  }
  for (const [id, month] of days) {
    keep({ type: 'study-month', id, at: firstOfMonth.get(id)!, days: [...month.values()].sort((a, b) => a[0] - b[0]) });
  }

  // Cards: the memory after every review, as cardMemories computes it, dated and named by its last contribution.
  // A review taken back with u counts for nothing; the undo is folded with it (compactLog keeps them together).
  const undone = undoneReviews(sorted);
  const cards = new Map<string, { memory: CardMemory; last: CardReviewEvent | CardStateEntry }>();
  for (const e of sorted) {
    if (e.type === 'card-state') cards.set(e.cardId, { memory: memoryFromState(e), last: e });
    if (e.type === 'card-review' && !undone.has(reviewKey(e.cardId, e.at))) {
      const at = new Date(e.at);
      cards.set(e.cardId, { memory: review(cards.get(e.cardId)?.memory ?? newMemory(at), e.rating, at), last: e });
    }
  }
  for (const [cardId, { memory, last }] of cards) {
    const { fsrs, rating, reviews, proven } = storedMemory(memory);
    // Every memory here comes from a review or a card-state, so it has a last rating.
    keep({ type: 'card-state', id: last.id, at: last.at, lessonId: last.lessonId, cardId, rating: rating!, reviews, fsrs, proven });
  }

  // Answers: the latest to each question (mistakes, when last seen) and its latest right one (answered right once).
  const latestAnswer = new Map<string, AnswerEvent>();
  const latestRight = new Map<string, AnswerEvent>();
  const latestStart = new Map<string, TestStartEvent>();
  const results = new Map<string, TestResultEvent[]>();
  const latestAttempt = new Map<string, ProgressEvent>();
  for (const e of sorted) {
    if (e.type === 'answer') {
      latestAnswer.set(e.questionId, e);
      if (e.correct) latestRight.set(e.questionId, e);
    } else if (e.type === 'test-start') {
      latestStart.set(e.lessonId, e);
    } else if (e.type === 'test-result') {
      results.set(e.lessonId, [...(results.get(e.lessonId) ?? []), e]);
    } else if (e.type === 'lab-prediction') {
      latestAttempt.set(`lab ${e.labId}`, e);
    } else if (e.type === 'explain-attempt') {
      latestAttempt.set(`explain ${e.lessonId} ${e.promptId}`, e);
    }
  }
  for (const e of [...latestAnswer.values(), ...latestRight.values(), ...latestAttempt.values()]) keep(e);

  // Tests: the latest start of each lesson, with the first test answer to each of its questions since (a resume
  // offers the answers given), then its best and latest result and a count of the others.
  for (const start of latestStart.values()) {
    keep(start);
    const since = Date.parse(start.at);
    const wanted = new Set(start.questionIds);
    for (const e of sorted) {
      if (e.type === 'answer' && e.mode === 'test' && e.lessonId === start.lessonId && wanted.has(e.questionId) && Date.parse(e.at) >= since) {
        keep(e);
        wanted.delete(e.questionId);
      }
    }
  }
  const lessons = new Set([...results.keys(), ...ownTestCounts.keys()]);
  for (const lessonId of lessons) {
    const all = results.get(lessonId) ?? [];
    let best: TestResultEvent | undefined;
    for (const t of all) if (!best || t.score / t.total > best.score / best.total) best = t;
    const kept = new Set([best, all.at(-1)].filter((t): t is TestResultEvent => t !== undefined));
    for (const t of kept) keep(t);
    const before = ownTestCounts.get(lessonId);
    const dropped = all.filter((t) => !kept.has(t));
    const count = (before?.count ?? 0) + dropped.length;
    if (count > 0) {
      const at = [before?.at, ...dropped.map((t) => t.at)].filter((a): a is string => a !== undefined).sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1)!;
      keep({ type: 'tests-taken', id: ownTests(lessonId), at, lessonId, count });
    }
  }
  return sortEvents([...out.values()]);
}

/** "2026-03-02": the UTC calendar day of an ISO time. */
export function utcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}
