import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { memoryStore } from '../../src/ui/progress.js';
import { KEYS, LESSON_ID, cleanupUi, eventsOf, fixtureCourse, pastEvent, renderUi, startAt , openAt } from './helpers.js';

afterEach(cleanupUi);

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('recall', () => {
  it('shows the front, reveals the back with an interval per grade, and a grade is saved and moves on', async () => {
    const { ui, store } = openAt({ name: 'recall', lessonId: LESSON_ID });
    expect(ui.frame()).toContain('Front 0?');
    expect(ui.frame()).toContain('New card');
    expect(ui.frame()).not.toContain('Back 0.');
    await ui.press(KEYS.space);
    expect(ui.frame()).toContain('Back 0.');
    expect(ui.frame()).toMatch(/1 Again \(\d+m\)/);
    expect(ui.frame()).toMatch(/4 Easy \(\d+d\)/);
    await ui.press('4');
    expect(eventsOf(store, 'card-review')).toMatchObject([{ cardId: 'fix-card-0', rating: 'easy', lessonId: LESSON_ID }]);
    expect(ui.frame()).toContain('Front 1?');
    expect(ui.frame()).toContain('1 graded');
    expect(ui.frame()).toContain('Last card: Easy → next in 8d.');
  });

  it('counts new, learning and due cards so they add up, and says when a graded card comes back', async () => {
    const { ui } = openAt({ name: 'recall', lessonId: LESSON_ID });
    expect(ui.frame()).toContain('new 5 · learning 0 · due 0');
    await ui.press(KEYS.space);
    expect(ui.frame()).toMatch(/3 Good \(10m\)/);
    await ui.press('3');
    expect(ui.frame()).toContain('new 4 · learning 1 · due 0'); // the card stays in the session, learning
    expect(ui.frame()).toContain('Last card: Good → back in 10m: still learning.');
    expect(ui.frame()).toContain('Front 1?'); // not the card just graded: it is due in 10 minutes
  });

  it('waits for cards still learning instead of showing them before they are due, and can go on early', async () => {
    const { ui } = openAt({ name: 'recall', lessonId: LESSON_ID });
    for (let i = 0; i < 5; i++) await ui.press(KEYS.space, '3');
    const f = ui.frame();
    expect(f).toContain('new 0 · learning 5 · due 0');
    expect(f).toMatch(/5 cards are still\s+learning; the next is due at \d\d:\d\d/);
    expect(f).not.toContain('Front 0?');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Front 0?');
    expect(ui.frame()).toMatch(/Early \(due \d\d:\d\d\) · beginner/);
  });

  it('shows a waiting learning card the moment it comes due', async () => {
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const store = memoryStore([
      // fix-card-0 graded Good 10 minutes ago less a second: due in a second. The others in five minutes.
      pastEvent({ type: 'card-review', at: ago(10 * 60_000 - 1000), lessonId: LESSON_ID, cardId: 'fix-card-0', rating: 'good' }),
      ...[1, 2, 3, 4].map((n) => pastEvent({ type: 'card-review', at: ago(5 * 60_000), lessonId: LESSON_ID, cardId: `fix-card-${n}`, rating: 'good' })),
    ]);
    const { ui } = openAt({ name: 'recall', lessonId: LESSON_ID }, { store });
    expect(ui.frame()).toContain('No card is due yet. 5 cards are still learning');
    const deadline = Date.now() + 15_000;
    while (!ui.frame().includes('Front 0?') && Date.now() < deadline) await act(() => new Promise((r) => setTimeout(r, 100))); // let the timer fire
    expect(ui.frame()).toContain('Front 0?');
    expect(ui.frame()).toContain('Learning card · beginner');
  });

  it('undoes the last grade with u: the card is back to grade, the counts too, and the log cancels the grade', async () => {
    const { ui, store } = openAt({ name: 'recall', lessonId: LESSON_ID });
    expect(ui.frame()).not.toMatch(/\bu undo/); // nothing to undo yet
    await ui.press(KEYS.space, '1');
    expect(ui.frame()).toContain('u undo');
    expect(ui.frame()).toContain('new 4 · learning 1 · due 0');
    await ui.press('u');
    expect(ui.frame()).toContain('Front 0?');
    expect(ui.frame()).toContain('Back 0.'); // revealed, ready for the grade meant
    expect(ui.frame()).toContain('Undone: your Again. Grade this card again.');
    expect(ui.frame()).toContain('new 5 · learning 0 · due 0');
    expect(ui.frame()).toContain('0 graded');
    const [review] = eventsOf(store, 'card-review');
    expect(eventsOf(store, 'card-review-undo')).toMatchObject([{ cardId: 'fix-card-0', reviewAt: review!.at }]);
    await ui.press('4');
    expect(ui.frame()).toContain('new 4 · learning 0 · due 0');
  });

  it('puts due cards first and says "N due" on the home screen and the lesson menu', async () => {
    const store = memoryStore([pastEvent({ type: 'card-review', at: daysAgo(10), lessonId: LESSON_ID, cardId: 'fix-card-3', rating: 'easy' })]);
    const ui = renderUi(<App course={fixtureCourse()} store={store} />);
    expect(ui.frame()).toContain('Review due cards (1 due)');
    expect(ui.frame()).toMatch(/Fixture lesson.*1 due/);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toMatch(/Recall\s+5 cards · 1 due/);
    await ui.press('j', KEYS.enter);
    expect(ui.frame()).toContain('Front 3?');
    expect(ui.frame()).toContain('Due card');
    expect(ui.frame()).toContain('new 4 · learning 0 · due 1');
  });

  it('reviews due cards across lessons and ends with when the next one is due', async () => {
    const store = memoryStore([pastEvent({ type: 'card-review', at: daysAgo(3), lessonId: LESSON_ID, cardId: 'fix-card-2', rating: 'good' })]);
    const ui = renderUi(<App course={fixtureCourse()} store={store} initialNavState={startAt({ name: 'recall' })} />);
    expect(ui.frame()).toContain('Review due cards');
    expect(ui.frame()).toContain('Front 2?');
    await ui.press(KEYS.enter, '4');
    expect(ui.frame()).toMatch(/All caught up; next card due in \d+(d|mo)/);
    expect(ui.frame()).toContain('1 grade given');
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('Review due cards (0 due)');
  });

  it('says how to start when no card has ever been studied', () => {
    const { ui } = openAt({ name: 'recall' });
    expect(ui.frame()).toContain('No cards to review yet');
  });

  it('keeps its place under help', async () => {
    const { ui } = openAt({ name: 'recall', lessonId: LESSON_ID });
    await ui.press(KEYS.space, '?');
    expect(ui.frame()).toContain('Keys');
    await ui.press('3'); // closes help; must not grade
    expect(ui.frame()).toContain('Back 0.');
    expect(ui.frame()).toContain('0 graded');
  });

  it('lists u undo in the key help', async () => {
    const { ui } = openAt({ name: 'recall', lessonId: LESSON_ID });
    await ui.press('?');
    expect(ui.frame()).toContain('1-4 grade, u undo');
  });
});
