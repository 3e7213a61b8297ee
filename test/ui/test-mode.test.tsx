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

  it('can be reviewed question by question once finished: your choice, the right one, why; the missed ones go to Mistakes', async () => {
    const { ui, store } = openAt({ name: 'test', lessonId: LESSON_ID });
    const marksGiven: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const wrong = i === 2 || i === 5;
      marksGiven.push(`${i}${wrong ? '✗' : '✓'}`);
      await ui.press(wrong ? wrongKey(ui.frame()) : rightKey(ui.frame()));
    }
    expect(ui.frame()).toContain(`Your answers: ${marksGiven.join(' ')}`);
    expect(ui.frame()).toMatch(/The 2 questions you\s+missed are in Mistakes on the home screen/);
    expect(ui.frame()).toContain('r review answers');
    await ui.press('r'); // opens at the first one missed
    let f = ui.frame();
    expect(f).toContain('review 2 of 10');
    expect(f).toContain('✗ missed');
    const missed = eventsOf(store, 'answer')[1]!;
    expect(f).toContain(`Fixture question ${missed.questionId.slice('fix-q-'.length)}?`);
    expect(f).toMatch(/✗ [AB]\. Wrong answer \d \(your answer\)\n\s+Why not: Because it is the wrong one\./);
    expect(f).toMatch(/✓ [AB]\. Right answer \(the right answer\)/);
    expect(f).toContain('1. Reason about it.');
    await ui.press(KEYS.right);
    f = ui.frame();
    expect(f).toContain('review 3 of 10');
    expect(f).toContain('✓ right');
    expect(f).toMatch(/✓ [AB]\. Right answer \(your answer: right\)/);
    await ui.press('p', 'p', 'p'); // stops at the first
    expect(ui.frame()).toContain('review 1 of 10');
    await ui.press(KEYS.enter); // back to the result
    expect(ui.frame()).toContain('Score: 8 of 10');
    await ui.press(KEYS.enter, KEYS.escape);
    expect(ui.frame()).toContain('Mistakes (2 to practise)');
  });

  /** From the top of the lesson menu to Test this lesson, opened. */
  const TO_TEST = [KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter];

  /** Answers `count` questions right and goes back to the lesson menu. */
  async function leaveAfter(count: number) {
    const opened = openAt({ name: 'test', lessonId: LESSON_ID });
    for (let i = 0; i < count; i++) await opened.ui.press(rightKey(opened.ui.frame()));
    await opened.ui.press(KEYS.escape);
    return opened;
  }

  it('resumes a test left part-way: the lesson menu says so, and the answers given count in the score', async () => {
    const { ui, store } = await leaveAfter(4);
    expect(ui.frame()).toMatch(/Test this lesson\s+10 questions · left at 4 of 10, resume/);
    await ui.press(...TO_TEST);
    expect(ui.frame()).toContain('You started this test earlier today and answered 4 of 10 questions.');
    expect(ui.frame()).toContain('› Resume at question 5');
    await ui.press(KEYS.enter);
    for (let i = 5; i <= 10; i++) {
      expect(ui.frame()).toContain(`question ${i} of 10`);
      await ui.press(i === 10 ? wrongKey(ui.frame()) : rightKey(ui.frame()));
    }
    expect(ui.frame()).toContain('Score: 9 of 10');
    expect(eventsOf(store, 'test-start')).toHaveLength(1);
    expect(eventsOf(store, 'test-result')).toMatchObject([{ score: 9, total: 10, questionIds: eventsOf(store, 'test-start')[0]!.questionIds }]);
    await ui.press(KEYS.enter);
    expect(ui.frame()).not.toContain('resume');
  });

  it('starts a new test instead when the learner asks, and offers that one next time', async () => {
    const { ui, store } = await leaveAfter(2);
    await ui.press(...TO_TEST, KEYS.down, KEYS.enter);
    expect(ui.frame()).toContain('question 1 of 10');
    await ui.press(rightKey(ui.frame()), KEYS.escape);
    expect(ui.frame()).toContain('left at 1 of 10, resume');
    expect(eventsOf(store, 'test-start')).toHaveLength(2);
  });
});
