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
  });

  it('puts due cards first and says "N due" on the home screen and the lesson menu', async () => {
    const store = memoryStore([pastEvent({ type: 'card-review', at: daysAgo(3), lessonId: LESSON_ID, cardId: 'fix-card-3', rating: 'good' })]);
    const ui = renderUi(<App course={fixtureCourse()} store={store} />);
    expect(ui.frame()).toContain('Review due cards (1 due)');
    expect(ui.frame()).toMatch(/Fixture lesson.*1 due/);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toMatch(/Recall\s+5 cards · 1 due/);
    await ui.press('j', KEYS.enter);
    expect(ui.frame()).toContain('Front 3?');
    expect(ui.frame()).toContain('Due card');
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
});
