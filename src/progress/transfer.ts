import { linkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseEvent, studyDayStart } from '../learning/events.js';
import { utcDay } from './compact.js';
import { eventCount, serialize, type ProgressData, type StoredEvent } from './format.js';
import { inWords } from './fs-words.js';
import { isAfter, type ProgressLog } from './log.js';
import { readProgressFile } from './read.js';

/**
 * The most a file to import may be: progress of years of daily study is well under a megabyte once compacted, and
 * an uncompacted file of an earlier version holds ~180 bytes an event. Anything larger is not a progress file
 * (or would take minutes and gigabytes to merge), and is refused before it is read.
 */
export const IMPORT_LIMITS = { bytes: 64 * 2 ** 20, entries: 500_000 } as const;

/** A file given to import/export that cannot be used; the message names the file and the problem. */
export class ProgressFileError extends Error {
  override name = 'ProgressFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export interface ImportReport {
  file: string;
  /** Events the file stands for, and how many of them were not already in this progress. */
  events: number;
  added: number;
  migratedFrom?: number;
  /** The file was damaged: what was wrong, and how many complete entries were read from it all the same. */
  damaged?: { problem: string; kept: number };
}

export interface CheckedImport {
  data: ProgressData;
  migratedFrom?: number;
  damaged?: { problem: string; kept: number };
}

/**
 * Reads and checks a file to import. A damaged file (a truncated one, the backup of a corrupt progress file)
 * gives every complete entry it holds; anything that is not usable progress throws a ProgressFileError.
 */
