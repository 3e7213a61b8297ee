import { describe, expect, it } from 'vitest';
import { newEventId, parseEvent, sortEvents } from '../../src/learning/events.js';

describe('progress events', () => {
  const good = { id: 'x1', type: 'answer', at: '2026-03-02T10:00:00.000Z', lessonId: 'l', questionId: 'q', choice: 1, correct: false, hintUsed: true, mode: 'practice' };

  it('accepts every well-formed event type', () => {
    const events = [
      good,
      { id: 'a', type: 'card-review', at: '2026-03-02T10:00:00Z', lessonId: 'l', cardId: 'c', rating: 'good' },
      { id: 'b', type: 'test-result', at: '2026-03-02T10:00:00Z', lessonId: 'l', score: 7, total: 10, verdict: 'developing', questionIds: ['q'], breakdown: { easy: { right: 3, total: 3 }, medium: { right: 2, total: 4 }, hard: { right: 2, total: 3 } } },
      { id: 'f', type: 'test-start', at: '2026-03-02T10:00:00Z', lessonId: 'l', questionIds: ['q1', 'q2'] },
      { id: 'c', type: 'explain-attempt', at: '2026-03-02T10:00:00Z', lessonId: 'l', promptId: 'p', covered: ['x'], total: 3 },
      { id: 'd', type: 'lab-prediction', at: '2026-03-02T10:00:00Z', labId: 'good', predicted: 'ok', actual: 'ok' },
      { id: 'e', type: 'study-time', at: '2026-03-02T10:00:00+01:00', ms: 5000, mode: 'learn' },
    ];
    for (const e of events) expect(parseEvent(e), e.type).toEqual(e);
  });

  it('rejects malformed events and unknown types (they are kept in the file but ignored)', () => {
    expect(parseEvent({ ...good, id: undefined })).toBeUndefined();
    expect(parseEvent({ ...good, at: 'yesterday' })).toBeUndefined();
    expect(parseEvent({ ...good, choice: -1 })).toBeUndefined();
    expect(parseEvent({ ...good, mode: 'exam' })).toBeUndefined();
    expect(parseEvent({ ...good, type: 'future-thing' })).toBeUndefined();
    expect(parseEvent({ ...good, type: 'toString' })).toBeUndefined();
    expect(parseEvent({ id: 'a', type: 'card-review', at: '2026-03-02T10:00:00Z', lessonId: 'l', cardId: 'c', rating: 5 })).toBeUndefined();
    expect(parseEvent({ id: 'f', type: 'test-start', at: '2026-03-02T10:00:00Z', lessonId: 'l', questionIds: [] })).toBeUndefined();
    expect(parseEvent(null)).toBeUndefined();
    expect(parseEvent('answer')).toBeUndefined();
  });

  it('reads explain attempts with and without the answer, self-marks and contradictions (older events lack them)', () => {
    const old = { id: 'c', type: 'explain-attempt', at: '2026-03-02T10:00:00Z', lessonId: 'l', promptId: 'p', covered: ['x'], total: 3 };
    const full = { ...old, answer: 'The server sends...', selfMarked: ['y'], contradicted: ['z'], notAnExplanation: false };
    expect(parseEvent(old)).toEqual(old);
    expect(parseEvent(full)).toEqual(full);
    for (const bad of [{ answer: 3 }, { selfMarked: 'y' }, { selfMarked: [1] }, { contradicted: [null] }, { notAnExplanation: 'no' }]) {
      expect(parseEvent({ ...full, ...bad }), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('makes ids that differ and sort by time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newEventId(new Date('2026-03-02T10:00:00Z'))));
    expect(ids.size).toBe(1000);
    expect(newEventId(new Date('2026-03-02T10:00:00Z')) < newEventId(new Date('2026-03-03T10:00:00Z'))).toBe(true);
  });

  it('orders events by time, then id', () => {
    const a = { id: 'b', at: '2026-03-02T10:00:00Z' };
    const b = { id: 'a', at: '2026-03-02T10:00:00Z' };
    const c = { id: 'c', at: '2026-03-01T10:00:00Z' };
    expect(sortEvents([a, b, c]).map((e) => e.id)).toEqual(['c', 'a', 'b']);
  });
});
