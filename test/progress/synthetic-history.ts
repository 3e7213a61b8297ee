import { newEventId, RATINGS, type ProgressEvent, type ProgressEventInput } from '../../src/learning/events.js';
import { seededRng, type Rng } from '../../src/learning/rng.js';

/** What the generator needs of a course (a real Course fits). */
export interface HistoryCourse {
  lessons: ReadonlyArray<{
    id: string;
    cards: ReadonlyArray<{ id: string }>;
    questions: ReadonlyArray<{ id: string; difficulty: string }>;
    explain: ReadonlyArray<{ id: string }>;
    labs: readonly string[];
  }>;
}

export interface HistoryOptions {
  seed?: number;
  /** The last day of the history (its events end before this time). */
  end?: Date;
  /** Days the events are spread over (every day studied, in one sitting each). */
  days?: number;
}

const DAY_MS = 86_400_000;

/**
 * A learner's progress log as the tutor writes it, `count` events long, in time order: each action (a card
 * graded, a question answered, a test taken or left part-way, an explain attempt, a lab run) followed by the
 * study-time event the screen records with it. Seeded, so the same arguments give the same log.
 */
export function* syntheticHistory(course: HistoryCourse, count: number, options: HistoryOptions = {}): Generator<ProgressEvent> {
  const rng = seededRng(options.seed ?? 1);
  const days = Math.max(1, options.days ?? Math.ceil(count / 900));
  const end = (options.end ?? new Date('2026-11-20T00:00:00Z')).getTime();
  const perDay = count / days;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
  const lessons = course.lessons.filter((l) => l.questions.length > 0);
  let emitted = 0;
  let clock = 0;
  const make = (input: ProgressEventInput): ProgressEvent => ({ ...input, id: newEventId(new Date(clock), rng) }) as ProgressEvent;
  for (let day = 0; day < days && emitted < count; day++) {
    // Each day starts at a random time (so days cross midnight in some time zones), then actions seconds apart.
    clock = end - (days - day) * DAY_MS + Math.floor(rng() * 20 * 3_600_000);
    const target = Math.round(perDay * (day + 1));
    while (emitted < target && emitted < count) {
      for (const input of action(lessons, rng, pick, () => new Date((clock += 2_000 + Math.floor(rng() * 8_000))).toISOString())) {
        if (emitted >= count) break;
        emitted++;
        yield make(input);
      }
    }
  }
}

function action(lessons: HistoryCourse['lessons'], rng: Rng, pick: <T>(list: readonly T[]) => T, tick: () => string): ProgressEventInput[] {
  const lesson = pick(lessons);
  const studied = (mode: 'recall' | 'practice' | 'test' | 'explain' | 'lab', at: string): ProgressEventInput => ({
    type: 'study-time',
    at,
    ms: 2_000 + Math.floor(rng() * 30_000),
    mode,
    ...(mode === 'lab' ? {} : { lessonId: lesson.id }),
  });
  const roll = rng();
  if (roll < 0.4 && lesson.cards.length > 0) {
    const at = tick();
    const rating = rng() < 0.1 ? 'again' : rng() < 0.2 ? 'hard' : rng() < 0.85 ? 'good' : 'easy';
    return [{ type: 'card-review', at, lessonId: lesson.id, cardId: pick(lesson.cards).id, rating: RATINGS.includes(rating) ? rating : 'good' }, studied('recall', at)];
  }
  if (roll < 0.8) {
    const at = tick();
    const correct = rng() < 0.7;
    const mode = rng() < 0.85 ? 'practice' : 'mistakes';
    return [
      { type: 'answer', at, lessonId: lesson.id, questionId: pick(lesson.questions).id, choice: correct ? 0 : 1 + Math.floor(rng() * 2), correct, hintUsed: rng() < 0.2, mode },
      studied('practice', at),
    ];
  }
  if (roll < 0.92) {
    // A test: its start with the first answer, then answers; one in five is left part-way.
    const questionIds = Array.from({ length: Math.min(10, lesson.questions.length) }, () => pick(lesson.questions).id).filter((id, i, all) => all.indexOf(id) === i);
    const leaveAfter = rng() < 0.2 ? 1 + Math.floor(rng() * (questionIds.length - 1)) : questionIds.length;
    const out: ProgressEventInput[] = [];
    let score = 0;
    for (let i = 0; i < leaveAfter; i++) {
      const at = tick();
      const correct = rng() < 0.65;
      if (correct) score++;
      if (i === 0) out.push({ type: 'test-start', at, lessonId: lesson.id, questionIds });
      out.push({ type: 'answer', at, lessonId: lesson.id, questionId: questionIds[i]!, choice: correct ? 0 : 1, correct, hintUsed: false, mode: 'test' });
      if (i === questionIds.length - 1) {
        const tally = { right: Math.min(score, 3), total: 3 };
        out.push({
          type: 'test-result',
          at,
          lessonId: lesson.id,
          score,
          total: questionIds.length,
          breakdown: { easy: tally, medium: { right: 0, total: 4 }, hard: { right: 0, total: 3 } },
          verdict: score >= 8 ? 'strong' : score >= 5 ? 'developing' : 'weak',
          questionIds,
        });
      }
      out.push(studied('test', at));
    }
    return out;
  }
  if (roll < 0.96 && lesson.explain.length > 0) {
    const at = tick();
    return [{ type: 'explain-attempt', at, lessonId: lesson.id, promptId: pick(lesson.explain).id, covered: rng() < 0.5 ? ['a concept'] : [], total: 3 }, studied('explain', at)];
  }
  const labs = lessons.flatMap((l) => l.labs);
  const at = tick();
  const outcome = rng() < 0.5 ? 'accepted' : 'rejected';
  return [{ type: 'lab-prediction', at, labId: labs.length > 0 ? pick(labs) : 'lab-1', predicted: rng() < 0.7 ? outcome : 'timeout', actual: outcome }, studied('lab', at)];
}
