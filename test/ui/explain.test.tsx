import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, LESSON_ID, cleanupUi, eventsOf, openAt } from './helpers.js';

afterEach(cleanupUi);

describe('explain', () => {
  it('takes typed text (q and ? are letters here), scores it by concept and shows the model answer', async () => {
    const { ui, store } = openAt({ name: 'explain', lessonId: LESSON_ID });
    expect(ui.frame()).toContain('Explain mTLS.');
    expect(ui.frame()).toContain('prompt 1 of 2');
    await ui.press('\t');
    expect(ui.frame()).toContain('Hint: Both sides.');
    await ui.type('Quite: both sides show a Certificate?');
    expect(ui.frame()).toContain('Quite: both sides show a Certificate?');
    await ui.press(KEYS.backspace);
    expect(ui.frame()).toContain('show a Certificate ');
    await ui.press(KEYS.enter);
    const f = ui.frame();
    expect(f).toContain('You covered 2 of 2 concepts.');
    expect(f).toContain('✓ covered: both sides authenticate');
    expect(f).toContain('✓ covered: certificates');
    expect(f).toContain('Model answer:');
    expect(f).toContain('Both sides present certificates.');
    expect(eventsOf(store, 'explain-attempt')).toMatchObject([{ promptId: 'fix-explain-0', covered: ['both sides authenticate', 'certificates'], total: 2 }]);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('prompt 2 of 2');
  });

  it('names the missed concepts, refuses an empty answer, and lets the learner improve an answer', async () => {
    const { ui } = openAt({ name: 'explain', lessonId: LESSON_ID });
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Type your explanation first');
    await ui.type('it is mutual');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 1 of 2 concepts.');
    expect(ui.frame()).toContain('✗ missed: certificates');
    await ui.press('r');
    await ui.type(' with a certificate');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 2 of 2 concepts.');
  });

  it('leaves with Esc while typing; q quits again once out of the text box', async () => {
    const { ui } = openAt({ name: 'explain', lessonId: LESSON_ID });
    await ui.type('q');
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('Test this lesson');
    await ui.press('?');
    expect(ui.frame()).toContain('Keys');
  });
});
