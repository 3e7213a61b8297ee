import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, ProgressEventInput } from '../../src/learning/events.js';
import { summarizeProgress } from '../../src/learning/mastery.js';
import { classify, MIGRATIONS, type Migration } from '../../src/progress/format.js';
import { openProgressStore, ProgressFileError } from '../../src/progress/store.js';
import { answer, tempHome } from './helpers.js';
import { syntheticHistory, type HistoryCourse } from './synthetic-history.js';

describe('export and import', () => {
  it('exports everything and imports it elsewhere, reporting how many events were new', () => {
    const source = openProgressStore({ home: tempHome() });
    source.record(answer('q1'));
    source.record(answer('q2', false));
    const file = join(tempHome(), 'my-progress.json');
    expect(source.exportTo(file)).toEqual({ file, events: 2 });

    const target = openProgressStore({ home: tempHome() });
    target.record(answer('q3'));
    expect(target.importFrom(file)).toMatchObject({ events: 2, added: 2 });
    expect(target.events()).toHaveLength(3);
    expect(target.importFrom(file)).toMatchObject({ events: 2, added: 0 }); // nothing twice
    expect(openProgressStore({ home: join(target.path, '..') }).events()).toHaveLength(3); // written to disk
  });

  it('rejects a broken or foreign file with its name and the problem, leaving progress untouched', () => {
    const home = tempHome();
    const store = openProgressStore({ home });
    store.record(answer('q1'));
    const before = readFileSync(store.path, 'utf8');
    const dir = tempHome();
    const cases: Array<[name: string, content: string | undefined, problem: RegExp]> = [
      ['missing.json', undefined, /no such file/],
      ['notes.txt', 'my shopping list', /not a progress file: not valid JSON/],
      ['empty.json', '', /it is empty/],
      ['package.json', JSON.stringify({ name: 'left-pad', version: '1.0.0' }), /version/],
      ['tsconfig.json', JSON.stringify({ compilerOptions: {} }), /not an mtls-tutor progress file/],
      ['other-app.json', JSON.stringify({ app: 'anki', version: 1, events: [] }), /written by "anki"/],
      ['list.json', '[1,2]', /expected a JSON object, found a list/],
      ['bad-events.json', JSON.stringify({ app: 'mtls-tutor', version: 1, events: [{ type: 'answer', at: '2026-01-01T00:00:00Z' }] }), /events\[0\] has no id/],
      ['newer.json', JSON.stringify({ app: 'mtls-tutor', version: 7, events: [] }), /version 7.*newer mtls-tutor/],
    ];
    for (const [name, content, problem] of cases) {
      const file = join(dir, name);
      if (content !== undefined) writeFileSync(file, content);
      let error: unknown;
      try {
        store.importFrom(file);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ProgressFileError);
      expect((error as Error).message, name).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
      expect((error as Error).message, name).toMatch(problem);
    }
    expect(readFileSync(store.path, 'utf8')).toBe(before);
    expect(store.events()).toHaveLength(1);
  });

  it('imports a file from an older version after migrating it', () => {
    const file = join(tempHome(), 'old.json');
    writeFileSync(file, JSON.stringify({ events: [answer('q1'), answer('q2')] }));
    const store = openProgressStore({ home: tempHome() });
    expect(store.importFrom(file)).toMatchObject({ events: 2, added: 2, migratedFrom: 0 });
    expect(store.importFrom(file).added).toBe(0); // migrated ids are stable
  });
});

