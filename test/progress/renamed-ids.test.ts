import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { run, type ProgressJson } from '../../src/cli/progress.js';
import { checkCourse } from '../../src/content/check.js';
import { formatError, parseLesson } from '../../src/content/load.js';
import { lessonSchema, type Lesson } from '../../src/content/schema.js';
import type { ProgressEventInput } from '../../src/learning/events.js';
import { lessonProgress } from '../../src/learning/mastery.js';
import { unfinishedTest } from '../../src/learning/test-session.js';
import { renameEventIds, renamesOf } from '../../src/progress/format.js';
import { openProgressStore } from '../../src/progress/store.js';
import { fixtureLesson, FIXTURE_FILE, toYaml } from '../content/helpers.js';
import { makeLesson, minutesAfter, T0 } from '../learning/fixtures.js';
import { tempHome } from './helpers.js';

/** makeLesson('r'), after a release renamed two of its ids (the old ones are what older progress holds). */
const renamed: Lesson = (() => {
  const lesson = makeLesson('r');
  lesson.cards[0]!.id = 'r-card-first';
  lesson.questions[0]!.id = 'r-easy-first';
  return lessonSchema.parse({ ...lesson, renamedIds: { 'r-card-0': 'r-card-first', 'r-easy-0': 'r-easy-first', 'r-easy-zero': 'r-easy-first' } });
})();

const at = (minutes: number) => minutesAfter(T0, minutes).toISOString();
/** Progress recorded before the rename, under the old ids. */
const OLD: ProgressEventInput[] = [
  { type: 'card-review', at: at(0), lessonId: 'r', cardId: 'r-card-0', rating: 'good' },
  { type: 'card-review', at: at(10), lessonId: 'r', cardId: 'r-card-0', rating: 'good' },
  { type: 'answer', at: at(11), lessonId: 'r', questionId: 'r-easy-0', choice: 0, correct: true, hintUsed: false, mode: 'practice' },
  { type: 'test-start', at: at(12), lessonId: 'r', questionIds: ['r-easy-0', 'r-easy-1', 'r-easy-2', 'r-medium-0', 'r-medium-1', 'r-medium-2', 'r-medium-3', 'r-hard-0', 'r-hard-1', 'r-hard-2'] },
  { type: 'answer', at: at(12), lessonId: 'r', questionId: 'r-easy-0', choice: 1, correct: false, hintUsed: false, mode: 'test' },
];

describe('renamedIds in a lesson', () => {
  const withRenames = (renamedIds: unknown) => parseLesson(FIXTURE_FILE, toYaml({ ...fixtureLesson(), renamedIds }));

  it('maps old ids to ids of the lesson', () => {
    const { lesson, errors } = withRenames({ 'fix-old-question': 'fix-q-1', 'fix-old-card': 'fix-card-2' });
    expect(errors).toEqual([]);
    expect(lesson?.renamedIds).toEqual({ 'fix-old-question': 'fix-q-1', 'fix-old-card': 'fix-card-2' });
  });

  it('rejects a new id the lesson does not have, and an old id that is not a slug, at their lines', () => {
    const source = toYaml({ ...fixtureLesson(), renamedIds: { 'fix-old': 'fix-q-99' } });
    const { errors } = parseLesson('l.yaml', source);
    const line = source.split('\n').findIndex((l) => l.includes('fix-old: fix-q-99')) + 1;
    expect(errors.map(formatError)).toEqual([`l.yaml:${line}: renamedIds.fix-old: 'fix-old' is renamed to 'fix-q-99', which is not a card, question or explain prompt of this lesson`]);
    expect(withRenames({ Fix_Old: 'fix-q-1' }).errors.map((e) => e.message)).toEqual(['old id "Fix_Old" must be lower-case words joined by dashes, as ids are']);
    expect(withRenames(['fix-q-1']).errors.map((e) => e.message)).toEqual(['renamedIds must map each old id to its new id (old-id: new-id)']);
  });

  it('rejects an old id that is still live anywhere in the course, or renamed by two lessons', () => {
    const a = lessonSchema.parse({ ...fixtureLesson(), renamedIds: { 'fix-q-3': 'fix-q-1', 'two-card-1': 'fix-card-1', 'gone-id': 'fix-q-2' } });
    const b = lessonSchema.parse({ ...structuredClone(fixtureLesson()), id: 'two' });
    b.cards.forEach((c, i) => (c.id = `two-card-${i}`));
    b.questions.forEach((q, i) => (q.id = `two-q-${i}`));
    b.explain.forEach((e, i) => (e.id = `two-explain-${i}`));
    b.renamedIds = { 'gone-id': 'two-q-0' };
    const errors = checkCourse([
      { file: 'a.yaml', lesson: a },
      { file: 'b.yaml', lesson: b },
    ]).map(formatError);
    expect(errors).toEqual([
      "a.yaml: renamedIds.fix-q-3: 'fix-q-3' is renamed, so it must not be used again, but it is the id at a.yaml questions[3].id",
      "a.yaml: renamedIds.two-card-1: 'two-card-1' is renamed, so it must not be used again, but it is the id at b.yaml cards[1].id",
      "b.yaml: renamedIds.gone-id: 'gone-id' is already renamed at a.yaml; an old id can be renamed once",
    ]);
  });
});

