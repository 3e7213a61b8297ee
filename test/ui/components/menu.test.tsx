import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { compileCourse } from '../../../src/content/compile.js';
import { renderInTerminal } from '../terminal.js';

const course = compileCourse(fileURLToPath(new URL('../../../lessons/', import.meta.url)));

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

let app: ReturnType<typeof renderInTerminal> | undefined;
afterEach(() => {
  app?.instance.unmount();
  app = undefined;
});

const pointer = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '(no highlight)';

describe('Menu', () => {
  it('keeps its highlight when a resize makes the list shorter, and moves from it (ink-select-input alone threw)', async () => {
    const uncaught = vi.fn();
    process.on('uncaughtException', uncaught);
    try {
      // The home menu: 7 lessons, Review, Mistakes, Progress, Live labs, Istio policy lab; all shown at 30 rows.
      app = renderInTerminal({ course, columns: 100, rows: 30 });
      await app.settledScreen();
      app.input.write('k'); // round to the last item
      expect(pointer(await app.settledScreen())).toContain('Istio policy lab');
      app.output.resize(60, 16); // the smallest window: a list of 8 rows
      expect(pointer(await app.settledScreen())).toContain('Istio policy lab');
      app.input.write('\u001B[A');
      expect(pointer(await app.settledScreen())).toContain('Live labs');
      expect(uncaught).not.toHaveBeenCalled();
    } finally {
      process.off('uncaughtException', uncaught);
    }
  });
});
