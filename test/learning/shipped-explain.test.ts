import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/content/course.js';
import { scoreExplanation } from '../../src/learning/explain.js';

// The scorer against the real course: a lesson's own model answer must score full marks, and an off-topic
// answer nothing. A failure here means a concept's `matches` do not recognise the lesson's own wording.
describe('explain scoring on the shipped lessons', () => {
  it('gives every model answer all its concepts, and a vague off-topic answer none', async () => {
    const { lessons } = await loadCourse();
    const prompts = lessons.flatMap((l) => l.explain);
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) {
      const model = scoreExplanation(prompt.modelAnswer, prompt);
      expect(model.missed.map((c) => c.name), `${prompt.id}: model answer misses`).toEqual([]);
      const vague = scoreExplanation('I am not sure, something about computers talking over the network, because of security reasons.', prompt);
      expect(vague.covered.map((c) => c.name), `${prompt.id}: off-topic answer covers`).toEqual([]);
    }
  });
});
