import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LESSON_ID, startAt } from '../helpers.js';
import { renderInTerminal } from '../terminal.js';

// The real app under Ink's own render, wired as run.tsx wires it, and not inside act(): React schedules its work
// as it does for a learner.
beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

const start = renderInTerminal;

let running: ReturnType<typeof start> | undefined;
afterEach(() => {
  running?.instance.unmount();
  running = undefined;
});

const pointerLine = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '';

describe('keys that arrive in one read', () => {
  it('move a menu once per key, letters and arrows alike', async () => {
    running = start();
    const { input, settledScreen } = running;
    expect(pointerLine(await settledScreen())).toContain('1. Fixture lesson');
    input.write('jjj'); // home: lesson, Review, Mistakes, Progress, Live labs, Istio policy lab
    expect(pointerLine(await settledScreen())).toContain('Progress');
    input.write('\u001B[B\u001B[Bk');
    expect(pointerLine(await settledScreen())).toContain('Live labs');
    input.write('jjjjjjjjjjjj'); // twelve: twice round the six items
    expect(pointerLine(await settledScreen())).toContain('Live labs');
  });

  it('act in order: a move then Enter opens the item moved to', async () => {
    running = start();
    const { input, settledScreen } = running;
    await settledScreen();
    input.write('jjj\r');
    expect(await settledScreen()).toMatch(/Progress[\s\S]*mastery/i);
  });

  it('answer a recall card and grade it from one burst, recording one review', async () => {
    running = start({ initialNavState: startAt({ name: 'recall', lessonId: LESSON_ID }) });
    const { input, settledScreen, store } = running;
    await settledScreen();
    input.write(' 3'); // reveal, then "Good"
    await settledScreen();
    expect(store.events().filter((e) => e.type === 'card-review')).toMatchObject([{ rating: 'good' }]);
  });

  it('keep pasted text whole in a text box, and still submit on the Enter after it', async () => {
    running = start({ initialNavState: startAt({ name: 'explain', lessonId: LESSON_ID }) });
    const { input, settledScreen, store } = running;
    await settledScreen();
    input.write('both sides show a certificate\r');
    const screen = await settledScreen();
    expect(screen).toContain('You covered 2 of 2 concepts.');
    expect(store.events().filter((e) => e.type === 'explain-attempt')).toHaveLength(1);
  });
});
