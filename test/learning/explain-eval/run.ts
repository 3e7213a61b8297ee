import { compileCourse } from '../../../src/content/compile.js';
import { shippedLessonsDir } from '../../../src/content/course.js';
import { EVAL_DIR, HELD_OUT_DIR, evaluate, loadEvalFiles, report } from './evaluate.js';
import { existsSync } from 'node:fs';

/** `npm run eval:explain`: the evaluation table, for the tuned set and the held-out set. `--verbose` lists misses. */
export function main(argv: string[]): number {
  const course = compileCourse(shippedLessonsDir());
  const prompts = new Map(course.lessons.flatMap((l) => l.explain).map((p) => [p.id, p]));
  const verbose = argv.includes('--verbose');
  for (const [title, dir] of [['Evaluation set (test/learning/explain-eval)', EVAL_DIR], ['Held-out set (never tuned on)', HELD_OUT_DIR]] as const) {
    if (!existsSync(dir)) continue;
    const rows = evaluate(loadEvalFiles(dir), prompts, course.synonyms ?? {});
    console.log(`\n${title}\n`);
    console.log(report(rows));
    if (verbose) {
      for (const r of rows.filter((row) => !row.meetsTarget || row.disagreeOn.length > 0)) {
        console.log(`\n${r.prompt} ${r.kind}: scored ${r.scored}, label ${r.label}; disagree on concepts ${r.disagreeOn.join(', ')}${r.contradicted.length ? `; contradicted: ${r.contradicted.join('; ')}` : ''}${r.notAnExplanation ? '; flagged' : ''}\n  ${r.text.trim().replace(/\n/g, '\n  ')}`);
      }
    }
  }
  return 0;
}