describe('export and import of compacted progress', () => {
  const course = {
    lessons: ['a', 'b'].map((id) => ({
      id,
      title: id,
      cards: Array.from({ length: 6 }, (_, i) => ({ id: `${id}-c${i}` })),
      questions: Array.from({ length: 12 }, (_, i) => ({ id: `${id}-q${i}`, difficulty: ['easy', 'medium', 'hard'][i % 3]! })),
      explain: [{ id: `${id}-x` }],
      labs: [`${id}-lab`],
    })),
  };
  const lessons = course.lessons.map((l) => ({ ...l, questions: l.questions.map((q) => ({ ...q, choices: [] })) })) as never;
  const compaction = { limit: 30, keep: 10 };
  const now = new Date('2026-12-01T00:00:00Z');
  const seen = (events: readonly ProgressEvent[]) => {
    const s = summarizeProgress(lessons, events, now);
    return { studiedMs: s.studiedMs, streak: s.streakDays, tests: s.lessons.map((l) => l.tests.taken), cards: s.lessons.map((l) => l.cards), right: s.lessons.map((l) => l.questions.right) };
  };
  function study(store: ReturnType<typeof openProgressStore>, count: number, seed: number, end: string): void {
    for (const e of syntheticHistory(course as HistoryCourse, count, { seed, days: 5, end: new Date(end) })) {
      const { id: _id, ...input } = e as ProgressEvent & { id: string };
      store.record(input as ProgressEventInput);
    }
  }

  it('re-importing an export, or an older export, of the same progress counts nothing twice', () => {
    const store = openProgressStore({ home: tempHome(), compaction });
    study(store, 300, 1, '2026-11-01T00:00:00Z');
    const older = join(tempHome(), 'older.json');
    store.exportTo(older);
    study(store, 300, 2, '2026-11-10T00:00:00Z'); // folds the older export's last events too
    const latest = join(tempHome(), 'latest.json');
    store.exportTo(latest);
    const before = seen(store.events());
    const size = store.size;
    expect(store.importFrom(latest).added).toBe(0);
    expect(store.importFrom(older).added).toBe(0);
    expect(seen(store.events())).toEqual(before);
    expect(store.size).toBe(size);
  });

  it('importing another learner history adds its study time, tests and count to this one', () => {
    const mine = openProgressStore({ home: tempHome(), compaction });
    study(mine, 300, 1, '2026-11-01T00:00:00Z');
    const other = openProgressStore({ home: tempHome(), compaction });
    study(other, 300, 7, '2026-11-20T00:00:00Z');
    const file = join(tempHome(), 'other.json');
    other.exportTo(file);
    const a = seen(mine.events());
    const b = seen(other.events());
    const sizes = mine.size + other.size;
    expect(mine.importFrom(file)).toMatchObject({ events: other.size, added: other.size });
    const both = seen(mine.events());
    expect(both.studiedMs).toBe(a.studiedMs + b.studiedMs);
    expect(both.tests).toEqual(a.tests.map((n, i) => n + b.tests[i]!));
    expect(mine.size).toBe(sizes);
    expect(mine.importFrom(file).added).toBe(0); // and only once
    expect(seen(mine.events())).toEqual(both);
  });

  it('export refuses to overwrite an existing file unless forced', () => {
    const store = openProgressStore({ home: tempHome() });
    store.record(answer('q1'));
    const file = join(tempHome(), 'notes.json');
    writeFileSync(file, 'my notes');
    expect(() => store.exportTo(file)).toThrow(/notes\.json: it already exists; not overwriting it \(add --force to replace it\)/);
    expect(readFileSync(file, 'utf8')).toBe('my notes');
    expect(store.exportTo(file, { force: true }).events).toBe(1);
    expect(openProgressStore({ home: tempHome() }).importFrom(file).added).toBe(1);
  });
});

describe('reset', () => {
  it('backs up the file before clearing it, and says where', () => {
    const home = tempHome();
    const store = openProgressStore({ home, now: () => new Date('2026-11-23T19:30:00Z') });
    store.record(answer('q1'));
    const before = readFileSync(store.path, 'utf8');
    const report = store.reset();
    expect(report.cleared).toBe(1);
    expect(report.backupPath).toBe(join(home, 'progress.backup-2026-11-23T19-30-00.json'));
    expect(readFileSync(report.backupPath!, 'utf8')).toBe(before);
    expect(store.events()).toEqual([]);
    expect(openProgressStore({ home }).events()).toEqual([]);
    expect(store.importFrom(report.backupPath!).added).toBe(1); // and it can be brought back
  });

  it('is not undone by another instance that still had the old events in memory', () => {
    const home = tempHome();
    const a = openProgressStore({ home });
    a.record(answer('q1'));
    const b = openProgressStore({ home });
    expect(b.events()).toHaveLength(1);
    a.reset();
    b.record(answer('q2'));
    expect(openProgressStore({ home }).events().map((e) => e.type === 'answer' && e.questionId)).toEqual(['q2']);
  });
});

describe('format versions and migrations', () => {
  it('migrates a version 0 store (no version, events without ids) on open, keeping every event', () => {
    const home = tempHome();
    const v0 = { events: [answer('q1'), answer('q2', false), { ...answer('q3'), id: 'kept-id' }] };
    writeFileSync(join(home, 'progress.json'), JSON.stringify(v0));
    const store = openProgressStore({ home });
    expect(store.notices).toEqual([]);
    expect(store.events().map((e) => e.type === 'answer' && e.questionId).sort()).toEqual(['q1', 'q2', 'q3']);
    expect(store.events().map((e) => e.id)).toContain('kept-id');
    const onDisk = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(onDisk).toMatchObject({ app: 'mtls-tutor', version: 2 });
    expect(onDisk.events.every((e: { id?: string }) => typeof e.id === 'string')).toBe(true);
  });

  it('runs each migration in order from the file’s version to the current one', () => {
    const chain: Record<number, Migration> = {
      ...MIGRATIONS,
      1: (d) => ({ ...d, version: 2, events: (d.events as object[]).map((e) => ({ ...e, step1: true })) }),
      2: (d) => ({ ...d, version: 3, events: (d.events as object[]).map((e) => ({ ...e, step2: true })) }),
    };
    const result = classify({ events: [answer('q1')] }, chain, 3);
    expect(result.ok && result.migratedFrom).toBe(0);
    expect(result.ok && result.data.events[0]).toMatchObject({ questionId: 'q1', step1: true, step2: true });
    const fromOne = classify({ app: 'mtls-tutor', version: 2, events: [{ ...answer('q1'), id: 'x' }] }, chain, 3);
    expect(fromOne.ok && fromOne.data.events[0]).toMatchObject({ step2: true });
    expect(fromOne.ok && fromOne.data.events[0]).not.toHaveProperty('step1');
  });
});
