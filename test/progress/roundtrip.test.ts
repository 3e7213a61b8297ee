import { describe, expect, it } from 'vitest';
import { mistakes } from '../../src/learning/mistakes.js';
import { lessonProgress } from '../../src/learning/mastery.js';
import { initPractice, practiceReducer, type PracticeState } from '../../src/learning/practice.js';
import { initRecall, recallCounts, recallReducer, type RecallState } from '../../src/learning/recall.js';
import { seededRng } from '../../src/learning/rng.js';
import { courseCards } from '../../src/learning/scheduling.js';
import { step } from '../../src/learning/session.js';
import { openProgressStore } from '../../src/progress/store.js';
import { makeLesson, minutesAfter, T0 } from '../learning/fixtures.js';
import { tempHome } from './helpers.js';

const lesson = makeLesson('rt');

describe('sessions through the store', () => {
  it('a learner quits mid-session; reopening resumes with everything they did', () => {
    const home = tempHome();
    const store = openProgressStore({ home });
    const record = (e: Parameters<typeof store.record>[0]) => store.record(e);

    // Practice: one wrong answer, then the learner quits (no 'leave' action: as if Ctrl+C).
    let practice: PracticeState = initPractice({ mode: 'practice', items: lesson.questions.map((question) => ({ lessonId: 'rt', question })), lessonId: 'rt', rng: seededRng(1), now: T0 });
    practice = step(practiceReducer, practice, { type: 'pick', difficulty: 'easy', now: T0 }, record);
    const asked = practice.current!.question.id;
    practice = step(practiceReducer, practice, { type: 'answer', position: practice.order.findIndex((c) => c !== 0), now: minutesAfter(T0, 1) }, record);

    // Recall: grade two cards Easy.
    let recall: RecallState = initRecall({ cards: courseCards([lesson]), events: store.events(), mode: 'recall', lessonId: 'rt', now: minutesAfter(T0, 1) });
    for (let i = 0; i < 2; i++) {
      recall = step(recallReducer, recall, { type: 'reveal', now: minutesAfter(T0, 2 + 2 * i) }, record);
      recall = step(recallReducer, recall, { type: 'grade', rating: 'easy', now: minutesAfter(T0, 3 + 2 * i) }, record);
    }

    // A second instance, started afterwards, sees it all: the mistake, the graded cards, the study time.
    const reopened = openProgressStore({ home }).events();
    expect(mistakes([lesson], reopened).map((m) => m.question.id)).toEqual([asked]);
    expect(lessonProgress(lesson, reopened, minutesAfter(T0, 6)).cards).toMatchObject({ known: 0, new: 3 }); // known only once recalled a day later
    expect(reopened.filter((e) => e.type === 'study-time').reduce((sum, e) => sum + (e.type === 'study-time' ? e.ms : 0), 0)).toBe(5 * 60_000); // 1 practising + 4 recalling
    const resumed = initRecall({ cards: courseCards([lesson]), events: reopened, mode: 'recall', lessonId: 'rt', now: minutesAfter(T0, 6) });
    expect(resumed.current?.card.id).toBe('rt-card-2'); // the two graded cards are not due: it carries on with the rest
    expect(recallCounts(resumed)).toEqual({ new: 3, learning: 0, due: 0 });
  });
});
