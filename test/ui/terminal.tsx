import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, vi } from 'vitest';
import { compileCourse } from '../../src/content/compile.js';
import type { Course } from '../../src/content/schema.js';
import { KeyByKeyStdin, type KeySource } from '../../src/ui/input/key-by-key-stdin.js';
import type { NavState } from '../../src/ui/navigation.js';
import { memoryStore, type ProgressStoreLike } from '../../src/ui/progress.js';
import { TutorApp } from '../../src/ui/tutor-app.js';
import { fixtureCourse } from './helpers.js';

/** A terminal's input side: chunks written here come out of read() as a TTY's would. */
export class FakeTtyInput extends EventEmitter implements KeySource {
  isTTY = true;
  rawMode = false;
  private readonly chunks: string[] = [];
  setRawMode(mode: boolean) {
    this.rawMode = mode;
  }
  setEncoding() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.chunks.shift() ?? null;
  }
  /** One read's worth of bytes, as a fast typist or `tmux send-keys` produces. */
  write(chunk: string) {
    this.chunks.push(chunk);
    this.emit('readable');
  }
}

/** A terminal's output side that keeps every frame Ink drew. */
export class FakeTtyOutput extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns = 100,
    public rows = 30,
  ) {
    super();
  }
  write(frame: string) {
    this.frames.push(frame);
    return true;
  }
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

let courseOfLessons: Course | undefined;
/** The real course, compiled from lessons/ once per test file. */
export const realCourse = (): Course => (courseOfLessons ??= compileCourse(fileURLToPath(new URL('../../lessons/', import.meta.url))));

/** The highlighted line of a menu ("› ..."). */
export const pointerLine = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '';

const mounted = new Set<{ unmount(): void }>();

/**
 * For a test file that renders with renderInTerminal: React schedules its work as it does for a learner (not
 * inside act()), and every app a test started is unmounted after it.
 */
export function useRealRenderer(): void {
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  });
  afterEach(() => {
    for (const instance of mounted) instance.unmount();
    mounted.clear();
  });
}

/**
 * The app under Ink's real render on a fake terminal, as the tutor runs it (TutorApp; ink-testing-library hands keys
 * past stdin, so it cannot test the key feeder). Not inside act(): callers set IS_REACT_ACT_ENVIRONMENT to false
 * so React schedules its work as it does for a learner. Debug mode: every render is written whole, unthrottled.
 */
export function renderInTerminal({
  course = fixtureCourse(),
  store = memoryStore(),
  initialNavState,
  columns = 100,
  rows = 30,
}: { course?: Course; store?: ProgressStoreLike; initialNavState?: NavState; columns?: number; rows?: number } = {}) {
  const input = new FakeTtyInput();
  const output = new FakeTtyOutput(columns, rows);
  const keys = new KeyByKeyStdin(input);
  const instance = render(
    <TutorApp keys={keys} course={course} store={store} {...(initialNavState ? { initialNavState } : {})} />,
    { stdin: keys as unknown as NodeJS.ReadStream, stdout: output as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: true },
  );
  mounted.add(instance);
  const screen = () => output.frames.at(-1) ?? '';
  /** The screen once nothing has been drawn for a moment and every key has been handed over. */
  const settledScreen = async () => {
    let seen = -1;
    await vi.waitFor(
      () => {
        const count = output.frames.length;
        const quiet = count === seen && keys.pending === 0;
        seen = count;
        if (!quiet) throw new Error('still drawing');
      },
      { interval: 60, timeout: 5000 },
    );
    return screen();
  };
  return { input, output, keys, instance, store, screen, settledScreen };
}
