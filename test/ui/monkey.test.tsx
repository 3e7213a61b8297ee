import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../src/learning/rng.js';
import { MIN_SIZE } from '../../src/ui/app.js';
import type { Route } from '../../src/ui/navigation.js';
import { memoryStore } from '../../src/ui/progress.js';
import { startAt } from './helpers.js';
import { realCourse, renderInTerminal, useRealRenderer } from './terminal.js';

// Thousands of random keys, in random bursts, with random resizes, on every screen of the real course: the app
// must never crash, never draw outside the terminal, and always find its way home with Esc and out with q.

const course = realCourse();
const lessonId = course.lessons[0]!.id;
const SEED = Number(process.env.MONKEY_SEED ?? 20261123);
const KEYS_PER_SCREEN = Number(process.env.MONKEY_KEYS ?? 260);

const ROUTES: [string, Route][] = [
  ['home', { name: 'home' }],
  ['lesson menu', { name: 'lesson', lessonId }],
  ['learn', { name: 'learn', lessonId }],
  ['recall', { name: 'recall', lessonId }],
  ['review due cards', { name: 'recall' }],
  ['practice', { name: 'practice', lessonId }],
  ['mistakes', { name: 'practice' }],
  ['explain it', { name: 'explain', lessonId }],
  ['test', { name: 'test', lessonId }],
  ['cheat sheet', { name: 'cheatsheet', lessonId }],
  ['progress', { name: 'progress' }],
  ['live labs', { name: 'labs' }],
  ['policy lab', { name: 'policy' }],
  ['a TLS lab run', { name: 'lab', kind: 'tls', labId: 'no-client-cert' }],
  ['a policy lab run', { name: 'lab', kind: 'policy', labId: 'policy-namespace-strict' }],
  ['test, left part-way', { name: 'test', lessonId }],
  ['recall, cards still learning', { name: 'recall', lessonId }],
  ['your own setup', { name: 'own' }],
  ['decode an error', { name: 'own-tool', tool: 'why' }],
  ['inspect certificates', { name: 'own-tool', tool: 'inspect' }],
];

/** A store for routes that start from history: a test of the lesson started, and one question answered. */
function storeFor(name: string) {
  const store = memoryStore();
  if (name === 'test, left part-way') {
    const [first, ...rest] = course.lessons[0]!.questions;
    const at = new Date(Date.now() - 3_600_000).toISOString();
    store.record({ type: 'test-start', at, lessonId, questionIds: [first!.id, ...rest.slice(0, 9).map((q) => q.id)] });
    store.record({ type: 'answer', at, lessonId, questionId: first!.id, choice: 0, correct: first!.choices[0]!.correct === true, hintUsed: false, mode: 'test' });
  }
  if (name === 'recall, cards still learning') {
    // Every card graded Good a minute ago: the session opens waiting for the first to come due.
    const at = new Date(Date.now() - 60_000).toISOString();
    for (const card of course.lessons[0]!.cards) store.record({ type: 'card-review', at, lessonId, cardId: card.id, rating: 'good' });
  }
  return store;
}
/** Every screen title the walks reached, to check they reached every screen. */
const titlesSeen = new Set<string>();
const titleOf = (frame: string) => (frame.split('\n')[0] ?? '').split(/ {2}| · /)[0]!.trim();

// Every key a screen listens for, and some none does. Never q or Ctrl+C: the walk ends with those on purpose.
const KEYS = [
  ...'jjjkkk     123456abcdefrhnopmuyxzJK!@/',
  '\r', '\r', '\r', '\t',
  '\u001B', // Esc
  '\u007F', // Backspace
  '\u001B[A', '\u001B[B', '\u001B[C', '\u001B[D', // arrows
  '\u001B[5~', '\u001B[6~', '\u001B[H', '\u001B[F', // Page Up/Down, Home, End
  '\u001Bj', // Alt+j
  '?',
  // Odd input a terminal can deliver: unfinished and unknown escape sequences, control bytes, wide and
  // astral characters, a long paste.
  '\u001B[', '\u001B[1;', '\u001B[999~', '\u001BO', '\u0000', '\u001A', '\u0007', 'é', '漢', '🔒', 'x'.repeat(300),
  '\u001B[1;5A', '\u001B[1;5j', '\u001B[5j', // Ctrl with an arrow, and Ctrl sequences Ink cannot name
];
const SIZES: [number, number][] = [
  [100, 30], [80, 24], [MIN_SIZE.columns, MIN_SIZE.rows], [200, 50], [120, 40], [50, 12], [70, 20],
];

const pick = <T,>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const HOME_TITLE = 'mtls-tutor  mutual TLS, from handshake to Istio';

