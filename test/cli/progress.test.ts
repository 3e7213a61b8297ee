import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { bufferIo, PromptEnded } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { run, type ProgressDeps, type ProgressJson } from '../../src/cli/progress.js';
import { openProgressStore } from '../../src/progress/store.js';
import { makeLesson, T0 } from '../learning/fixtures.js';
import { answer, tempHome } from '../progress/helpers.js';
import { startPty } from '../ui/pty.js';
import { runBundle } from './run-bundle.js';

const lessons = [makeLesson('alpha'), makeLesson('beta')];

function setup() {
  const home = tempHome();
  const deps: ProgressDeps = { loadCourse: async () => ({ lessons, policyScenarios: { peer: [], authz: [] } }), openStore: () => openProgressStore({ home }), now: () => new Date(T0.getTime() + 3600_000) };
  return { home, deps, store: () => openProgressStore({ home }) };
}

/** An io like a piped stdin: nothing to ask with. */
function noAskIo() {
  const io = bufferIo();
  delete (io as { ask?: unknown }).ask;
  return io;
}

/** Runs through main() so usage errors map to their exit codes as they do for users. */
async function cli(argv: string[], io = bufferIo(), home?: string) {
  const before = process.env.MTLS_TUTOR_HOME;
  if (home) process.env.MTLS_TUTOR_HOME = home;
  try {
    return { code: await main(['progress', ...argv], io, async () => 0), io };
  } finally {
    if (before === undefined) delete process.env.MTLS_TUTOR_HOME;
    else process.env.MTLS_TUTOR_HOME = before;
  }
}

describe('mtls-tutor progress', () => {
  it('summarises per lesson, for people and as JSON', async () => {
    const { deps, store } = setup();
    const s = store();
    // Known: recalled nine days after it was first seen.
    s.record({ type: 'card-review', at: new Date(T0.getTime() - 9 * 86_400_000).toISOString(), lessonId: 'alpha', cardId: 'alpha-card-0', rating: 'easy' });
    s.record({ type: 'card-review', at: T0.toISOString(), lessonId: 'alpha', cardId: 'alpha-card-0', rating: 'good' });
    s.record(answer('alpha-easy-0', true, T0.toISOString()));
    s.record(answer('alpha-easy-1', false, T0.toISOString()));
    s.record({ type: 'test-result', at: T0.toISOString(), lessonId: 'alpha', score: 7, total: 10, verdict: 'developing', questionIds: [], breakdown: { easy: { right: 3, total: 3 }, medium: { right: 3, total: 4 }, hard: { right: 1, total: 3 } } });
    s.record({ type: 'study-time', at: T0.toISOString(), ms: 65 * 60_000 });

    const io = bufferIo();
    expect(await run([], io, deps)).toBe(0);
    expect(io.stdout).toContain(`stored in ${s.path}`);
    expect(io.stdout).toMatch(/Lesson alpha\s+█+░+\s+\d+%/);
    expect(io.stdout).toContain('cards 1/5 known, 0 due · questions 1/13 right · test best 7/10, latest 7/10');
    expect(io.stdout).toContain('Lesson beta');
    expect(io.stdout).toContain('no test yet');
    expect(io.stdout).toMatch(/Streak: 1 day · studied 1h 05m · 0 cards due now/);
    expect(io.stdout).toContain('A card is known once you recall it (Hard, Good or Easy) a day or more after you last saw it');

    const jsonIo = bufferIo();
    expect(await run(['--json'], jsonIo, deps)).toBe(0);
    const data = JSON.parse(jsonIo.stdout) as ProgressJson;
    expect(data.store).toEqual({ path: s.path, persistent: true });
    expect(data).toMatchObject({ events: 6, streakDays: expect.any(Number), studiedMs: 65 * 60_000, due: 0, notices: [] });
    expect(data.lessons.map((l) => l.id)).toEqual(['alpha', 'beta']);
    expect(data.lessons[0]).toMatchObject({
      cards: { known: 1, total: 5, due: 0, new: 4 },
      questions: { right: 1, total: 13 },
      tests: { taken: 1, best: { score: 7, total: 10, verdict: 'developing' }, latest: { score: 7 } },
    });
    expect(data.lessons[0]!.mastery).toBeGreaterThan(0);
    expect(data.lessons[1]).toMatchObject({ mastery: 0, tests: { taken: 0, best: null, latest: null } });
  });

  it('tells the user when the progress file was corrupt, and still summarises', async () => {
    const { home, deps } = setup();
    writeFileSync(join(home, 'progress.json'), 'garbage{');
    const io = bufferIo();
    expect(await run(['--json'], io, deps)).toBe(0);
    expect(io.stderr).toMatch(/unreadable.*saved as .*progress\.corrupt-.*Starting fresh/);
    expect((JSON.parse(io.stdout) as ProgressJson).notices[0]?.kind).toBe('corrupt');
  });

  it('rejects unknown subcommands and flags as usage errors', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const { code, io } = await cli(['--jsn']);
    expect(code).toBe(2);
    expect(io.stderr).toContain('--jsn');
    expect((await cli(['export'])).io.stderr).toMatch(/needs exactly one FILE/);
  });
});

