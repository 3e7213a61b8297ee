import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ExplainPrompt, SynonymSets } from '../../../src/content/schema.js';
import { scoreExplanation } from '../../../src/learning/explain.js';

/**
 * The explain-scoring evaluation: hand-labelled answers per prompt (see README.md here), scored by the real
 * scorer and compared with the label. Used by test/learning/explain-eval.test.ts (which holds the targets) and
 * by `npm run eval:explain` (which prints the table).
 */

export const KINDS = ['expert', 'partial', 'keywords', 'contradiction', 'offtopic'] as const;
export type Kind = (typeof KINDS)[number];

export interface EvalAnswer {
  kind: Kind;
  /** 1-based numbers of the concepts a strict grader credits. */
  covers: number[];
  text: string;
}

export interface EvalFile {
  file: string;
  prompt: string;
  answers: EvalAnswer[];
}

export interface EvalRow {
  prompt: string;
  kind: Kind;
  text: string;
  total: number;
  /** Concepts the label credits. */
  label: number;
  /** Concepts the scorer credited. */
  scored: number;
  notAnExplanation: boolean;
  /** Names of the concepts the scorer found contradicted. */
  contradicted: string[];
  /** Concepts (1-based) where scorer and label disagree, for reading the misses. */
  disagreeOn: number[];
  /** Whether the answer meets its kind's target. */
  meetsTarget: boolean;
}

export const EVAL_DIR = new URL('./', import.meta.url).pathname;
export const HELD_OUT_DIRS = [join(EVAL_DIR, 'held-out'), join(EVAL_DIR, 'held-out-2')];

/** Every file of a folder: one prompt per file (`prompt:` at the top), or a `prompt` on each answer. */
export function loadEvalFiles(dir: string): EvalFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((name) => {
      const data = parse(readFileSync(join(dir, name), 'utf8')) as { prompt?: string; answers: Array<EvalAnswer & { prompt?: string }> };
      const file = join(dir, name);
      if (data.prompt) return [{ file, prompt: data.prompt, answers: data.answers }];
      const prompts = [...new Set(data.answers.map((a) => a.prompt!))];
      return prompts.map((prompt) => ({ file, prompt, answers: data.answers.filter((a) => a.prompt === prompt) }));
    });
}

/** The target each kind of answer is held to (issue 11). */
export function meetsTarget(kind: Kind, scored: number, label: number, total: number, notAnExplanation: boolean, contradicted: number): boolean {
  switch (kind) {
    case 'expert':
      return scored / total >= 0.8;
    case 'partial':
      return Math.abs(scored - label) <= 1;
    case 'keywords':
    case 'offtopic':
      return notAnExplanation || scored / total <= 0.2;
    case 'contradiction':
      return scored / total <= 0.4 && contradicted >= 1;
  }
}

export function evaluate(files: readonly EvalFile[], prompts: ReadonlyMap<string, ExplainPrompt>, sets: SynonymSets): EvalRow[] {
  const rows: EvalRow[] = [];
  for (const file of files) {
    const prompt = prompts.get(file.prompt);
    if (!prompt) throw new Error(`${file.file}: no explain prompt '${file.prompt}'`);
    for (const answer of file.answers) {
      const result = scoreExplanation(answer.text, prompt, sets);
      const total = prompt.concepts.length;
      const credited = new Set(result.covered.map((c) => prompt.concepts.indexOf(c.concept) + 1));
      const labelled = new Set(answer.covers);
      const disagreeOn = prompt.concepts.map((_, i) => i + 1).filter((n) => credited.has(n) !== labelled.has(n));
      rows.push({
        prompt: file.prompt,
        kind: answer.kind,
        text: answer.text,
        total,
        label: labelled.size,
        scored: result.score,
        notAnExplanation: result.notAnExplanation,
        contradicted: result.contradicted.map((c) => c.concept.name),
        disagreeOn,
        meetsTarget: meetsTarget(answer.kind, result.score, labelled.size, total, result.notAnExplanation, result.contradicted.length),
      });
    }
  }
  return rows;
}

/** Per prompt and overall: answers meeting their target, and concept-level agreement with the labels. */
export function report(rows: readonly EvalRow[]): string {
  const lines: string[] = [];
  const pct = (n: number, d: number) => (d === 0 ? '  -' : `${Math.round((100 * n) / d)}%`.padStart(4));
  const cell = (r: EvalRow) => (r.notAnExplanation ? 'list' : `${r.scored}/${r.total}`) + (r.contradicted.length > 0 ? '!' : '') + (r.meetsTarget ? '' : '✗');
  lines.push(`${'prompt'.padEnd(36)} ${KINDS.map((k) => k.padEnd(13)).join(' ')} targets  concepts`);
  const prompts = [...new Set(rows.map((r) => r.prompt))];
  for (const prompt of prompts) {
    const mine = rows.filter((r) => r.prompt === prompt);
    const cells = KINDS.map((k) =>
      mine
        .filter((r) => r.kind === k)
        .map(cell)
        .join(' ')
        .padEnd(13),
    );
    const met = mine.filter((r) => r.meetsTarget).length;
    const pairs = mine.reduce((n, r) => n + r.total, 0);
    const agree = mine.reduce((n, r) => n + r.total - r.disagreeOn.length, 0);
    lines.push(`${prompt.padEnd(36)} ${cells.join(' ')} ${pct(met, mine.length)}     ${pct(agree, pairs)}`);
  }
  lines.push('');
  for (const kind of KINDS) {
    const mine = rows.filter((r) => r.kind === kind);
    const share = mine.reduce((n, r) => n + r.scored / r.total, 0) / Math.max(1, mine.length);
    const flagged = mine.filter((r) => r.notAnExplanation).length;
    const named = mine.filter((r) => r.contradicted.length > 0).length;
    lines.push(
      `${kind.padEnd(13)} ${String(mine.length).padStart(3)} answers, ${pct(mine.filter((r) => r.meetsTarget).length, mine.length)} meet the target; mean credit ${Math.round(100 * share)}%` +
        (flagged ? `; ${flagged} flagged not an explanation` : '') +
        (named ? `; ${named} with a misconception named` : ''),
    );
  }
  const pairs = rows.reduce((n, r) => n + r.total, 0);
  const agree = rows.reduce((n, r) => n + r.total - r.disagreeOn.length, 0);
  lines.push('');
  lines.push(`overall: ${rows.filter((r) => r.meetsTarget).length}/${rows.length} answers meet their target (${pct(rows.filter((r) => r.meetsTarget).length, rows.length).trim()}); concept-level agreement with the labels ${pct(agree, pairs).trim()} (${agree}/${pairs})`);
  lines.push('cells: concepts credited / total, "list" = flagged not an explanation, ! = a misconception named, ✗ = misses its target');
  return lines.join('\n');
}
