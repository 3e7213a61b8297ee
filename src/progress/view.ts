import { parseEvent, sortEvents, type ProgressEvent } from '../learning/events.js';
import type { StoredEvent } from './format.js';

/**
 * Every event the store hands out passes through here, from the file's summary and events alike: the ones of
 * types this version knows, in time order. The one place to adapt loaded progress (e.g. ids renamed in lessons).
 */
export function progressView(stored: Iterable<StoredEvent>): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  for (const entry of stored) {
    const event = parseEvent(entry);
    if (event) events.push(event);
  }
  return sortEvents(events);
}
