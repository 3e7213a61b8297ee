import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, LESSON_ID, cleanupUi, eventsOf, rightKey, wrongKey, openAt } from './helpers.js';

afterEach(cleanupUi);

describe('test this lesson', () => {
  it('asks 10 questions without feedback, then gives the score, breakdown, verdict with its rule, and next steps', async () => {
    const { ui, store } = openAt({ name: 'test', lessonId: LESSON_ID });
    const seen: string[] = [];
    for (let i = 1; i <= 10; i++) {
      expect(ui.frame()).toContain(`question ${i} of 10`);
      const difficulty = /(easy|medium|hard) · no feedback/.exec(ui.frame())?.[1];
      seen.push(difficulty ?? '?');
      // Every hard question wrong: 7 of 10, and the hard rule keeps it from "strong".
      await ui.press(difficulty === 'hard' ? wrongKey(ui.frame()) : rightKey(ui.frame()));
      if (i < 10) expect(ui.frame()).not.toMatch(/Correct|Incorrect|✓|✗/);
    }
    expect(seen.filter((d) => d === 'easy')).toHaveLength(3);
    expect(seen.filter((d) => d === 'medium')).toHaveLength(4);
    expect(seen.filter((d) => d === 'hard')).toHaveLength(3);
    const f = ui.frame();
    expect(f).toContain('Score: 7 of 10');
    expect(f).toMatch(/Easy\s+3 of 3/);
    expect(f).toMatch(/Medium\s+4 of 4/);
    expect(f).toMatch(/Hard\s+0 of 3/);
    expect(f).toContain('Verdict: DEVELOPING');
    expect(f).toContain('Rule: Strong: 8 or more of 10 right');
    expect(f).toMatch(/Topics missed: topic \d, topic \d/);
    expect(f).toContain('What to do next:');
    expect(f).toContain('Best: 7/10 developing');
    expect(eventsOf(store, 'answer')).toHaveLength(10);
    expect(eventsOf(store, 'test-result')).toMatchObject([{ score: 7, total: 10, verdict: 'developing' }]);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('best 7/10 developing, latest 7/10 developing');
  });
});
