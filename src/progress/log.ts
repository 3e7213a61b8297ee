import { randomBytes } from 'node:crypto';
import { sortEvents } from '../learning/events.js';
import { reviewKey } from '../learning/scheduling.js';
import { compactHistory } from './compact.js';
import { APP, FORMAT_VERSION, type ProgressData, type StoredEvent } from './format.js';

/** Progress in memory: the file's content, with entries by id for merging. */
export interface ProgressLog {
  /** The revision of the file this log was read from or written to (see ProgressData.revision). */
  revision?: string;
  origin?: string;
  folded: Record<string, number>;
  through?: { at: string; id: string };
  summary: Map<string, StoredEvent>;
  events: Map<string, StoredEvent>;
}

/**
 * Raw events kept before the oldest are folded into the summary: when there are more than RAW_LIMIT, all but the
 * newest RAW_KEEP are folded. Saving an answer then reads and writes at most this many events plus the summary
 * (its size set by the course, and a line per day studied), however long the history.
 */
export const RAW_LIMIT = 500;
export const RAW_KEEP = 200;

export function emptyLog(origin?: string): ProgressLog {
  return { ...(origin ? { origin } : {}), folded: {}, summary: new Map(), events: new Map() };
}

export function toLog(data: ProgressData): ProgressLog {
  return {
    ...(data.revision ? { revision: data.revision } : {}),
    ...(data.origin ? { origin: data.origin } : {}),
    folded: { ...data.folded },
    ...(data.through ? { through: data.through } : {}),
    summary: new Map(data.summary.map((e) => [e.id, e])),
    events: new Map(data.events.map((e) => [e.id, e])),
  };
}

export function toData(log: ProgressLog): ProgressData {
  return {
    app: APP,
    version: FORMAT_VERSION,
    ...(log.revision ? { revision: log.revision } : {}),
    ...(log.origin ? { origin: log.origin } : {}),
    folded: log.folded,
    ...(log.through ? { through: log.through } : {}),
    summary: sortEvents([...log.summary.values()]),
    events: sortEvents([...log.events.values()]),
  };
}

/** A copy to change without touching the original (its entries are shared: they are never changed in place). */
export function copyLog(log: ProgressLog): ProgressLog {
  return { ...log, folded: { ...log.folded }, summary: new Map(log.summary), events: new Map(log.events) };
}

/** How many events the log stands for: those folded into its summary, and those kept as they are. */
export function logSize(log: ProgressLog): number {
  return Object.values(log.folded).reduce((sum, n) => sum + n, 0) + log.events.size;
}

/** Folds the oldest events into the summary once there are more than `limit`, leaving the newest `keep`. */
export function compactLog(log: ProgressLog, limit = RAW_LIMIT, keep = RAW_KEEP): void {
  if (log.events.size <= limit) return;
  log.origin ??= randomBytes(6).toString('hex');
  const sorted = sortEvents([...log.events.values()]);
  const fold = sorted.slice(0, sorted.length - keep);
  const kept = sorted.slice(sorted.length - keep);
  // An undo (u in Recall) goes with the review it takes back: folded with it, or the review would count again.
  const foldedReviews = new Set(fold.filter((e) => e.type === 'card-review').map((e) => reviewKey(String(e.cardId), e.at)));
  const undoOfFolded = (e: StoredEvent) => e.type === 'card-review-undo' && foldedReviews.has(reviewKey(String(e.cardId), String(e.reviewAt)));
  fold.push(...kept.filter(undoOfFolded));
  const summary = compactHistory([...log.summary.values()], fold, log.origin);
  log.summary = new Map(summary.map((e) => [e.id, e]));
  log.events = new Map(kept.filter((e) => !undoOfFolded(e)).map((e) => [e.id, e]));
  log.folded[log.origin] = (log.folded[log.origin] ?? 0) + fold.length;
  const last = fold.at(-1)!;
  if (!log.through || isAfter(last, log.through)) log.through = { at: last.at, id: last.id };
}

/** Whether `a` comes after `b` in the log's order (time, then id). */
export function isAfter(a: { at: string; id: string }, b: { at: string; id: string }): boolean {
  const d = Date.parse(a.at) - Date.parse(b.at);
  return d > 0 || (d === 0 && a.id > b.id);
}
