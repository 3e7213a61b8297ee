import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { KEYS, LESSON_ID, cleanupUi, eventsOf, fixtureCourse, renderUi, startAt , openAt } from './helpers.js';

afterEach(cleanupUi);

/** The fixture course with a long first page and a long cheat sheet (in memory; the fixture file stays as it is). */
function longCourse() {
  const course = fixtureCourse();
  const lesson = course.lessons[0]!;
  lesson.pages[0] = { title: 'Page one', body: Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} about certificates.`).join('\n\n') };
  lesson.cheatSheet = Array.from({ length: 6 }, (_, s) => ({ heading: `Section ${s + 1}`, lines: Array.from({ length: 5 }, (_, i) => `Rule ${s + 1}.${i + 1}`) }));
  return course;
}

describe('learn', () => {
  it('pages with ←/→ and n/p, shows "page N of M", and saves reading time on leaving', async () => {
    const { ui, store } = openAt({ name: 'learn', lessonId: LESSON_ID });
    expect(ui.frame()).toContain('page 1 of 2');
    expect(ui.frame()).toContain('Mutual TLS means both sides present certificates.');
    expect(ui.frame()).toContain('- a point');
    await ui.press('\u001B[C'); // →
    expect(ui.frame()).toContain('page 2 of 2');
    expect(ui.frame()).toContain('The second page.');
    expect(ui.frame()).toContain('Last page');
    await ui.press('p');
    expect(ui.frame()).toContain('page 1 of 2');
    await ui.press('n');
    expect(ui.frame()).toContain('page 2 of 2');
    await new Promise((r) => setTimeout(r, 5));
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('Test this lesson');
    const time = eventsOf(store, 'study-time');
    expect(time.length).toBeGreaterThan(0);
    expect(time.every((e) => e.mode === 'learn' && e.lessonId === LESSON_ID)).toBe(true);
  });

  it('scrolls a long page with PgDn and starts the next page at its top', async () => {
    const ui = renderUi(<App course={longCourse()} initialNavState={startAt({ name: 'learn', lessonId: LESSON_ID })} />);
    expect(ui.frame()).toContain('Paragraph 1 about');
    expect(ui.frame()).toMatch(/lines 1–\d+ of 79/);
    await ui.press(KEYS.pageDown, KEYS.pageDown);
    expect(ui.frame()).not.toContain('Paragraph 1 about');
    expect(ui.frame()).toMatch(/↑ lines \d+–\d+ of 79/);
    await ui.press('n', 'p');
    expect(ui.frame()).toContain('Paragraph 1 about');
  });
});

describe('cheat sheet', () => {
  it('shows headings and lines, and scrolls', async () => {
    const ui = renderUi(<App course={longCourse()} initialNavState={startAt({ name: 'cheatsheet', lessonId: LESSON_ID })} />);
    expect(ui.frame()).toContain('── Section 1 ─');
    expect(ui.frame()).toContain('• Rule 1.1');
    expect(ui.frame()).not.toContain('Rule 6.5');
    await ui.press('G');
    expect(ui.frame()).toContain('• Rule 6.5');
    expect(ui.frame()).not.toContain('Rule 1.1');
    await ui.press('g');
    expect(ui.frame()).toContain('Rule 1.1');
  });

  it('fits a short sheet without a scroll line', () => {
    const { ui } = openAt({ name: 'cheatsheet', lessonId: LESSON_ID });
    expect(ui.frame()).toContain('── Rules ─');
    expect(ui.frame()).toContain('• Both sides present certificates.');
    expect(ui.frame()).not.toContain('lines 1–');
  });
});
