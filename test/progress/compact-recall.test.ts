/**
 * Compaction and the Recall rules that came with it: a card proven by a recall after a day stays known once its
 * reviews are folded into a card-state entry, and a grade taken back with u stays taken back, wherever the fold
 * falls between the grade and its undo.
 */
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/learning/events.js';
import { cardMemories, isKnown } from '../../src/learning/scheduling.js';
import type { StoredEvent } from '../../src/progress/format.js';
import { compactLog, emptyLog } from '../../src/progress/log.js';
import { progressView } from '../../src/progress/view.js';

const DAY = 24 * 60 * 60_000;
const T0 = Date.parse('2026-11-01T09:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
let n = 0;
const id = () => `e${String(n++).padStart(5, '0')}`;
const review = (cardId: string, ms: number, rating: 'again' | 'hard' | 'good' | 'easy'): ProgressEvent => ({ id: id(), type: 'card-review', at: at(ms), lessonId: 'l', cardId, rating });
const undo = (cardId: string, ms: number, reviewMs: number): ProgressEvent => ({ id: id(), type: 'card-review-undo', at: at(ms), lessonId: 'l', cardId, reviewAt: at(reviewMs) }) as ProgressEvent;
const filler = (ms: number): ProgressEvent => ({ id: id(), type: 'study-time', at: at(ms), lessonId: 'l', mode: 'learn', ms: 1000 }) as ProgressEvent;

/** The card memories a learner sees from a log, after folding all but the newest `keep` events. */
function memoriesAfterFold(events: ProgressEvent[], keep: number) {
  const log = emptyLog('test');
  for (const e of events) log.events.set(e.id, e as unknown as StoredEvent);
  compactLog(log, keep, keep);
  return cardMemories(progressView([...log.summary.values(), ...log.events.values()]));
}

describe('compacted history and the Recall rules', () => {
  it('a card proven by a recall a day later is still known when its reviews are folded', () => {
    const events = [review('c1', 0, 'good'), review('c1', 10 * 60_000, 'good'), review('c1', 2 * DAY, 'good'), ...Array.from({ length: 30 }, (_, i) => filler(3 * DAY + i))];
    expect(isKnown(cardMemories(events).get('c1'))).toBe(true);
    expect(isKnown(memoriesAfterFold(events, 10).get('c1'))).toBe(true);
  });

  it('an undone grade stays undone when the fold falls between the grade and its undo', () => {
    const events = [review('c2', 0, 'good'), review('c2', 60_000, 'easy'), undo('c2', 61_000, 60_000), ...Array.from({ length: 30 }, (_, i) => filler(120_000 + i))];
    const live = cardMemories(events).get('c2')!;
    expect(live.reviews).toBe(1);
    // Keep exactly the undo and everything after it: the grade it takes back is folded.
    const folded = memoriesAfterFold(events, 31).get('c2')!;
    expect(folded.reviews).toBe(1);
    expect(folded.lastRating).toBe('good');
    expect(folded.fsrs.due.toISOString()).toBe(live.fsrs.due.toISOString());
  });
});
