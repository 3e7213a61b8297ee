import { newEventId, type ProgressEvent, type ProgressEventInput } from '../learning/events.js';

/**
 * What the UI needs from the progress store (src/progress's ProgressStore fits): every event so far, a way to
 * record one at once (written to disk before `record` returns), and optionally a re-read of what other
 * instances wrote and the notices the store raised (disk full, corrupt file backed up...).
 */
export interface ProgressStoreLike {
  events(): readonly ProgressEvent[];
  record(event: ProgressEventInput): unknown;
  refresh?(): void;
  readonly notices?: readonly { message: string }[];
}

/** A store that keeps events in memory only (tests; nothing is saved). */
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
