import type { ProgressEvent, ProgressEventInput } from '../learning/events.js';
import { isAfter } from './log.js';

/** Study time recorded within one quarter hour (UTC) is kept in one event: every local day boundary is on one. */
const COALESCE_MS = 15 * 60_000;

/**
 * Study time is recorded with every answer and grade (562 of 695 events in a five-minute session). The same
 * lesson and mode's study time within one quarter hour (UTC) goes into one event instead, the time of the latest:
 * the total is the same, and so is the local day of each (every time zone's midnight falls on a quarter hour).
 * Returns `last` with `input` added to it, or undefined when `input` must be an event of its own.
 */
export function addToStudyTime(last: ProgressEvent | undefined, input: ProgressEventInput): ProgressEvent | undefined {
  if (input.type !== 'study-time' || last?.type !== 'study-time' || last.lessonId !== input.lessonId || last.mode !== input.mode) return undefined;
  if (Math.floor(Date.parse(last.at) / COALESCE_MS) !== Math.floor(Date.parse(input.at) / COALESCE_MS)) return undefined;
  return { ...last, at: isAfter({ at: input.at, id: '' }, { at: last.at, id: '' }) ? input.at : last.at, ms: last.ms + input.ms };
}
