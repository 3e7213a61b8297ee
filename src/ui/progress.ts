import { newEventId, type ProgressEvent, type ProgressEventInput } from '../learning/events.js';

/**
 * What the UI needs from the progress store: every event so far, and a way to record one at once (the store
 * writes it to disk before `record` returns). The real store (src/progress) satisfies this; tests and a store
 * that failed to open use `memoryStore`.
 */
export interface ProgressStoreLike {
  events(): readonly ProgressEvent[];
  record(event: ProgressEventInput): unknown;
}

/** A store that keeps events in memory only. */
export function memoryStore(initial: readonly ProgressEvent[] = []): ProgressStoreLike {
  const events: ProgressEvent[] = [...initial];
  return {
    events: () => events,
    record(input) {
      const event = { ...input, id: newEventId() } as ProgressEvent;
      events.push(event);
      return event;
    },
  };
}
