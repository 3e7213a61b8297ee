import { describe, expect, it } from 'vitest';
import { whenText } from '../../../src/ui/text/when.js';

describe('whenText', () => {
  // Local times, so the calendar-day boundaries are the learner's own.
  const now = new Date(2026, 10, 23, 9, 30);

  it('counts calendar days, not 24-hour spans', () => {
    expect(whenText(new Date(2026, 10, 23, 0, 5).toISOString(), now)).toBe('earlier today');
    expect(whenText(new Date(2026, 10, 22, 23, 55).toISOString(), now)).toBe('yesterday');
    expect(whenText(new Date(2026, 10, 22, 0, 5).toISOString(), now)).toBe('yesterday');
    expect(whenText(new Date(2026, 10, 20, 12, 0).toISOString(), now)).toBe('3 days ago');
  });

  it('says "earlier today" for a clock that ran ahead', () => {
    expect(whenText(new Date(2026, 10, 24, 8, 0).toISOString(), now)).toBe('earlier today');
  });
});
