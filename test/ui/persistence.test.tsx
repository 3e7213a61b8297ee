import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProgressStore } from '../../src/progress/store.js';
import { App } from '../../src/ui/app.js';
import { lazyStore } from '../../src/ui/progress.js';
import { KEYS, LESSON_ID, cleanupUi, fixtureCourse, renderUi, rightKey, startAt, wrongKey } from './helpers.js';

let home: string;
const previousHome = process.env.MTLS_TUTOR_HOME;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'mtls-tutor-ui-'));
  process.env.MTLS_TUTOR_HOME = home;
});
afterEach(() => {
  cleanupUi();
  if (previousHome === undefined) delete process.env.MTLS_TUTOR_HOME;
  else process.env.MTLS_TUTOR_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

/** A fresh app on a fresh store over MTLS_TUTOR_HOME: what reopening the tutor does. */
function reopen(route = startAt({ name: 'home' })) {
  const store = openProgressStore();
  return { store, ui: renderUi(<App course={fixtureCourse()} store={store} notices={store.notices.map((n) => n.message)} initialNavState={route} />) };
}

describe('progress lasts', () => {
  it('keeps grades and answers across app instances: reopening resumes', async () => {
    const first = reopen(startAt({ name: 'recall', lessonId: LESSON_ID }));
    await first.ui.press(KEYS.space, '4'); // fix-card-0: Easy, not due for days
    await first.ui.press(KEYS.escape, 'j', 'j', KEYS.enter, KEYS.enter); // Practice > Easy
    await first.ui.press(wrongKey(first.ui.frame()));
    first.ui.unmount();

    const second = reopen(startAt({ name: 'recall', lessonId: LESSON_ID }));
    expect(second.ui.frame()).toContain('Front 1?'); // card 0 was learnt; it is not shown first again
    await second.ui.press(KEYS.escape, KEYS.escape, 'j', 'j', KEYS.enter); // home > Mistakes
    expect(second.ui.frame()).toContain('Mistakes');
    expect(second.ui.frame()).toMatch(/Fixture question [0-2]\?/);
    await second.ui.press(rightKey(second.ui.frame()), KEYS.enter);
    expect(second.ui.frame()).toContain('Mistakes cleared');
    second.ui.unmount();

    const third = reopen(startAt({ name: 'progress' }));
    expect(third.ui.frame()).toContain('questions 1/10 right');
    expect(third.store.events().filter((e) => e.type === 'answer')).toHaveLength(2);
  });

  it('saves the study time when the learner quits with q, and a test in progress keeps its answers', async () => {
    const first = reopen(startAt({ name: 'test', lessonId: LESSON_ID }));
    await first.ui.press(rightKey(first.ui.frame()), rightKey(first.ui.frame()));
    await new Promise((r) => setTimeout(r, 5));
    await first.ui.press('q');
    const store = openProgressStore();
    expect(store.events().filter((e) => e.type === 'answer' && e.mode === 'test')).toHaveLength(2);
    const time = store.events().filter((e) => e.type === 'study-time');
    expect(time.length).toBeGreaterThan(0);
    expect(time.every((e) => e.type === 'study-time' && e.mode === 'test')).toBe(true);
  });

  // Ink's Ctrl+C handling unmounts the app (ink-testing-library turns that off, so unmount directly).
  it('loses nothing when the app is torn down in the middle of reading, as Ctrl+C does', async () => {
    const first = reopen(startAt({ name: 'learn', lessonId: LESSON_ID }));
    await new Promise((r) => setTimeout(r, 5));
    first.ui.unmount();
    const time = openProgressStore()
      .events()
      .filter((e) => e.type === 'study-time');
    expect(time).toMatchObject([{ mode: 'learn', lessonId: LESSON_ID }]);
  });

  it('two instances open at once keep each other’s answers', async () => {
    const a = reopen(startAt({ name: 'recall', lessonId: LESSON_ID }));
    const b = reopen(startAt({ name: 'explain', lessonId: LESSON_ID }));
    await a.ui.press(KEYS.space, '3');
    await b.ui.type('Both sides show a certificate.');
    await b.ui.press(KEYS.enter);
    expect(b.ui.frame()).toContain('You covered 2 of 2 concepts.');
    await b.ui.press(KEYS.enter); // the attempt is saved as the learner moves on from the self-check
    await a.ui.press(KEYS.space, '3');
    const types = openProgressStore()
      .events()
      .map((e) => e.type)
      .filter((t) => t !== 'study-time');
    expect(types.sort()).toEqual(['card-review', 'card-review', 'explain-attempt']);
  });

  it('tells the learner when a corrupt progress file was backed up, then starts fresh', async () => {
    const { writeFileSync, readdirSync } = await import('node:fs');
    writeFileSync(join(home, 'progress.json'), '{ not json');
    const { ui } = reopen();
    expect(ui.frame()).toMatch(/unreadable|damaged/);
    expect(ui.frame()).toContain('saved as');
    expect(readdirSync(home).some((f) => f.includes('corrupt'))).toBe(true);
    await ui.press(KEYS.space);
    expect(ui.frame()).toContain('Review due cards (0 due)');
  });
});

describe('the store opened after the first frame', () => {
  it('shows home at once, then the store’s notice, and writes what was recorded before it opened', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, 'progress.json'), '{ not json');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const store = lazyStore(async () => {
      await gate;
      return openProgressStore();
    });
    const ui = renderUi(<App course={fixtureCourse()} store={store} initialNavState={startAt({ name: 'recall', lessonId: LESSON_ID })} />);
    expect(ui.frame()).toContain('Front 0?');
    await ui.press(KEYS.space, '4'); // graded before the store is open
    await act(async () => {
      open();
      await store.ready;
    });
    expect(ui.frame()).toContain('saved as');
    await ui.press(KEYS.space);
    expect(ui.frame()).toContain('Front 1?');
    expect(openProgressStore().events().filter((e) => e.type === 'card-review')).toMatchObject([{ cardId: 'fix-card-0', rating: 'easy' }]);
  });

  it('keeps working in memory, and says so, when the store cannot be loaded', async () => {
    const store = lazyStore(async () => {
      throw new Error('disk on fire');
    });
    const ui = renderUi(<App course={fixtureCourse()} store={store} />);
    await act(async () => {
      await store.ready;
    });
    expect(ui.frame()).toContain('Your progress could not be opened (disk on fire)');
    await ui.press(KEYS.space);
    expect(ui.frame()).toContain('1. Fixture lesson');
  });
});
