import { act } from 'react';
import { cleanup, render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { compileCourse } from '../../src/content/compile.js';
import type { Course } from '../../src/content/schema.js';
import { FIXTURE_DIR } from '../content/helpers.js';

export const fixtureCourse = (): Course => compileCourse(FIXTURE_DIR);

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
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
  return { ...instance, press, type, frame };
}

/** Unmounts every rendered UI inside act(), so React does not warn about Ink's final update. */
export function cleanupUi() {
  act(() => cleanup());
}
