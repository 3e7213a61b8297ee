import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP, FORMAT_VERSION, serialize, type StoredEvent } from '../../src/progress/format.js';
import { IMPORT_LIMITS, openProgressStore, ProgressFileError } from '../../src/progress/store.js';
import { answer, tempHome } from './helpers.js';

/** A thousand answers to different questions, one a minute: events that compaction keeps one by one. */
function thousandAnswers(): StoredEvent[] {
  return Array.from({ length: 1_000 }, (_, i) => ({ ...answer(`q${i}`, i % 3 !== 0, new Date(Date.UTC(2026, 2, 2, 10, i)).toISOString()), id: `e-${String(i).padStart(4, '0')}` }) as unknown as StoredEvent);
}
const v2 = (events: StoredEvent[]) => serialize({ app: APP, version: FORMAT_VERSION, folded: {}, summary: [], events });
const v1 = (events: StoredEvent[]) => `{"app":"mtls-tutor","version":1,"events":[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;

function importError(run: () => unknown): ProgressFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProgressFileError) return error;
    throw error;
  }
  throw new Error('the import was not refused');
}

describe('a damaged progress file', () => {
  it.each([
    ['this version', v2],
    ['version 1', v1],
  ])('cut short (written by %s) keeps every complete event, says how many, and its backup can be imported', (_, format) => {
    const home = tempHome();
    const file = join(home, 'progress.json');
    writeFileSync(file, format(thousandAnswers()));
    truncateSync(file, readFileSync(file).length - 30);
    const store = openProgressStore({ home, now: () => new Date('2026-11-23T19:30:00Z') });
    expect(store.persistent).toBe(true);
    expect(store.notices.map((n) => n.kind)).toEqual(['salvaged']);
    expect(store.notices[0]!.message).toMatch(/^Your progress file was damaged \(not valid JSON .*\); it was saved as .*progress\.corrupt-2026-11-23T19-30-00\.json\. 999 entries could be kept\.$/);
    expect(store.size).toBe(999);
    expect(openProgressStore({ home }).size).toBe(999); // written back whole

    const elsewhere = openProgressStore({ home: tempHome() });
    const report = elsewhere.importFrom(store.notices[0]!.backupPath!);
    expect(report).toMatchObject({ events: 999, added: 999, damaged: { kept: 999 } });
    expect(report.damaged?.problem).toMatch(/^not valid JSON/);
  });

  it('with a corrupt line in the middle keeps every other entry', () => {
    const home = tempHome();
    const file = join(home, 'progress.json');
    const lines = v2(thousandAnswers()).split('\n');
    lines[500] = '{"id":"e-0497","type":"answer","at":"2026-03-02T18:17:00.000Z","lesso\u0000\u0000 garbage';
    writeFileSync(file, lines.join('\n'));
    const store = openProgressStore({ home });
    expect(store.notices[0]!.message).toMatch(/999 entries could be kept/);
    expect(store.events().map((e) => e.id)).not.toContain('e-0497');
  });

  it('written on one line and cut short keeps the complete events before the cut', () => {
    const home = tempHome();
    const file = join(home, 'progress.json');
    const text = JSON.stringify({ app: 'mtls-tutor', version: 1, events: thousandAnswers().slice(0, 10) });
    writeFileSync(file, text.slice(0, text.lastIndexOf('"mode"')));
    const store = openProgressStore({ home });
    expect(store.notices[0]!.message).toMatch(/9 entries could be kept/);
    expect(store.size).toBe(9);
  });

  it('starting with a UTF-8 byte order mark is read as it is, with no notice', () => {
    const home = tempHome();
    writeFileSync(join(home, 'progress.json'), `\uFEFF${v2(thousandAnswers().slice(0, 3))}`);
    const store = openProgressStore({ home });
    expect(store.notices).toEqual([]);
    expect(store.size).toBe(3);
    const file = join(tempHome(), 'bom.json');
    writeFileSync(file, `\uFEFF${v1(thousandAnswers().slice(0, 5))}`);
    expect(openProgressStore({ home: tempHome() }).importFrom(file)).toMatchObject({ events: 5, added: 5 });
  });
});

describe('import refuses an implausible file', () => {
  it(`larger than ${IMPORT_LIMITS.bytes / 2 ** 20} MB, before reading it`, () => {
    const file = join(tempHome(), 'huge.json');
    writeFileSync(file, '{"app":"mtls-tutor","version":2,"events":[');
    truncateSync(file, IMPORT_LIMITS.bytes + 1); // sparse: no disk used
    const store = openProgressStore({ home: tempHome() });
    expect(importError(() => store.importFrom(file)).message).toBe(`${file}: it is 64 MB, more than a progress file can plausibly be (the limit is 64 MB)`);
    expect(store.size).toBe(0);
  });

  it(`listing more than ${IMPORT_LIMITS.entries.toLocaleString('en')} entries`, { timeout: 60_000 }, () => {
    const file = join(tempHome(), 'many.json');
    const entry = (i: number) => `{"id":"${i.toString(36)}","type":"x","at":"2026-01-01T00:00:00Z"}`;
    writeFileSync(file, `{"app":"mtls-tutor","version":2,"folded":{},"summary":[],"events":[${Array.from({ length: IMPORT_LIMITS.entries + 1 }, (_, i) => entry(i)).join(',')}]}`);
    const store = openProgressStore({ home: tempHome() });
    expect(importError(() => store.importFrom(file)).message).toBe(`${file}: it lists 500,001 entries, more than a progress file can plausibly hold (the limit is 500,000)`);
    expect(store.size).toBe(0);
  });
});
