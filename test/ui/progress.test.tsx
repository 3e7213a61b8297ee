import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { memoryStore } from '../../src/ui/progress.js';
import { KEYS, LESSON_ID, cleanupUi, fixtureCourse, pastEvent, renderUi, startAt , openAt } from './helpers.js';

afterEach(cleanupUi);

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe('progress screen', () => {
  it('shows mastery, cards known and due, questions right, best test, streak and time studied', async () => {
    const store = memoryStore([
      pastEvent({ type: 'answer', at: hoursAgo(1), lessonId: LESSON_ID, questionId: 'fix-q-0', choice: 0, correct: true, hintUsed: false, mode: 'practice' }),
      pastEvent({ type: 'answer', at: hoursAgo(1), lessonId: LESSON_ID, questionId: 'fix-q-1', choice: 1, correct: false, hintUsed: false, mode: 'practice' }),
      pastEvent({
        type: 'test-result',
        at: hoursAgo(1),
        lessonId: LESSON_ID,
        score: 5,
        total: 10,
        breakdown: { easy: { right: 3, total: 3 }, medium: { right: 2, total: 4 }, hard: { right: 0, total: 3 } },
        verdict: 'developing',
        questionIds: [],
      }),
      pastEvent({ type: 'card-review', at: hoursAgo(72), lessonId: LESSON_ID, cardId: 'fix-card-0', rating: 'good' }),
      pastEvent({ type: 'study-time', at: hoursAgo(1), ms: 65 * 60_000, lessonId: LESSON_ID, mode: 'practice' }),
    ]);
    const ui = renderUi(<App course={fixtureCourse()} store={store} initialNavState={startAt({ name: 'progress' })} />);
    const f = ui.frame();
    expect(f).toContain('Cards due now: 1');
    expect(f).toMatch(/Streak: [12] days?/); // 1, or 2 when an hour ago was yesterday
    expect(f).toContain('Time studied: 1h 05m');
    expect(f).toContain('1. Fixture lesson');
    // 0 of 5 cards known, 1 of 10 right, best test 5/10: 0.4*0 + 0.3*0.1 + 0.3*0.5 = 18%
    expect(f).toMatch(/▰+▱+\s+18% mastery/);
    expect(f).toContain('cards 0/5 known, 1 due');
    expect(f).toContain('questions 1/10 right');
    expect(f).toContain('best test 5/10 developing');
    expect(f).toContain('Mastery = 40% cards known');
    expect(f).toMatch(/A card is known once you recall it \(Hard, Good or Easy\) a day or more\s+after you last saw it/);
    await ui.press(KEYS.escape);
    expect(ui.frame()).toMatch(/1\. Fixture lesson\s+5 min\s+▰▱▱▱▱\s+18%\s+1 due/);
  });

  it('starts empty', () => {
    const { ui } = openAt({ name: 'progress' });
    expect(ui.frame()).toContain('Cards due now: 0 · Streak: 0 days · Time studied: 0m');
    expect(ui.frame()).toContain('no test yet');
  });
});
