import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/content/course.js';
import { scoreExplanation } from '../../src/learning/explain.js';

// The scorer against the real course. A failure here means a prompt's statements do not recognise the lesson's
// own wording, or its misconceptions catch the truth.
describe('explain scoring on the shipped lessons', async () => {
  const course = await loadCourse();
  const sets = course.synonyms ?? {};
  const prompts = course.lessons.flatMap((l) => l.explain);

  it('has prompts, each with at least two misconceptions', () => {
    expect(prompts.length).toBeGreaterThanOrEqual(14);
    for (const p of prompts) expect(p.concepts.flatMap((c) => c.misconceptions ?? []).length, p.id).toBeGreaterThanOrEqual(2);
  });

  it('gives every model answer all its concepts and finds no false claim in it', () => {
    const problems: string[] = [];
    for (const prompt of prompts) {
      const model = scoreExplanation(prompt.modelAnswer, prompt, sets);
      for (const c of model.missed) problems.push(`${prompt.id}: the model answer misses "${c.name}"`);
      for (const c of model.contradicted) problems.push(`${prompt.id}: the model answer contradicts "${c.concept.name}" in: ${c.claim}`);
    }
    expect(problems).toEqual([]);
  });

  it('credits each concept for its own "says" sentence, and finds each misconception in its own claim', () => {
    const problems: string[] = [];
    for (const prompt of prompts) {
      for (const concept of prompt.concepts) {
        const says = scoreExplanation(concept.says, prompt, sets);
        if (!says.covered.some((c) => c.concept === concept)) problems.push(`${prompt.id}: "${concept.says}" does not cover "${concept.name}"`);
        if (says.contradicted.length > 0) problems.push(`${prompt.id}: "${concept.says}" contradicts ${says.contradicted.map((c) => c.concept.name).join(', ')}`);
        for (const m of concept.misconceptions ?? []) {
          const claim = scoreExplanation(`${m.claim[0]!.toUpperCase()}${m.claim.slice(1)}.`, prompt, sets);
          if (!claim.contradicted.some((c) => c.concept === concept)) problems.push(`${prompt.id}: the claim "${m.claim}" is not found as a misconception of "${concept.name}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives nothing for a vague answer, and 0 to the issue’s keyword lists on every prompt', () => {
    for (const prompt of prompts) {
      const vague = scoreExplanation('I am not sure, something about computers talking over the network, because of security reasons.', prompt, sets);
      expect(vague.covered.map((c) => c.concept.name), `${prompt.id}: off-topic answer covers`).toEqual([]);
      for (const list of [
        'server cert certificate request private key trust store reject',
        'banana server certificate purple certificaterequest private key trust store refused giraffe',
      ]) {
        expect(scoreExplanation(list, prompt, sets), `${prompt.id}: ${list}`).toMatchObject({ score: 0, notAnExplanation: true });
      }
    }
  });
});
