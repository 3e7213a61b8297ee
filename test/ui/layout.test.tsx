import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/app.js';
import type { Route } from '../../src/ui/navigation.js';
import { memoryStore } from '../../src/ui/progress.js';
import { KEYS, LESSON_ID, cleanupUi, fixtureCourse, renderUi, startAt } from './helpers.js';

afterEach(cleanupUi);

/** The fixture course with long text everywhere a lesson can have it, and a code block in every question. */
function longCourse() {
  const course = fixtureCourse();
  const lesson = course.lessons[0]!;
  const long = (what: string) => `${what} ${'with quite a lot of words that have to wrap '.repeat(6)}end.`;
  lesson.title = 'A lesson whose title is far too long to fit on one line of a small terminal';
  lesson.cards = lesson.cards.map((c) => ({ ...c, front: long(c.front), back: long(c.back) }));
  lesson.questions = lesson.questions.map((q) => ({
    ...q,
    prompt: long(q.prompt),
    code: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec:\n  mtls:\n    mode: STRICT\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n',
    choices: q.choices.map((c) => ({ ...c, text: long(c.text) })),
    solution: [long('step')],
  }));
  return course;
}

/** Renders at 100×24, then shrinks the terminal to 60×16 (the smallest supported) as a resize would. */
async function renderSmall(route: Route) {
  const ui = renderUi(<App course={longCourse()} store={memoryStore()} initialNavState={startAt(route)} />);
  const stdout = ui.stdout as unknown as { columns: number; rows?: number; emit(event: string): void };
  await act(async () => {
    Object.defineProperty(stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: 16, configurable: true });
    stdout.emit('resize');
    await new Promise((r) => setTimeout(r, 0));
  });
  return ui;
}

function expectFits(frame: string) {
  const lines = frame.split('\n');
  expect(lines.length, frame).toBeLessThanOrEqual(16);
  for (const line of lines) expect([...line].length, `${line}\n---\n${frame}`).toBeLessThanOrEqual(60);
  expect(lines.at(-1), frame).toMatch(/Esc back|any key/); // the footer is still there
}

describe('a 60×16 terminal', () => {
  it('fits home and the lesson menu', async () => {
    const ui = await renderSmall({ name: 'home' });
    expectFits(ui.frame());
    await ui.press(KEYS.enter);
    expectFits(ui.frame());
  });

  it('fits a long recall card, front and back', async () => {
    const ui = await renderSmall({ name: 'recall', lessonId: LESSON_ID });
    expectFits(ui.frame());
    await ui.press(KEYS.space);
    expectFits(ui.frame());
    expect(ui.frame()).toMatch(/4 Easy/);
  });

  it('fits a long question with code, keeps every choice letter on screen, and fits the feedback', async () => {
    const ui = await renderSmall({ name: 'practice', lessonId: LESSON_ID });
    await ui.press(KEYS.enter);
    expectFits(ui.frame());
    expect(ui.frame()).toContain('PgDn for more');
    expect(ui.frame()).toMatch(/^easy · topic \d.*\nFixture question \d\?/m); // the prompt starts at its top
    await ui.press(KEYS.pageDown);
    expect(ui.frame()).toMatch(/↑ lines \d+–\d+ of \d+/);
    expect(ui.frame()).toContain('│   mtls:');
    await ui.press(KEYS.down); // highlight B: it scrolls into view
    expect(ui.frame()).toMatch(/› B\. /);
    await ui.press('h');
    expect(ui.frame()).toContain('Hint: Think.');
    await ui.press(KEYS.enter); // answers the highlighted B
    // Which choice is right varies with the draw; either way the verdict names B. On a loaded host it can come later.
    await vi.waitFor(() => expect(ui.frame()).toMatch(/✓ Correct: B\.|✗ Incorrect: you chose B; the right answer is [ACD]\./), { timeout: 3000, interval: 20 });
    expectFits(ui.frame());
  });

  it('fits explain, test, cheat sheet, learn and progress', async () => {
    for (const route of [
      { name: 'explain', lessonId: LESSON_ID },
      { name: 'test', lessonId: LESSON_ID },
      { name: 'cheatsheet', lessonId: LESSON_ID },
      { name: 'learn', lessonId: LESSON_ID },
      { name: 'progress' },
    ] as Route[]) {
      const ui = await renderSmall(route);
      expectFits(ui.frame());
      ui.unmount();
    }
  });

  it('says so when the terminal is smaller than that', async () => {
    const ui = renderUi(<App course={fixtureCourse()} />);
    const stdout = ui.stdout as unknown as { emit(event: string): void };
    await act(async () => {
      Object.defineProperty(ui.stdout, 'columns', { value: 40, configurable: true });
      stdout.emit('resize');
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(ui.frame()).toContain('Terminal too small: 40×24');
  });
});
