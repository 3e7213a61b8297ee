import { describe, expect, it } from 'vitest';
import { LESSON_ID, startAt } from '../helpers.js';
import { pointerLine, renderInTerminal as start, useRealRenderer } from '../terminal.js';

// The real app under Ink's own render, wired as run.tsx wires it, and not inside act().
useRealRenderer();

describe('keys that arrive in one read', () => {
  it('move a menu once per key, letters and arrows alike', async () => {
    const { input, settledScreen } = start();
    expect(pointerLine(await settledScreen())).toContain('1. Fixture lesson');
    input.write('jjj'); // home: lesson, Review, Mistakes, Progress, Live labs, Istio policy lab, Your own setup
    expect(pointerLine(await settledScreen())).toContain('Progress');
    input.write('\u001B[B\u001B[Bk');
    expect(pointerLine(await settledScreen())).toContain('Live labs');
    input.write('jjjjjjjjjjjjjj'); // fourteen: twice round the seven items
    expect(pointerLine(await settledScreen())).toContain('Live labs');
  });

  it('act in order: a move then Enter opens the item moved to', async () => {
    const { input, settledScreen } = start();
    await settledScreen();
    input.write('jjj\r');
    expect(await settledScreen()).toMatch(/Progress[\s\S]*mastery/i);
  });

  it('answer a recall card and grade it from one burst, recording one review', async () => {
    const { input, settledScreen, store } = start({ initialNavState: startAt({ name: 'recall', lessonId: LESSON_ID }) });
    await settledScreen();
    input.write(' 3'); // reveal, then "Good"
    await settledScreen();
    expect(store.events().filter((e) => e.type === 'card-review')).toMatchObject([{ rating: 'good' }]);
  });

  it('keep pasted text whole in a text box, and still submit on the Enter after it', async () => {
    const { input, settledScreen, store } = start({ initialNavState: startAt({ name: 'explain', lessonId: LESSON_ID }) });
    await settledScreen();
    input.write('both sides show a certificate\r');
    const screen = await settledScreen();
    expect(screen).toContain('You covered 2 of 2 concepts.');
    expect(store.events().filter((e) => e.type === 'explain-attempt')).toHaveLength(1);
  });
});
