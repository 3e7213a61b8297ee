import { render } from 'ink';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { KeyByKeyStdin } from '../../../src/ui/input/key-by-key-stdin.js';
import { KeySettler } from '../../../src/ui/input/key-settler.js';
import { memoryStore } from '../../../src/ui/progress.js';
import { LESSON_ID, fixtureCourse, startAt } from '../helpers.js';
import { FakeTtyInput, FakeTtyOutput } from './fake-terminal.js';
import type { NavState } from '../../../src/ui/navigation.js';

// The real app under Ink's own render on a fake terminal (ink-testing-library feeds keys past stdin), wired as
// run.tsx wires it, and not inside act(): React schedules its work as it does for a learner.
beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

function start(initialNavState?: NavState) {
  const input = new FakeTtyInput();
  const output = new FakeTtyOutput();
  const keys = new KeyByKeyStdin(input);
  const store = memoryStore();
  const instance = render(
    <>
      <App course={fixtureCourse()} store={store} onTextEntry={(on) => (keys.keepText = on)} {...(initialNavState ? { initialNavState } : {})} />
      <KeySettler feed={keys} />
    </>,
    { stdin: keys as unknown as NodeJS.ReadStream, stdout: output as unknown as NodeJS.WriteStream, debug: true, patchConsole: false },
  );
  // Ink's throttled writes lag the state; the last write after things go quiet is the screen.
  const settledScreen = async () => {
    let seen = -1;
    await vi.waitFor(
      () => {
        const count = output.frames.length;
        const quiet = count === seen;
        seen = count;
        if (!quiet) throw new Error('still drawing');
      },
      { interval: 60, timeout: 3000 },
    );
    return output.frames.at(-1) ?? '';
  };
  return { input, keys, instance, store, settledScreen };
}

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
    running = start(startAt({ name: 'recall', lessonId: LESSON_ID }));
    const { input, settledScreen, store } = running;
    await settledScreen();
    input.write(' 3'); // reveal, then "Good"
    await settledScreen();
    expect(store.events().filter((e) => e.type === 'card-review')).toMatchObject([{ rating: 'good' }]);
  });

  it('keep pasted text whole in a text box, and still submit on the Enter after it', async () => {
    running = start(startAt({ name: 'explain', lessonId: LESSON_ID }));
    const { input, settledScreen, store } = running;
    await settledScreen();
    input.write('both sides show a certificate\r');
    const screen = await settledScreen();
    expect(screen).toContain('You covered 2 of 2 concepts.');
    expect(store.events().filter((e) => e.type === 'explain-attempt')).toHaveLength(1);
  });
});
