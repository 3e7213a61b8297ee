import { describe, expect, it, vi } from 'vitest';
import { pointerLine as pointer, realCourse, renderInTerminal, useRealRenderer } from '../terminal.js';

useRealRenderer();

describe('Menu', () => {
  it('keeps its highlight when a resize makes the list shorter, and moves from it (ink-select-input alone threw)', async () => {
    const uncaught = vi.fn();
    process.on('uncaughtException', uncaught);
    try {
      // The home menu: 7 lessons, Review, Mistakes, Progress, Live labs, Istio policy lab, Your own setup; all shown at 30 rows.
      const app = renderInTerminal({ course: realCourse(), columns: 100, rows: 30 });
      await app.settledScreen();
      app.input.write('k'); // round to the last item
      expect(pointer(await app.settledScreen())).toContain('Your own setup');
      app.output.resize(60, 16); // the smallest window: a list of 8 rows
      expect(pointer(await app.settledScreen())).toContain('Your own setup');
      app.input.write('\u001B[A');
      expect(pointer(await app.settledScreen())).toContain('Istio policy lab');
      expect(uncaught).not.toHaveBeenCalled();
    } finally {
      process.off('uncaughtException', uncaught);
    }
  });
});