describe('progress under renamed ids', () => {
  const renames = renamesOf([renamed]);

  it('reads each event under the new id, and again changes nothing', () => {
    const [review, , right, start] = OLD;
    expect(renameEventIds({ ...review!, id: 'x' }, renames)).toMatchObject({ cardId: 'r-card-first' });
    expect(renameEventIds({ ...right!, id: 'x' }, renames)).toMatchObject({ questionId: 'r-easy-first' });
    const moved = renameEventIds({ ...start!, id: 'x' }, renames);
    expect((moved as { questionIds?: string[] }).questionIds).toEqual(['r-easy-first', ...(start as { questionIds: string[] }).questionIds.slice(1)]);
    expect(renameEventIds(moved, renames)).toEqual(moved);
    const untouched = { type: 'answer', id: 'y', questionId: 'r-easy-1' };
    expect(renameEventIds(untouched, renames)).toBe(untouched);
    expect(renameEventIds({ type: 'explain-attempt', id: 'z', promptId: 'old-p' }, new Map([['old-p', 'new-p']]))).toMatchObject({ promptId: 'new-p' });
  });

  it('carries schedules, answers and a test left part-way over to the new ids, keeping the file as recorded', () => {
    const home = tempHome();
    const before = openProgressStore({ home });
    for (const event of OLD) before.record(event);
    const onDisk = readFileSync(before.path, 'utf8');

    const store = openProgressStore({ home, renames });
    const events = store.events();
    expect(events.filter((e) => e.type === 'card-review').map((e) => (e as { cardId: string }).cardId)).toEqual(['r-card-first', 'r-card-first']);
    const progress = lessonProgress(renamed, events, minutesAfter(T0, 13));
    expect(progress.questions.right).toBe(1); // answered right under its old id
    expect(unfinishedTest(renamed, events)?.answers).toEqual([{ choice: 1, correct: false }]); // resumable: its questions still exist
    expect(readFileSync(store.path, 'utf8')).toBe(onDisk); // reading renames nothing on disk

    store.record({ type: 'answer', at: at(20), lessonId: 'r', questionId: 'r-easy-first', choice: 0, correct: true, hintUsed: false, mode: 'practice' });
    const raw = JSON.parse(readFileSync(store.path, 'utf8')).events as Array<Record<string, unknown>>;
    expect(raw).toHaveLength(OLD.length + 1); // nothing lost
    expect(raw.filter((e) => e.questionId === 'r-easy-0')).toHaveLength(2); // the old records, as they were
    expect(openProgressStore({ home, renames }).events()).toEqual(openProgressStore({ home, renames }).events()); // stable
  });

  it('counts in mtls-tutor progress --json under the new ids', async () => {
    const home = tempHome();
    const store = openProgressStore({ home });
    for (const event of OLD) store.record(event);
    const io = bufferIo();
    const code = await run(['--json'], io, {
      loadCourse: async () => ({ lessons: [renamed], policyScenarios: { peer: [], authz: [] } }),
      openStore: (options) => openProgressStore({ ...options, home }),
      now: () => minutesAfter(T0, 13),
    });
    expect(code).toBe(0);
    const lesson = (JSON.parse(io.stdout) as ProgressJson).lessons[0]!;
    expect(lesson.questions.right).toBe(1);
    expect(lesson.cards.new).toBe(renamed.cards.length - 1); // r-card-first was reviewed, as r-card-0
  });
});