export function checkImport(file: string): CheckedImport {
  const fail = (problem: string): never => {
    throw new ProgressFileError(file, problem);
  };
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) fail('it is a folder, not a file');
    if (!stat.isFile()) fail('it is not a regular file');
    if (stat.size > IMPORT_LIMITS.bytes) {
      fail(`it is ${megabytes(stat.size)}, more than a progress file can plausibly be (the limit is ${megabytes(IMPORT_LIMITS.bytes)})`);
    }
  } catch (error) {
    if (error instanceof ProgressFileError) throw error;
    fail((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read it (${inWords(error)})`);
  }
  const read = readProgressFile(file);
  switch (read.kind) {
    case 'missing':
      return fail('no such file');
    case 'unreadable':
      return fail(`cannot read it (${read.problem})`);
    case 'foreign':
    case 'newer':
      return fail(read.problem);
    case 'damaged':
      if (read.kept === 0) return fail(/^(not valid JSON|it is empty)/.test(read.problem) ? `not a progress file: ${read.problem}` : `not a valid progress file: ${read.problem}`);
      break;
    case 'ok':
      break;
  }
  const entries = read.data.summary.length + read.data.events.length;
  if (entries > IMPORT_LIMITS.entries) {
    fail(`it lists ${entries.toLocaleString('en')} entries, more than a progress file can plausibly hold (the limit is ${IMPORT_LIMITS.entries.toLocaleString('en')})`);
  }
  return {
    data: read.data,
    ...(read.migratedFrom !== undefined ? { migratedFrom: read.migratedFrom } : {}),
    ...(read.kind === 'damaged' ? { damaged: { problem: read.problem, kept: read.kept } } : {}),
  };
}

/** The events an entry of compacted history stands for: the larger of two copies of one entry is the later. */
function weight(entry: StoredEvent): number {
  const e = parseEvent(entry);
  if (e?.type === 'card-state') return e.reviews;
  if (e?.type === 'study-month') return e.days.reduce((sum, day) => sum + day[4], 0);
  if (e?.type === 'tests-taken') return e.count;
  return 0;
}

/**
 * Merges imported progress into `log` (changed in place); returns how many of the file's events were new.
 *
 * Events are merged by id, as before: one already here is not added again. Entries of compacted history are
 * merged by id too, keeping the later copy of each (an older export of the same store has smaller ones). One
 * case cannot be told by id: an event no newer than what this store has folded, on a day its summary counts,
 * may be one of the events folded here. Such an event is added only when it shows something the summary does
 * not: a later answer to its question (or its first right one), a later test start, lab or explain attempt, a
 * later review of its card, a better or later test. A copy of a folded event never does (the summary holds what
 * it showed, or later), so nothing is counted twice; study time of such a day is not added.
 */
export function mergeImport(log: ProgressLog, incoming: ProgressData): number {
  let added = 0;
  const countedDays = new Set<string>();
  for (const stored of log.summary.values()) {
    const entry = parseEvent(stored);
    if (entry?.type === 'study-month') for (const day of entry.days) countedDays.add(utcDay(new Date(studyDayStart(entry, day)).toISOString()));
  }
  let shown: ReturnType<typeof whatIsShown> | undefined;
  const isNew = (event: StoredEvent): boolean => {
    if (log.summary.has(event.id) || log.events.has(event.id)) return false;
    const maybeFolded = log.through !== undefined && !isAfter(event, log.through) && countedDays.has(utcDay(event.at));
    return !maybeFolded || showsMore(event, (shown ??= whatIsShown(log)));
  };
  // The other store's summary: its own entries by weight, the events it kept (counted in them) as events are.
  const fromSummary: StoredEvent[] = [];
  for (const entry of incoming.summary) {
    if (!SUMMARY_TYPES.has(entry.type)) {
      if (isNew(entry)) fromSummary.push(entry);
      continue;
    }
    const here = log.summary.get(entry.id);
    if (here ? weight(entry) > weight(here) : !log.events.has(entry.id)) log.summary.set(entry.id, entry);
  }
  for (const entry of fromSummary) log.summary.set(entry.id, entry);
  for (const event of incoming.events) {
    if (!isNew(event)) continue;
    log.events.set(event.id, event);
    added++;
  }
  for (const [origin, count] of Object.entries(incoming.folded)) {
    const here = log.folded[origin] ?? 0;
    if (count > here) {
      added += count - here;
      log.folded[origin] = count;
    }
  }
  return added;
}

const SUMMARY_TYPES = new Set(['card-state', 'study-month', 'tests-taken']);

type Latest = Map<string, { at: string; id: string }>;

/** The latest event per key (question, lesson, lab, prompt, card), the questions answered right, the best tests. */
function whatIsShown(log: ProgressLog) {
  const latest: Latest = new Map();
  const right = new Set<string>();
  const best = new Map<string, number>();
  const note = (key: string, e: { at: string; id: string }) => {
    const before = latest.get(key);
    if (!before || isAfter(e, before)) latest.set(key, e);
  };
  for (const stored of [...log.summary.values(), ...log.events.values()]) {
    const e = parseEvent(stored);
    const key = e && keyOf(e);
    if (!e || key === undefined) continue;
    note(key, e);
    if (e.type === 'answer' && e.correct) right.add(e.questionId);
    if (e.type === 'test-result') best.set(e.lessonId, Math.max(best.get(e.lessonId) ?? 0, e.score / e.total));
  }
  return { latest, right, best };
}

function keyOf(e: NonNullable<ReturnType<typeof parseEvent>>): string | undefined {
  switch (e.type) {
    case 'answer':
      return `answer ${e.questionId}`;
    case 'test-start':
    case 'test-result':
      return `${e.type} ${e.lessonId}`;
    case 'lab-prediction':
      return `lab ${e.labId}`;
    case 'explain-attempt':
      return `explain ${e.lessonId} ${e.promptId}`;
    case 'card-review':
    case 'card-state':
      return `card ${e.cardId}`;
    default:
      return undefined;
  }
}

function showsMore(stored: StoredEvent, shown: ReturnType<typeof whatIsShown>): boolean {
  const e = parseEvent(stored);
  const key = e && keyOf(e);
  if (!e || key === undefined) return false;
  const latest = shown.latest.get(key);
  if (!latest || isAfter(e, latest)) return true;
  if (e.type === 'answer') return e.correct && !shown.right.has(e.questionId);
  if (e.type === 'test-result') return e.score / e.total > (shown.best.get(e.lessonId) ?? 0);
  return false;
}

/**
 * Writes progress to `file`: through a temp file beside it, then a hard link, which (unlike a rename) fails if
 * the name is taken by then; with `force`, renamed over whatever is there.
 */
export function writeExport(file: string, data: ProgressData, force: boolean): { file: string; events: number } {
  const target = resolve(file);
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, serialize(data), { flag: 'wx' });
    if (force) renameSync(temp, target);
    else linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ProgressFileError(file, 'it already exists; not overwriting it (add --force to replace it)');
    throw new ProgressFileError(file, `cannot write it (${code === 'ENOENT' ? 'no such folder' : inWords(error)})`);
  } finally {
    try {
      unlinkSync(temp); // linked (or never made); after a rename it is gone already
    } catch {
      // gone
    }
  }
  return { file: target, events: eventCount(data) };
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;
}
