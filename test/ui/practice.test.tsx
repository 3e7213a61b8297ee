import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { memoryStore } from '../../src/ui/progress.js';
import { KEYS, LESSON_ID, cleanupUi, eventsOf, fixtureCourse, pastEvent, renderUi, rightKey, startAt, wrongKey , openAt } from './helpers.js';

afterEach(cleanupUi);

describe('practice', () => {
  it('picks a difficulty, records the hint, and after a wrong answer shows why it is wrong and the solution', async () => {
    const { ui, store } = openAt({ name: 'practice', lessonId: LESSON_ID });
    expect(ui.frame()).toContain('Medium');
    expect(ui.frame()).toContain('4 questions');
    await ui.press('j', KEYS.enter); // Medium
    expect(ui.frame()).toMatch(/medium · topic/);
    expect(ui.frame()).not.toContain('Hint: Think.');
    await ui.press('h');
    expect(ui.frame()).toContain('Hint: Think.');
    await ui.press(wrongKey(ui.frame()));
    const f = ui.frame();
    const [wrong, right] = [wrongKey(f).toUpperCase(), rightKey(f).toUpperCase()];
    expect(f).toContain(`✗ Incorrect: you chose ${wrong}; the right answer is ${right}.`);
    expect(f).toMatch(new RegExp(`✗ ${wrong}\\. Wrong answer [3-6] \\(your answer\\)\\n\\s+Why not: Because it is the wrong one\\.`));
    expect(f).toMatch(new RegExp(`✓ ${right}\\. Right answer \\(the right answer\\)\\n\\s+Why it is right: see the solution below\\.`));
    expect(f).toContain('1. Reason about it.');
    expect(f).toContain('Quick check: Right is right.');
    expect(f).toContain('- Picking the wrong one.');
    const [answer] = eventsOf(store, 'answer');
    expect(answer).toMatchObject({ lessonId: LESSON_ID, correct: false, hintUsed: true, mode: 'practice', choice: 1 });
    expect(answer?.questionId).toMatch(/^fix-q-[3-6]$/);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('0 of 1 right · 3 to go');
    expect(ui.frame()).toContain('(h: hint)');
  });

  it('answers with arrows and Enter, says correct, and ends the round with a tally', async () => {
    const { ui, store } = openAt({ name: 'practice', lessonId: LESSON_ID });
    await ui.press(KEYS.enter); // Easy: 3 questions
    for (let i = 0; i < 3; i++) {
      const right = rightKey(ui.frame());
      const selected = /› ([A-F])\./.exec(ui.frame())?.[1]?.toLowerCase();
      if (selected !== right) await ui.press(KEYS.down);
      await ui.press(KEYS.enter);
      expect(ui.frame()).toMatch(/✓ Correct: [AB]\./);
      // Right or wrong, every choice says why: the distractor not chosen too.
      expect(ui.frame()).toMatch(/✓ [AB]\. Right answer \(your answer: right\)/);
      expect(ui.frame()).toMatch(/ {2}[AB]\. Wrong answer \d\n\s+Why not: Because it is the wrong one\./);
      await ui.press(KEYS.enter);
    }
    expect(ui.frame()).toContain('Round done: 3 of 3 answers right.');
    expect(eventsOf(store, 'answer').every((e) => e.correct && !e.hintUsed)).toBe(true);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('All difficulties');
  });
});

describe('mistakes', () => {
  it('re-asks a question answered wrong until it is answered right', async () => {
    const store = memoryStore([
      pastEvent({ type: 'answer', at: new Date(Date.now() - 60_000).toISOString(), lessonId: LESSON_ID, questionId: 'fix-q-7', choice: 1, correct: false, hintUsed: false, mode: 'test' }),
    ]);
    const ui = renderUi(<App course={fixtureCourse()} store={store} initialNavState={startAt({ name: 'practice' })} />);
    expect(ui.frame()).toContain('Mistakes');
    expect(ui.frame()).toContain('Fixture question 7?');
    await ui.press(wrongKey(ui.frame()));
    expect(ui.frame()).toContain('comes back at the end of the round');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Fixture question 7?');
    await ui.press(rightKey(ui.frame()));
    expect(ui.frame()).toContain('✓ Correct');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Mistakes cleared: 1 of 2 answers right.');
    expect(eventsOf(store, 'answer').slice(1).map((e) => [e.mode, e.correct])).toEqual([
      ['mistakes', false],
      ['mistakes', true],
    ]);
    await ui.press(KEYS.enter); // back home; Mistakes again: nothing left
    expect(ui.frame()).toContain('mtls-tutor');
    await ui.press('j', 'j', KEYS.enter);
    expect(ui.frame()).toContain('No mistakes to practise');
  });

  it('says there is nothing to practise when no answer is wrong', () => {
    const { ui } = openAt({ name: 'practice' });
    expect(ui.frame()).toContain('No mistakes to practise');
  });
});