describe('mtls-tutor progress reset', () => {
  it('asks first; anything but yes changes nothing', async () => {
    const { home, deps, store } = setup();
    store().record(answer('q1'));
    const io = bufferIo(['no']);
    expect(await run(['reset'], io, deps)).toBe(1);
    expect(io.stderr).toContain('Nothing was changed');
    expect(store().events()).toHaveLength(1);
    expect(home).toBeTruthy();
  });

  it('resets after a yes, keeping a backup it names', async () => {
    const { deps, store } = setup();
    store().record(answer('q1'));
    const io = bufferIo(['yes']);
    expect(await run(['reset'], io, deps)).toBe(0);
    const backup = /saved as (\S+) \(import/.exec(io.stdout)?.[1];
    expect(backup).toBeDefined();
    expect(readFileSync(backup!, 'utf8')).toContain('"q1"');
    expect(store().events()).toEqual([]);
  });

  it('resets without asking with --yes', async () => {
    const { deps, store } = setup();
    store().record(answer('q1'));
    const io = noAskIo();
    expect(await run(['reset', '--yes'], io, deps)).toBe(0);
    expect(store().events()).toEqual([]);
  });

  it('Ctrl+C at the question cancels (exit 130); the end of input is a failure (exit 1); nothing is reset', async () => {
    const { home, store } = setup();
    store().record(answer('q1'));
    for (const [how, code, said] of [
      ['interrupted', 130, 'Cancelled; nothing was reset.'],
      ['closed', 1, 'no answer (the input ended); nothing was reset'],
    ] as const) {
      const io = bufferIo();
      io.ask = async () => {
        throw new PromptEnded(how);
      };
      const result = await cli(['reset'], io, home);
      expect(result.code, how).toBe(code);
      expect(io.stderr, how).toContain(said);
      expect(io.stderr, how).not.toContain('unexpected error');
      expect(store().events(), how).toHaveLength(1);
    }
  });

  it('refuses with exit 2 when it cannot ask and --yes is missing', async () => {
    const { home, store } = setup();
    store().record(answer('q1'));
    const io = noAskIo();
    const { code } = await cli(['reset'], io, home);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/not resetting without confirmation.*--yes/s);
    expect(store().events()).toHaveLength(1);
  });
});

