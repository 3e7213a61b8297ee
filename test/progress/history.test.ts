import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/content/course.js';
import type { Course } from '../../src/content/schema.js';
import type { ProgressEvent, ProgressEventInput } from '../../src/learning/events.js';
import { summarizeProgress } from '../../src/learning/mastery.js';
import { mistakes } from '../../src/learning/mistakes.js';
import { openProgressStore } from '../../src/progress/store.js';
import { tempHome } from './helpers.js';
import { syntheticHistory } from './synthetic-history.js';

let course: Course;
beforeAll(async () => {
  course = await loadCourse();
});

const NOW = new Date('2026-11-21T08:00:00Z');
const onDisk = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { version: number; summary: unknown[]; events: unknown[] };
const seen = (events: readonly ProgressEvent[]) => ({
  summary: summarizeProgress(course.lessons, events, NOW),
  mistakes: mistakes(course.lessons, events).map((m) => m.question.id),
});

describe('a long history', () => {
  it('is folded as it grows: the file stays short, and a restart shows the same progress and count', { timeout: 60_000 }, () => {
    const home = tempHome();
    const store = openProgressStore({ home, compaction: { limit: 60, keep: 20 } });
    const recorded = new Map<string, ProgressEvent>();
    for (const event of syntheticHistory(course, 600, { seed: 4, days: 12 })) {
      const { id: _id, ...input } = event as ProgressEvent & { id: string };
      const stored = store.record(input as ProgressEventInput);
      recorded.set(stored.id, stored); // study time may be added to the previous event: the latest copy counts
    }
    const file = onDisk(store.path);
    expect(file.events.length).toBeLessThanOrEqual(60);
    expect(file.summary.length).toBeGreaterThan(0);
    const reopened = openProgressStore({ home });
    expect(reopened.notices).toEqual([]);
    expect(reopened.size).toBe(recorded.size);
    expect(seen(reopened.events())).toEqual(seen([...recorded.values()]));
  });

  it('in a version 1 file is migrated on open, every event counted, and written back compacted', { timeout: 60_000 }, () => {
    const home = tempHome();
    const events = [...syntheticHistory(course, 3_000, { seed: 9, days: 20 })];
    writeFileSync(join(home, 'progress.json'), `{"app":"mtls-tutor","version":1,"events":[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`);
    const store = openProgressStore({ home });
    expect(store.notices).toEqual([]);
    expect(store.size).toBe(3_000);
    expect(seen(store.events())).toEqual(seen(events));
    const file = onDisk(store.path);
    expect(file.version).toBe(2);
    expect(file.events.length).toBeLessThanOrEqual(1_000);
    expect(seen(openProgressStore({ home }).events())).toEqual(seen(events));
  });
});

describe('study time', () => {
  const studied = (at: string, ms: number, mode: 'practice' | 'recall' = 'practice'): ProgressEventInput => ({ type: 'study-time', at, ms, mode, lessonId: 'l' });

  it('recorded with every answer is kept in one event per quarter hour, lesson and mode, with the same total', () => {
    const home = tempHome();
    const store = openProgressStore({ home });
    for (let s = 0; s < 100; s++) store.record(studied(new Date(Date.parse('2026-03-02T10:00:00Z') + s * 5_000).toISOString(), 5_000));
    store.record(studied('2026-03-02T10:09:00Z', 1_000, 'recall')); // another mode
    store.record(studied('2026-03-02T10:15:00Z', 2_000)); // the next quarter hour
    const times = openProgressStore({ home }).events().filter((e) => e.type === 'study-time');
    expect(times.map((e) => [e.at, e.type === 'study-time' && e.ms])).toEqual([
      ['2026-03-02T10:08:15.000Z', 500_000],
      ['2026-03-02T10:09:00Z', 1_000],
      ['2026-03-02T10:15:00Z', 2_000],
    ]);
  });
});
