import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPty } from './pty.js';

// q and Ctrl+C on every screen of the built app, in a real pseudo-terminal: the app exits, the terminal is as it
// was (same stty settings, cursor visible), and what the learner did is in the progress file.

const homes: string[] = [];
afterAll(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

const ENTER = '\r';
const CTRL_C = '\u0003';

interface Walk {
  /** Keys from the home screen, each step waiting for its marker to show. */
  steps: [keys: string, shows: string | RegExp][];
  /** Study mode whose time must be saved on quitting, if the screen records time. */
  mode?: string;
  /** Something to do before quitting, whose event must be saved. */
  act?: { keys: string; shows: string | RegExp; event: string };
  /** q is typed as a letter here (a text box): quitting takes Esc first. */
  textBox?: boolean;
}

const home: Walk['steps'] = [['', 'Review due cards']];
const lesson = (moves: number, shows: string | RegExp): Walk['steps'] => [...home, ['1', 'Test this lesson'], [`${'j'.repeat(moves)}${ENTER}`, shows]];
const homeItem = (moves: number, shows: string | RegExp): Walk['steps'] => [...home, [`${'j'.repeat(moves)}${ENTER}`, shows]];
// The home menu lists the lessons first, then the tools: their positions follow the course's size.
const LESSONS = (JSON.parse(readFileSync(join(dirname(inject('bundle')), 'course.json'), 'utf8')) as { lessons: unknown[] }).lessons.length;
const tool = (index: number, shows: string | RegExp) => homeItem(LESSONS + index, shows);

const SCREENS: Record<string, Walk> = {
  home: { steps: home },
  help: { steps: [...home, ['?', 'Keys']] },
  'lesson menu': { steps: [...home, ['1', 'Test this lesson']] },
  learn: { steps: lesson(0, /Learn · .*page 1 of/), mode: 'learn' },
  recall: { steps: lesson(1, 'Recall ·'), mode: 'recall', act: { keys: ' ', shows: 'Good', event: 'card-review' } },
  practice: { steps: lesson(2, 'Practice ·'), mode: 'practice' },
  'explain it': { steps: lesson(3, 'Explain it ·'), mode: 'explain', textBox: true },
  test: { steps: lesson(4, 'Test ·'), mode: 'test' },
  // One answer, back to the lesson menu (which keeps Test highlighted), and in again: the resume offer.
  'test, left part-way': { steps: [...lesson(4, 'question 1 of 10'), ['a', 'question 2 of 10'], ['\u001B', 'left at 1 of 10'], [ENTER, 'Resume at question 2']], mode: 'test' },
  'cheat sheet': { steps: lesson(5, 'Cheat sheet ·') },
  'review due cards': { steps: tool(0, /Review due cards {2}\d+ graded/), mode: 'review' },
  mistakes: { steps: tool(1, /Mistakes {2}\d+ of \d+ right/), mode: 'mistakes' },
  progress: { steps: tool(2, 'Cards due now') },
  'live labs': { steps: tool(3, 'predict, then run'), mode: 'lab' },
  'a lab, mid-run': { steps: [...tool(3, 'predict, then run'), [ENTER, 'accepted'], ['a', /Running|Enforcing|handshake/i]], mode: 'lab' },
  'policy lab': { steps: tool(4, 'predict, then run it on a real listener'), mode: 'lab' },
  'your own setup': { steps: tool(5, 'Decode an error') },
  'decode an error (a text box)': { steps: [...tool(5, 'Decode an error'), [ENTER, 'Paste an error line']], textBox: true },
};

async function quitFrom(name: string, walk: Walk, quitKey: 'q' | 'Ctrl+C', env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-quit-'));
  homes.push(dir);
  const pty = startPty(`stty -g > ${dir}/stty-before; ${process.execPath} ${inject('bundle')}; echo "exit code $?"; stty -g > ${dir}/stty-after`, {
    env: { MTLS_TUTOR_HOME: dir, ...env },
  });
  try {
    for (const [keys, shows] of walk.steps) {
      const from = pty.output().length;
      pty.type(keys);
      await pty.waitFor(shows, from);
      await pty.quiet(100); // the screen is drawn (and listening), and the learner has read it
    }
    if (walk.act && quitKey === 'q') {
      // Reveal a card and grade it: the grade is saved the moment it is given.
      const from = pty.output().length;
      pty.type(walk.act.keys);
      await pty.waitFor(walk.act.shows, from);
      pty.type('3');
      await new Promise((r) => setTimeout(r, 150));
    }
    if (walk.textBox && quitKey === 'q') {
      const from = pty.output().length;
      pty.type('q');
      await pty.waitFor('q', from); // typed into the answer, the app still running
      await new Promise((r) => setTimeout(r, 100));
      expect(pty.textSince(from)).not.toContain('exit code');
      pty.type('\u001B'); // Esc on a draft asks first; a second Esc leaves the screen; then q quits
      await new Promise((r) => setTimeout(r, 150));
      pty.type('\u001B');
      await new Promise((r) => setTimeout(r, 150));
    }
    pty.type(quitKey === 'q' ? 'q' : CTRL_C);
    await pty.waitFor(/exit code \d+/, 0, 8000);
    await pty.exited;
    expect(pty.textSince()).toContain('exit code 0');
    // The terminal is as the learner had it: the same line discipline (raw mode off, echo on), cursor shown.
    expect(readFileSync(`${dir}/stty-after`, 'utf8')).toBe(readFileSync(`${dir}/stty-before`, 'utf8'));
    const out = pty.output();
    expect(out.lastIndexOf('\u001B[?25h'), `${name}: cursor shown again`).toBeGreaterThan(out.lastIndexOf('\u001B[?25l'));
    if (walk.mode || walk.act) {
      const events = (JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')) as { events: { type: string; mode?: string }[] }).events;
      if (walk.mode) expect(events.filter((e) => e.type === 'study-time').map((e) => e.mode), `${name}: study time saved`).toContain(walk.mode);
      if (walk.act && quitKey === 'q') expect(events.map((e) => e.type), `${name}: answer saved`).toContain(walk.act.event);
    }
  } finally {
    pty.kill();
  }
}

// util-linux `script` gives the app a real pseudo-terminal; without it (not Linux) there is no terminal to test.
const hasScript = spawnSync('script', ['--version']).status === 0;

describe.skipIf(!hasScript).concurrent('quitting in a real terminal', () => {
  for (const [name, walk] of Object.entries(SCREENS)) {
    it(`q on ${name}: exits 0, restores the terminal, saves progress`, { timeout: 30_000 }, () => quitFrom(name, walk, 'q'));
    it(`Ctrl+C on ${name}: exits 0, restores the terminal, saves progress`, { timeout: 30_000 }, () => quitFrom(name, walk, 'Ctrl+C'));
  }
  // With CI set, Ink draws nothing until the app exits: a learner whose shell exports CI=true saw a blank screen.
  it('draws its screens and quits when the shell has CI=true set', { timeout: 30_000 }, () => quitFrom('recall, CI=true', SCREENS.recall!, 'q', { CI: 'true' }));
});
