import { parseEvent, sortEvents, type ProgressEvent } from '../learning/events.js';
import { renameEventIds, type StoredEvent } from './format.js';

/**
 * Every event the store hands out passes through here, from the file's summary and events alike: the ones of
 * types this version knows, in time order. The one place to adapt loaded progress (e.g. ids renamed in lessons).
 */
export function progressView(stored: Iterable<StoredEvent>, renames: ReadonlyMap<string, string> = new Map()): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  for (const entry of stored) {
    // Progress recorded under an id a lesson has since renamed (renamedIds) is shown under the new id.
    const event = parseEvent(renameEventIds(entry, renames));
    if (event) events.push(event);
  }
  return sortEvents(events);
}
