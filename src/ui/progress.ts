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

/** A store that becomes available a moment after the first frame (see `lazyStore`). */
export interface LazyStore extends ProgressStoreLike {
  /** Resolves once the real store is open (or failed to open; then a notice says so and progress stays in memory). */
  readonly ready: Promise<void>;
}

/**
 * Opens the real store after the first frame: loading conf (and its JSON-schema validator) costs start-up time the
 * home screen should not wait for. Until it is open, events recorded are kept and then written, in order.
 */
export function lazyStore(open: () => Promise<ProgressStoreLike>): LazyStore {
  let real: ProgressStoreLike | undefined;
  const early = memoryStore();
  const notices: { message: string }[] = [];
  const ready = open().then(
    (store) => {
      for (const event of early.events()) {
        const { id: _id, ...input } = event;
        store.record(input as ProgressEventInput);
      }
      real = store;
    },
    (error: unknown) => {
      real = early;
      notices.push({ message: `Your progress could not be opened (${error instanceof Error ? error.message : String(error)}); this session is kept in memory only.` });
    },
  );
  return {
    ready,
    events: () => (real ?? early).events(),
    record: (event) => (real ?? early).record(event),
    refresh: () => real?.refresh?.(),
    get notices() {
      return [...notices, ...(real?.notices ?? [])];
    },
  };
}