/** Lines of a frame wider or taller than the terminal it was drawn for. */
function overflow(frame: string, columns: number, rows: number): string[] {
  const lines = frame.split('\n');
  const problems = lines.filter((line) => stringWidth(line) > columns).map((line) => `wider than ${columns}: ${line}`);
  if (lines.length > rows) problems.push(`${lines.length} lines on a ${rows}-row terminal`);
  return problems;
}

let errors: unknown[] = [];
const onError = (error: unknown) => errors.push(error);
const consoleError = console.error;
useRealRenderer();
beforeAll(() => {
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  // React reports an error thrown while rendering here before Ink's error screen takes over.
  console.error = (...args: unknown[]) => {
    const message = args.map(String).join(' ');
    // React's development build (only) counts effects that schedule an update across consecutive commits and warns
    // past 50; ink-text-input's effect does so for every character typed, so a long run of typed keys trips it.
    if (message.startsWith('Maximum update depth exceeded. This can happen when a component calls setState inside useEffect')) return;
    errors.push(message);
  };
});
afterAll(() => {
  process.off('uncaughtException', onError);
  process.off('unhandledRejection', onError);
  console.error = consoleError;
});

// In order, even in a shuffled run: the last test sums up the screens the walks before it reached.
describe('monkey', { shuffle: false }, () => {
  it.each(ROUTES.map(([name, route], i) => [name, route, i] as const))(
    '%s: random keys and resizes, then Esc leads home and q quits',
    { timeout: 60_000 },
    async (name, route, index) => {
      errors = [];
      const seed = SEED + index;
      const rng = seededRng(seed);
      const app = renderInTerminal({ course, store: storeFor(name), initialNavState: startAt(route) });
      let exit: unknown = 'running';
      app.instance.waitUntilExit().then(
        () => (exit = 'exited'),
        (error: unknown) => (exit = error),
      );
      const where = (step: number) => `seed ${seed} (MONKEY_SEED=${SEED}), ${name}, step ${step}`;
      try {
        let size = [app.output.columns, app.output.rows] as [number, number];
        let framesChecked = 0;
        for (let step = 0; step < KEYS_PER_SCREEN; ) {
          if (rng() < 0.04) {
            size = pick(rng, SIZES);
            app.output.resize(...size);
          } else {
            const burst = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => pick(rng, KEYS));
            app.input.write(burst.join(''));
            step += burst.length;
          }
          // Let the keys through; labs and the policy lab do real work on 127.0.0.1 meanwhile.
          for (let wait = 0; wait < 500 && app.keys.pending > 0; wait++) await new Promise((r) => setTimeout(r, 1));
          // Ink redraws the old layout at the new size straight away on a resize; the app's own frame follows.
          const [columns, rows] = size;
          for (let wait = 0; wait < 1000 && overflow(app.screen(), columns, rows).length > 0; wait++) await new Promise((r) => setTimeout(r, 1));
          expect(overflow(app.screen(), columns, rows), where(step)).toEqual([]);
          titlesSeen.add(titleOf(app.screen()));
          // A render error: Ink swaps the screen for its error overview (and may leave the exit promise pending).
          const crash = app.output.frames.slice(framesChecked).find((frame) => /^\s*ERROR\s/m.test(frame));
          framesChecked = app.output.frames.length;
          expect(crash, where(step)).toBeUndefined();
          expect(errors, where(step)).toEqual([]);
          expect(exit, where(step)).toBe('running');
        }
        // Not stuck: from wherever the walk ended, Esc (which also closes help and notices) leads home.
        app.output.resize(100, 30);
        for (let i = 0; i < 12 && !app.screen().startsWith(HOME_TITLE); i++) {
          app.input.write('\u001B');
          await app.settledScreen();
        }
        expect(app.screen().split('\n')[0], where(KEYS_PER_SCREEN)).toBe(HOME_TITLE);
        app.input.write('q');
        await app.instance.waitUntilExit();
        expect(errors).toEqual([]);
      } finally {
        app.instance.unmount();
      }
    },
  );
  // Which screens random walks reach depends on the seed: checked for the default walk only.
  it.skipIf(process.env.MONKEY_SEED !== undefined || process.env.MONKEY_KEYS !== undefined)('between them, the walks reached every screen and the help page (Keys)', () => {
    const expected = ['mtls-tutor', 'Learn', 'Recall', 'Review due cards', 'Practice', 'Mistakes', 'Explain it', 'Test', 'Cheat sheet', 'Progress', 'Live labs', 'Policy lab', 'Keys'];
    expect([...titlesSeen].filter((t) => expected.includes(t)).sort()).toEqual([...expected].sort());
  });
});
