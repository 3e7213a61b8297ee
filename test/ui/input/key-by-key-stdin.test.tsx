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
    input.write('\r'); // on to the next prompt: the attempt is saved
    await settledScreen();
    expect(store.events().filter((e) => e.type === 'explain-attempt')).toMatchObject([{ answer: 'both sides show a certificate' }]);
  });

  it('keep the lines of a multi-line paste, in one read or bracketed, instead of taking a line break for Enter', async () => {
    const { input, settledScreen } = start({ initialNavState: startAt({ name: 'explain', lessonId: LESSON_ID }) });
    await settledScreen();
    input.write('Both sides show who they are.\rEach side sends a certificate.\r');
    let screen = await settledScreen();
    expect(screen).toContain('You covered 2 of 2 concepts.'); // both lines were in the answer; the last \r submitted
    input.write('r\u0015\u0015'); // improve: clear both lines with Ctrl+U
    await settledScreen();
    input.write('\u001B[200~First line.\r\rSecond line, after a blank one.\r\u001B[201~');
    screen = await settledScreen();
    expect(screen).toContain('First line.');
    expect(screen).toContain('Second line, after a blank one.');
    expect(screen).not.toContain('You covered'); // the paste's own line breaks did not submit it
  });
});
