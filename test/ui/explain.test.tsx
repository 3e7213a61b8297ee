import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/ui/progress.js';
import { KEYS, LESSON_ID, cleanupUi, eventsOf, openAt, pastEvent } from './helpers.js';

afterEach(cleanupUi);

const CTRL_R = '\u0012';
const open = (store = memoryStore()) => openAt({ name: 'explain', lessonId: LESSON_ID }, { store });

describe('explain', () => {
  it('takes typed text (q and ? are letters here), scores it by concept, quotes the learner and shows the model answer', async () => {
    const { ui, store } = open();
    expect(ui.frame()).toContain('Explain mTLS.');
    expect(ui.frame()).toContain('prompt 1 of 2');
    await ui.press('\t');
    expect(ui.frame()).toContain('Hint: Both sides.');
    await ui.type('Quite: both sides show a Certificate?');
    expect(ui.frame()).toContain('Quite: both sides show a Certificate?');
    await ui.press(KEYS.backspace);
    expect(ui.frame()).toContain('show a Certificate');
    await ui.press(KEYS.enter);
    const f = ui.frame();
    expect(f).toContain('You covered 2 of 2 concepts.');
    expect(f).toContain('✓ covered: both sides authenticate');
    expect(f).toContain('you wrote: "Quite: both sides show a Certificate"');
    expect(f).toContain('✓ covered: certificates');
    expect(f).toContain('Model answer:');
    expect(f).toContain('Both sides present certificates.');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('prompt 2 of 2');
    expect(eventsOf(store, 'explain-attempt')).toMatchObject([
      { promptId: 'fix-explain-0', covered: ['both sides authenticate', 'certificates'], total: 2, answer: 'Quite: both sides show a Certificate', selfMarked: [] },
    ]);
  });

  it('names a missed concept with what a good answer says, and lets the learner mark it "I did cover this"', async () => {
    const { ui, store } = open();
    await ui.type('Both sides show who they are.');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 1 of 2 concepts.');
    expect(ui.frame()).toContain('· missed [1]: certificates');
    expect(ui.frame()).toContain('a good answer says: Each side presents a certificate.');
    await ui.press('1');
    expect(ui.frame()).toContain('You covered 1 of 2 concepts. With the ones you marked: 2 of 2.');
    expect(ui.frame()).toContain('missed [1]: certificates — you marked: I did cover this');
    await ui.press(KEYS.enter);
    expect(eventsOf(store, 'explain-attempt')).toMatchObject([{ covered: ['both sides authenticate'], selfMarked: ['certificates'] }]);
  });

  it('shows a false claim back with the correction, and gives a list of terms nothing with the reason', async () => {
    const { ui } = open();
    await ui.type('Only the server shows its cert to the client.');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('✗ contradicted: both sides authenticate');
    expect(ui.frame()).toContain('you wrote: "Only the server shows its cert to the client."');
    expect(ui.frame()).toContain('in fact: In mTLS the client proves who it is too.');
    await ui.press('r');
    await ui.press('\u0015'); // Ctrl+U clears the line
    await ui.type('mutual certificate cert present');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 0 of 2 concepts.');
    expect(ui.frame()).toContain('This reads as a list of terms, not an explanation.');
  });

  it('refuses an empty answer and lets the learner improve an answer', async () => {
    const { ui } = open();
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Type your explanation first');
    await ui.type('It is mutual: both sides authenticate.');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 1 of 2 concepts.');
    await ui.press('r');
    await ui.type(' Each one shows a certificate.');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 2 of 2 concepts.');
  });

  it('keeps a multi-line paste whole', async () => {
    const { ui } = open();
    await ui.press('Both sides show who they are.\nEach side sends a certificate.');
    expect(ui.frame()).toContain('Each side sends a certificate.');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 2 of 2 concepts.');
  });

  it('reopens the last saved answer with Ctrl+R to revise it', async () => {
    const store = memoryStore([
      pastEvent({ type: 'explain-attempt', at: '2026-03-01T10:00:00.000Z', lessonId: LESSON_ID, promptId: 'fix-explain-0', covered: ['certificates'], total: 2, answer: 'Each side sends a cert.' }),
    ]);
    const { ui } = open(store);
    expect(ui.frame()).toMatch(/Your last answer \(1\/2, .*\): Ctrl\+R or ↑ reopens it to revise\./);
    await ui.press(CTRL_R);
    expect(ui.frame()).toContain('Each side sends a cert.');
    await ui.type(' Both sides show it.');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('You covered 2 of 2 concepts.');
  });

  it('leaves with Esc from an empty box; asks first when there is a draft; q quits again once out of the text box', async () => {
    const { ui } = open();
    await ui.type('q');
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('Discard your draft?');
    await ui.press('x'); // any other key: back to writing, the key not typed
    expect(ui.frame()).not.toContain('Discard your draft?');
    expect(ui.frame()).not.toContain('qx');
    await ui.press(KEYS.escape);
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('Test this lesson');
    await ui.press('?');
    expect(ui.frame()).toContain('Keys');
  });

  it('discards with y, and leaves at once from an empty box', async () => {
    const first = open();
    await first.ui.type('some draft');
    await first.ui.press(KEYS.escape, 'y');
    expect(first.ui.frame()).toContain('Test this lesson');
    const second = open();
    await second.ui.press(KEYS.escape);
    expect(second.ui.frame()).toContain('Test this lesson');
  });
});
