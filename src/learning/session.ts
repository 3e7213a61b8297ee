import type { ProgressEventInput, StudyMode } from './events.js';

/**
 * What every mode's session state shares. Reducers put the progress events an action produced in `events`
 * (empty when it produced none); the screen hands them to the progress store straight away:
 *
 *   const next = practiceReducer(state, action);
 *   for (const event of next.events) store.record(event);
 *   setState(next);
 *
 * (or use `step` below). Keeping events in the state, rather than recording inside the reducer, keeps reducers
 * pure, so React may call them twice without writing twice.
 */
export interface SessionBase {
  /** Events produced by the last action, to be recorded now. */
  events: ProgressEventInput[];
  /** Time of the learner's previous action (ms since epoch), for study time. */
  lastActionAt: number;
  /** Study time not yet written in a study-time event. */
  unsavedMs: number;
}

/** Gaps longer than this between two actions count as this much: the learner probably walked away. */
export const IDLE_CAP_MS = 5 * 60_000;

/** Every learner action may carry the time it happened; when absent, the reducer uses the clock. */
export interface Timed {
  now?: Date;
}

export function timeOf(action: Timed): Date {
  return action.now ?? new Date();
}

export function startSession(now: Date): SessionBase {
  return { events: [], lastActionAt: now.getTime(), unsavedMs: 0 };
}

/** Accounts for the time since the previous action and clears last action's events. */
export function tick(state: SessionBase, now: Date): SessionBase {
  const gap = Math.max(0, Math.min(IDLE_CAP_MS, now.getTime() - state.lastActionAt));
  return { events: [], lastActionAt: now.getTime(), unsavedMs: state.unsavedMs + gap };
}

/**
 * Emits `events` together with a study-time event for the time accumulated so far (if any), so study time is
 * saved every time anything else is.
 */
export function emit(state: SessionBase, now: Date, mode: StudyMode, lessonId: string | undefined, events: ProgressEventInput[]): SessionBase {
  const time: ProgressEventInput[] =
    state.unsavedMs > 0 ? [{ type: 'study-time', at: now.toISOString(), ms: Math.round(state.unsavedMs), mode, ...(lessonId ? { lessonId } : {}) }] : [];
  // Only the session fields: callers spread this over their own next state.
  return { events: [...events, ...time], lastActionAt: state.lastActionAt, unsavedMs: 0 };
}

/** Runs a reducer and records what it emitted, in one call. */
export function step<S extends SessionBase, A>(reducer: (state: S, action: A) => S, state: S, action: A, record: (event: ProgressEventInput) => void): S {
  const next = reducer(state, action);
  for (const event of next.events) record(event);
  return next;
}

/** For pages without questions (Learn, Cheat sheet): the study-time event to record when the learner leaves. */
export function studyTimeEvent(startedAt: Date, now: Date, mode: StudyMode, lessonId?: string): ProgressEventInput | undefined {
  const ms = Math.max(0, Math.min(now.getTime() - startedAt.getTime(), 30 * 60_000));
  if (ms === 0) return undefined;
  return { type: 'study-time', at: now.toISOString(), ms, mode, ...(lessonId ? { lessonId } : {}) };
}
