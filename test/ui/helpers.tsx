import { act } from 'react';
import { cleanup, render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { compileCourse } from '../../src/content/compile.js';
import { shippedLessonsDir } from '../../src/content/course.js';
import { compileLabTexts } from '../../src/content/lab-texts.js';
import type { Course } from '../../src/content/schema.js';
import type { ProgressEvent, ProgressEventInput } from '../../src/learning/events.js';
import type { NavState, Route } from '../../src/ui/navigation.js';
import { memoryStore, type ProgressStoreLike } from '../../src/ui/progress.js';
import { App } from '../../src/ui/app.js';
import { FIXTURE_DIR } from '../content/helpers.js';

/** The fixture lessons, with the shipped TLS lab texts (lessons/labs/): the labs a lesson names are the real ones. */
export const fixtureCourse = (): Course => ({ ...compileCourse(FIXTURE_DIR), labs: (shippedLabs ??= compileLabTexts(shippedLessonsDir())) });
let shippedLabs: Course['labs'];

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
  space: ' ',
  pageDown: '\u001B[6~',
  ctrlC: '\u0003',
} as const;

/**
 * Renders a UI and returns helpers that type keys the way a learner does. Ink's useInput re-binds after each
 * render, so every key is sent inside React's act() and followed by a tick for the re-render to settle.
 */
export function renderUi(ui: ReactElement) {
  let instance!: ReturnType<typeof render>;
  act(() => {
    instance = render(ui);
  });
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      await act(async () => {
        instance.stdin.write(key);
        await new Promise((r) => setTimeout(r, 0));
      });
    }
  };
  const type = async (text: string) => press(...[...text]);
  const frame = () => instance.lastFrame() ?? '';
  // Unmounting runs screens' clean-ups, which record study time: inside act() like every other update.
  const unmount = () => act(() => instance.unmount());
  return { ...instance, press, type, frame, unmount };
}

/** Unmounts every rendered UI inside act(), so React does not warn about Ink's final update. */
export function cleanupUi() {
  act(() => cleanup());
}

export const LESSON_ID = 'fixture-lesson';

/** A navigation stack that opens the app on `route` (home and the lesson menu underneath, so Esc works). */
export function startAt(route: Route): NavState {
  const lessonId = 'lessonId' in route ? route.lessonId : undefined;
  return { stack: [{ name: 'home' }, ...(lessonId ? [{ name: 'lesson' as const, lessonId }] : []), route] };
}

/** The app opened on `route` (with home and the lesson menu under it), recording into a fresh in-memory store. */
export function openAt(route: Route, { course = fixtureCourse(), store = memoryStore() }: { course?: Course; store?: ProgressStoreLike } = {}) {
  return { ui: renderUi(<App course={course} store={store} initialNavState={startAt(route)} />), store };
}

/** The letter the frame shows for the choice with this text ("B" for "› B. Right answer"). */
export function letterFor(frame: string, text: string): string {
  const match = new RegExp(`([A-F])\\. ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(frame);
  if (!match?.[1]) throw new Error(`no choice "${text}" in frame:\n${frame}`);
  return match[1];
}

/** The fixture's questions all have one "Right answer" and one "Wrong answer N". */
export const rightKey = (frame: string) => letterFor(frame, 'Right answer').toLowerCase();
export const wrongKey = (frame: string) => letterFor(frame, 'Wrong answer').toLowerCase();

/** Events of one type from a store. */
export function eventsOf<T extends ProgressEvent['type']>(store: ProgressStoreLike, type: T): Extract<ProgressEvent, { type: T }>[] {
  return store.events().filter((e): e is Extract<ProgressEvent, { type: T }> => e.type === type);
}

/** A stored event at a given time, for seeding a store with history. */
export function pastEvent(input: ProgressEventInput, id = Math.random().toString(36).slice(2)): ProgressEvent {
  return { ...input, id } as ProgressEvent;
}
