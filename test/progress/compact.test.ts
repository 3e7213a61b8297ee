import { beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/content/schema.js';
import { loadCourse } from '../../src/content/course.js';
import { parseEvent, sortEvents, type ProgressEvent } from '../../src/learning/events.js';
import { dayStreak, lessonProgress, summarizeProgress } from '../../src/learning/mastery.js';
import { mistakes } from '../../src/learning/mistakes.js';
import { initRecall } from '../../src/learning/recall.js';
import { seededRng } from '../../src/learning/rng.js';
import { cardMemories, courseCards } from '../../src/learning/scheduling.js';
import { initTest, unfinishedTest } from '../../src/learning/test-session.js';
import { compactHistory, utcDay } from '../../src/progress/compact.js';
import type { StoredEvent } from '../../src/progress/format.js';
import { lastPredictionTexts } from '../../src/ui/screens/lab-list.js';
import { syntheticHistory } from './synthetic-history.js';

const END = new Date('2026-11-20T00:00:00Z');
let course: Course;
let full: ProgressEvent[];

/** 60 days of study with a day off now and then (so streaks break, at different local days per time zone). */
function history(count: number, seed = 11): ProgressEvent[] {
  const skipped = new Set(['2026-10-03', '2026-10-04', '2026-10-19', '2026-11-01', '2026-11-12']);
  return sortEvents([...syntheticHistory(course, count, { seed, days: 60, end: END })].filter((e) => !skipped.has(utcDay(e.at))));
}

beforeAll(async () => {
  course = await loadCourse();
  full = history(40_000);
  // A test left part-way at the very end, and an event of a type from a newer version.
  const lesson = course.lessons[2]!;
  const ids = lesson.questions.slice(0, 10).map((q) => q.id);
  const at = (minutes: number) => new Date(END.getTime() + minutes * 60_000).toISOString();
  full.push(
    { id: 'zz-start', type: 'test-start', at: at(1), lessonId: lesson.id, questionIds: ids },
    { id: 'zz-a1', type: 'answer', at: at(1), lessonId: lesson.id, questionId: ids[0]!, choice: 1, correct: false, hintUsed: false, mode: 'test' },
    { id: 'zz-a2', type: 'answer', at: at(2), lessonId: lesson.id, questionId: ids[1]!, choice: 0, correct: true, hintUsed: false, mode: 'test' },
    // Answered again since, in practice: the test's answers are no longer the latest (nor the latest right) ones.
    { id: 'zz-p1', type: 'answer', at: at(3), lessonId: lesson.id, questionId: ids[0]!, choice: 1, correct: false, hintUsed: false, mode: 'practice' },
    { id: 'zz-p2', type: 'answer', at: at(4), lessonId: lesson.id, questionId: ids[1]!, choice: 0, correct: true, hintUsed: false, mode: 'practice' },
    { id: 'zz-p3', type: 'answer', at: at(5), lessonId: lesson.id, questionId: ids[5]!, choice: 1, correct: false, hintUsed: false, mode: 'practice' },
  );
});

/** What the tutor's store does: fold the oldest events whenever more than `limit` are raw, keeping `keep`. */
function compactLikeTheStore(events: readonly ProgressEvent[], limit: number, keep: number, foldAtEnd = false): { view: ProgressEvent[]; summary: StoredEvent[]; raw: StoredEvent[] } {
  let summary: StoredEvent[] = [];
  let raw: StoredEvent[] = [];
  for (const [i, event] of events.entries()) {
    raw.push(event as unknown as StoredEvent);
    if (raw.length > limit || (foldAtEnd && i === events.length - 1)) {
      raw = sortEvents(raw);
      summary = compactHistory(summary, raw.slice(0, raw.length - keep), 'own');
      raw = raw.slice(raw.length - keep);
    }
  }
  const view = sortEvents([...summary, ...raw].map(parseEvent).filter((e): e is ProgressEvent => e !== undefined));
  return { view, summary, raw };
}

/** Everything a learner can see about their progress, as the screens and `progress --json` derive it. */
function whatTheLearnerSees(events: readonly ProgressEvent[], now: Date) {
  const lessons = course.lessons;
  return {
    summary: summarizeProgress(lessons, events, now),
    mistakes: mistakes(lessons, events).map((m) => ({ lessonId: m.lessonId, question: m.question.id, at: m.at })),
    review: initRecall({ cards: courseCards(lessons), events, mode: 'review', now }).queue.map((c) => [c.card.id, c.memory.fsrs.due.toISOString()]),
    recall: lessons.map((l) => initRecall({ cards: courseCards([l]), events, mode: 'recall', lessonId: l.id, now })),
    resume: lessons.map((l) => unfinishedTest(l, events)),
    // The draw of a new test puts questions seen recently last: it reads when each was last answered.
    tests: lessons.map((l) => initTest(l, events, seededRng(5), now).questions.map((q) => q.id)),
    labs: [...lastPredictionTexts(events)].sort(([a], [b]) => (a < b ? -1 : 1)),
    memories: [...cardMemories(events)].sort(([a], [b]) => (a < b ? -1 : 1)),
  };
}

describe('compacted history', () => {
  it('shows the learner exactly what the full history shows, at any later time', { timeout: 120_000 }, () => {
    const { view, summary, raw } = compactLikeTheStore(full, 1_000, 500);
    // And with all but the very last event folded, so a test left part-way is resumed from the summary alone.
    const { view: allFolded, raw: left } = compactLikeTheStore(full, 300, 1, true);
    expect(left).toHaveLength(1);
    expect(full.length).toBeGreaterThan(30_000);
    expect(summary.length + raw.length).toBeLessThan(full.length / 10);
    for (const now of [new Date(END.getTime() + 10 * 60_000), new Date(END.getTime() + 86_400_000), new Date(END.getTime() + 40 * 86_400_000)]) {
      const expected = whatTheLearnerSees(full, now);
      expect(whatTheLearnerSees(view, now), now.toISOString()).toEqual(expected);
      expect(whatTheLearnerSees(allFolded, now), `${now.toISOString()}, all folded`).toEqual(expected);
    }
    const seen = whatTheLearnerSees(allFolded, END);
    expect(seen.resume[2]?.answers).toHaveLength(2); // the test left part-way is offered, with its 2 answers
    expect(seen.summary.lessons.some((l) => l.tests.taken > 2)).toBe(true);
    expect(seen.mistakes.length).toBeGreaterThan(0);
    expect(seen.summary.studiedMs).toBeGreaterThan(0);
  });

  it('keeps the streak the same in every time zone (days are kept with their first and last activity)', { timeout: 120_000 }, () => {
    // Two sittings a day at unrelated hours: a UTC day's first and last activity often fall on two local days.
    const events = sortEvents([...history(3_000, 11), ...history(3_000, 12)]);
    const { view } = compactLikeTheStore(events, 300, 100);
    const before = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        for (let day = 0; day < 70; day++) {
          for (const hour of [0, 7, 13, 23]) {
            const now = new Date(END.getTime() - day * 86_400_000 + hour * 3_600_000);
            expect(dayStreak(view, now), `${tz} ${now.toISOString()}`).toBe(dayStreak(events, now));
          }
        }
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('gives the same summary folded in one go or a little at a time', () => {
    const once = compactHistory([], full.slice(0, 20_000) as unknown as StoredEvent[], 'own');
    const inSteps = compactLikeTheStore(full.slice(0, 20_000), 700, 1);
    const steps = compactHistory(inSteps.summary, inSteps.raw, 'own');
    const at = new Date(END.getTime() + 86_400_000);
    const view = (list: StoredEvent[]) => list.map(parseEvent).filter((e): e is ProgressEvent => e !== undefined);
    expect(whatTheLearnerSees(view(steps), at)).toEqual(whatTheLearnerSees(view(once), at));
  });

  it('keeps events of types it does not know as they are', () => {
    const future = { id: 'f-1', type: 'flashcard-deck', at: '2026-03-02T10:00:00Z', deck: 'x' } as StoredEvent;
    expect(compactHistory([], [future, ...(full.slice(0, 50) as unknown as StoredEvent[])], 'own')).toContainEqual(future);
  });

  it('counts tests folded by another store separately, and one lesson’s count stays its own', () => {
    const lesson = course.lessons[0]!;
    const result = (id: string, at: string, score: number) =>
      ({ id, type: 'test-result', at, lessonId: lesson.id, score, total: 10, breakdown: { easy: { right: 0, total: 3 }, medium: { right: 0, total: 4 }, hard: { right: 0, total: 3 } }, verdict: 'weak', questionIds: ['x'] }) as unknown as StoredEvent;
    const foreign = { id: `tests-${lesson.id}-other`, type: 'tests-taken', at: '2026-01-01T00:00:00Z', lessonId: lesson.id, count: 4 } as StoredEvent;
    const summary = compactHistory([foreign], [result('t1', '2026-02-01T00:00:00Z', 3), result('t2', '2026-02-02T00:00:00Z', 9), result('t3', '2026-02-03T00:00:00Z', 5), result('t4', '2026-02-04T00:00:00Z', 4)], 'own');
    const events = summary.map(parseEvent).filter((e): e is ProgressEvent => e !== undefined);
    const tests = lessonProgress(lesson, events, END).tests;
    expect(tests).toMatchObject({ taken: 8, best: { score: 9 }, latest: { score: 4 } });
    expect(summary.filter((e) => e.type === 'test-result').map((e) => e.id)).toEqual(['t2', 't4']);
  });
});