describe('mtls-tutor progress export / import', () => {
  it('exports and imports, reporting what was new', async () => {
    const a = setup();
    a.store().record(answer('q1'));
    a.store().record(answer('q2'));
    const file = join(tempHome(), 'mine.json');
    const out = bufferIo();
    expect(await run(['export', file], out, a.deps)).toBe(0);
    expect(out.stdout).toContain(`Exported 2 entries to ${file}`);

    const b = setup();
    b.store().record(answer('q3'));
    const inIo = bufferIo();
    expect(await run(['import', file], inIo, b.deps)).toBe(0);
    expect(inIo.stdout).toContain(': 2 entries, 2 new, 0 already here.');
    expect(b.store().events()).toHaveLength(3);
    const again = bufferIo();
    await run(['import', file], again, b.deps);
    expect(again.stdout).toContain('2 entries, 0 new, 2 already here.');
  });

  it('names the file and the problem on a bad import, exit 1, progress untouched', async () => {
    const { home, store } = setup();
    store().record(answer('q1'));
    const before = readFileSync(join(home, 'progress.json'), 'utf8');
    const bad = join(tempHome(), 'bad.json');
    writeFileSync(bad, '{"app":"something-else"}');
    const { code, io } = await cli(['import', bad], bufferIo(), home);
    expect(code).toBe(1);
    expect(io.stderr).toContain(`cannot import ${bad}: it was written by "something-else", not mtls-tutor. Your progress was not changed.`);
    expect(readFileSync(join(home, 'progress.json'), 'utf8')).toBe(before);
  });

  it('will not overwrite any existing file without --force (exit 1), and replaces it with --force', async () => {
    const { home, store } = setup();
    store().record(answer('q1'));
    const dir = tempHome();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'precious notes');
    const earlier = join(dir, 'earlier-export.json');
    expect((await cli(['export', earlier], bufferIo(), home)).code).toBe(0);
    const exported = readFileSync(earlier, 'utf8');
    for (const file of [notes, earlier]) {
      const before = readFileSync(file, 'utf8');
      const { code, io } = await cli(['export', file], bufferIo(), home);
      expect(code, file).toBe(1);
      expect(io.stderr).toBe(`mtls-tutor: cannot export to ${file}: it already exists; not overwriting it (add --force to replace it)\n`);
      expect(readFileSync(file, 'utf8')).toBe(before);
    }
    expect(exported).toContain('"q1"');
    const { code, io } = await cli(['export', notes, '--force'], bufferIo(), home);
    expect(code).toBe(0);
    expect(io.stdout).toContain(`Exported 1 entries to ${notes}`);
    expect(readFileSync(notes, 'utf8')).toContain('"q1"');
  });

  it('a missing, unreadable or implausible file to import: exit 1, the path and the problem in words', async () => {
    const { home } = setup();
    const dir = tempHome();
    const cases: Array<[file: string, problem: string]> = [
      [join(dir, 'missing.json'), 'no such file'],
      [dir, 'it is a folder, not a file'],
      [join(dir, 'missing-folder', 'x.json'), 'no such file'],
    ];
    for (const [file, problem] of cases) {
      const { code, io } = await cli(['import', file], bufferIo(), home);
      expect(code, file).toBe(1);
      expect(io.stderr).toBe(`mtls-tutor: cannot import ${file}: ${problem}. Your progress was not changed.\n`);
    }
  });

  it('imports what a damaged file still holds, and says so', async () => {
    const a = setup();
    a.store().record(answer('q1'));
    a.store().record(answer('q2'));
    const file = join(tempHome(), 'cut.json');
    await run(['export', file], bufferIo(), a.deps);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, -40));
    const b = setup();
    const io = bufferIo();
    expect(await run(['import', file], io, b.deps)).toBe(0);
    expect(io.stderr).toMatch(new RegExp(`cut\\.json is damaged \\(not valid JSON .*\\); the one complete entry it still holds was read`));
    expect(io.stdout).toContain('1 entries, 1 new');
  });
});

describe.skipIf(spawnSync('script', ['--version']).status !== 0)('the reset question in a real terminal', () => {
  it.each([
    ['Ctrl+C', 130, 'Cancelled; nothing was reset.', '\u0003'],
    ['Ctrl+D', 1, 'no answer (the input ended); nothing was reset', '\u0004'],
  ])('%s: exit %s, "%s", no stack trace', { timeout: 30_000 }, async (_, code, said, key) => {
    const home = tempHome();
    openProgressStore({ home }).record(answer('q1'));
    const pty = startPty(`${process.execPath} ${inject('bundle')} progress reset; echo "exit code $?"`, { env: { MTLS_TUTOR_HOME: home } });
    try {
      await pty.waitFor('Type yes to confirm:');
      pty.type(key);
      await pty.waitFor(/exit code \d+/);
      const text = pty.textSince(0);
      expect(text).toContain(said);
      expect(text).toContain(`exit code ${code}`);
      expect(text).not.toMatch(/unexpected error|\n\s+at /);
      expect(openProgressStore({ home }).events()).toHaveLength(1);
    } finally {
      pty.kill();
    }
  });
});

describe('the real binary', () => {
  it('refuses a piped reset without --yes (exit 2) and prints JSON progress from MTLS_TUTOR_HOME', () => {
    const home = tempHome();
    openProgressStore({ home }).record(answer('q1'));
    const refused = runBundle(['progress', 'reset'], { MTLS_TUTOR_HOME: home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const summary = runBundle(['progress', '--json'], { MTLS_TUTOR_HOME: home });
    expect(summary.stderr).toBe('');
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.stdout)).toMatchObject({ store: { path: join(home, 'progress.json'), persistent: true }, events: 1 });
    expect(existsSync(join(home, 'progress.json'))).toBe(true);
  });
});
