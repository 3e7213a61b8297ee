import { describe, expect, it } from 'vitest';
import { compileCourse } from '../../src/content/compile.js';
import { shippedLessonsDir } from '../../src/content/course.js';
import { EVAL_DIR, KINDS, evaluate, loadEvalFiles, type EvalRow } from './explain-eval/evaluate.js';

// The targets of issue 11 on the hand-labelled evaluation set (test/learning/explain-eval/). `npm run
// eval:explain` prints the same figures as a table, and the held-out set beside them.
describe('explain scoring against hand-labelled answers', () => {
  const course = compileCourse(shippedLessonsDir());
  const prompts = new Map(course.lessons.flatMap((l) => l.explain).map((p) => [p.id, p]));
  const files = loadEvalFiles(EVAL_DIR);
  const rows = evaluate(files, prompts, course.synonyms ?? {});
  const describeRow = (r: EvalRow) => `${r.prompt} ${r.kind}: scored ${r.scored}/${r.total} (label ${r.label})${r.notAnExplanation ? ', flagged' : ''}${r.contradicted.length ? `, contradicted ${r.contradicted.join('; ')}` : ''}`;

  it('has, for every prompt, two expert answers, a partial one, a keyword list, a contradiction and an off-topic one', () => {
    expect(new Set(files.map((f) => f.prompt))).toEqual(new Set(prompts.keys()));
    for (const file of files) {
      const count = (kind: string) => file.answers.filter((a) => a.kind === kind).length;
      expect(count('expert'), file.prompt).toBeGreaterThanOrEqual(2);
      for (const kind of KINDS.filter((k) => k !== 'expert')) expect(count(kind), `${file.prompt} ${kind}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('credits expert answers with at least 80% of the concepts', () => {
    expect(rows.filter((r) => r.kind === 'expert' && r.scored / r.total < 0.8).map(describeRow)).toEqual([]);
  });

  it('scores partial answers within one concept of their label', () => {
    expect(rows.filter((r) => r.kind === 'partial' && Math.abs(r.scored - r.label) > 1).map(describeRow)).toEqual([]);
  });

  it('gives keyword lists and off-topic answers at most 20% (or flags them as not an explanation)', () => {
    expect(rows.filter((r) => (r.kind === 'keywords' || r.kind === 'offtopic') && !r.notAnExplanation && r.scored / r.total > 0.2).map(describeRow)).toEqual([]);
  });

  it('gives fluent answers that contradict three key points at most 40%, naming a misconception', () => {
    expect(rows.filter((r) => r.kind === 'contradiction' && (r.scored / r.total > 0.4 || r.contradicted.length === 0)).map(describeRow)).toEqual([]);
  });

  it('agrees with the labels concept by concept on at least 90% of the pairs', () => {
    const pairs = rows.reduce((n, r) => n + r.total, 0);
    const agree = rows.reduce((n, r) => n + r.total - r.disagreeOn.length, 0);
    expect(agree / pairs).toBeGreaterThanOrEqual(0.9);
  });
});
