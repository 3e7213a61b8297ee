import { compileCourse } from '../../../src/content/compile.js';
import { shippedLessonsDir } from '../../../src/content/course.js';
import { EVAL_DIR, HELD_OUT_DIRS, evaluate, loadEvalFiles, report } from './evaluate.js';
import { existsSync } from 'node:fs';

/** `npm run eval:explain`: the evaluation table, for the tuned set and the held-out set. `--verbose` lists misses. */
export function main(argv: string[]): number {
  const course = compileCourse(shippedLessonsDir());
  const prompts = new Map(course.lessons.flatMap((l) => l.explain).map((p) => [p.id, p]));
  const verbose = argv.includes('--verbose');
  const sets: Array<[string, string]> = [
    ['Evaluation set (test/learning/explain-eval; the statements were written and tuned with it)', EVAL_DIR],
    ['Held-out batch 1 (held-out/; three generic gaps it showed were fixed after its first run)', HELD_OUT_DIRS[0]!],
    ['Held-out batch 2 (held-out-2/; written after the last change, never tuned on)', HELD_OUT_DIRS[1]!],
  ];
  for (const [title, dir] of sets) {
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
