import { afterEach, describe, expect, it } from 'vitest';

import { App } from '../../src/ui/app.js';
import { KEYS, cleanupUi, fixtureCourse, renderUi } from './helpers.js';

afterEach(cleanupUi);

describe('home screen', () => {
  it('lists every lesson with its minutes and the summary of the highlighted one', () => {
    const { frame } = renderUi(<App course={fixtureCourse()} />);
    expect(frame()).toContain('mtls-tutor');
    expect(frame()).toContain('1. Fixture lesson');
    expect(frame()).toContain('5 min');
    expect(frame()).toContain('A small valid lesson used by tests.');
    expect(frame()).toContain('Review due cards');
    expect(frame()).toMatch(/Enter open.*Esc back.*\? help.*q quit/);
  });

  it('opens a lesson with Enter and shows its modes; Esc goes back home', async () => {
    const ui = renderUi(<App course={fixtureCourse()} />);
    await ui.press(KEYS.enter);
    for (const mode of ['Learn', 'Recall', 'Practice', 'Explain it', 'Test this lesson', 'Cheat sheet', 'Labs']) expect(ui.frame()).toContain(mode);
    expect(ui.frame()).toContain('2 pages');
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('1. Fixture lesson');
  });

  it('moves with j/k as well as arrows', async () => {
    const ui = renderUi(<App course={fixtureCourse()} />);
    await ui.press('j');
    expect(ui.frame()).toContain('Recall cards from every lesson that are due today');
    await ui.press('k');
    expect(ui.frame()).toContain('A small valid lesson used by tests.');
  });

  it('shows the keys on ? and closes help on any key', async () => {
    const ui = renderUi(<App course={fixtureCourse()} />);
    await ui.press('?');
    expect(ui.frame()).toContain('Keys');
    expect(ui.frame()).toContain('quit (your progress is already saved)');
    await ui.press('x');
    expect(ui.frame()).toContain('1. Fixture lesson');
  });

  it('shows start-up notices before the home screen', async () => {
    const ui = renderUi(<App course={fixtureCourse()} notices={['Your progress file was unreadable; it was saved as X.']} />);
    expect(ui.frame()).toContain('Your progress file was unreadable');
    await ui.press(' ');
    expect(ui.frame()).toContain('1. Fixture lesson');
  });
});

describe('menus', () => {
  it('come back on the item the learner left from', async () => {
    const ui = renderUi(<App course={fixtureCourse()} />);
    await ui.press(KEYS.enter, 'j', 'j', KEYS.enter); // lesson > Practice
    expect(ui.frame()).toContain('choose a difficulty');
    await ui.press(KEYS.escape);
    expect(ui.frame()).toMatch(/› Practice/);
    await ui.press(KEYS.escape);
    expect(ui.frame()).toMatch(/› 1\. Fixture lesson/);
  });
});
