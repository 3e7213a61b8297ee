import { join, resolve } from 'node:path';
import { checkItemWriting } from '../content/check.js';
import { shippedLessonsDir } from '../content/course.js';
import { checkCourseDir } from '../content/compile.js';
import { formatError, loadLessonDir } from '../content/load.js';
import { ITEM_WRITING_LIMITS } from '../content/item-writing.js';
import { lessonJsonSchema } from '../content/schema.js';
import { courseStats } from '../content/stats.js';
import { parseFlags } from './args.js';
import { type CliIo, UsageError } from './io.js';
import { knownLabIds, tlsLabShapes } from './known-labs.js';
import { runSubcommand } from './subcommands.js';
import { checkErrorTable, ERRORS_FOLDER } from '../why/table.js';

const HELP = `Usage
  mtls-tutor lessons check [DIR]     validate every lesson file in DIR (default: the shipped lessons)
  mtls-tutor lessons stats [--json]  count lessons, cards, questions by difficulty, explain prompts, labs,
                                     and how often the correct choice is the longest (itemWriting)
  mtls-tutor lessons schema          print the lesson format as JSON Schema (point your editor at it)`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runSubcommand('lessons', argv, io, HELP, {
    check: (rest) => check(parseFlags('lessons check', rest, {}).positionals, io),
    stats: (rest) => {
      const { values, positionals } = parseFlags('lessons stats', rest, { json: { type: 'boolean' } });
      return stats(positionals, values.json === true, io);
    },
    schema: (rest) => {
      const { positionals } = parseFlags('lessons schema', rest, {});
      if (positionals.length > 0) throw new UsageError(`lessons schema takes no arguments (got '${positionals[0]}')`);
      io.out(JSON.stringify(lessonJsonSchema(), null, 2));
      return 0;
    },
  });
}

function check(positionals: string[], io: CliIo): number {
  if (positionals.length > 1) throw new UsageError('lessons check takes at most one folder');
  const dir = positionals[0] ? resolve(positionals[0]) : shippedLessonsDir();
  const { lessons, policyScenarios, labs, errors } = checkCourseDir(dir, knownLabIds(), tlsLabShapes(), { labTextsRequired: positionals[0] === undefined });
  // Limits on the course as a whole are only meaningful once every lesson loads.
  if (errors.length === 0) errors.push(...checkItemWriting(lessons));
  const policyIds = [...policyScenarios.peer, ...policyScenarios.authz].map((s) => s.id);
  const table = checkErrorTable(dir, { labIds: new Set([...knownLabIds(), ...policyIds]), lessonIds: new Set(lessons.map((l) => l.lesson.id)) });
  errors.push(...(table?.errors ?? []));
  if (errors.length > 0) {
    for (const e of errors) io.err(formatError(e));
    io.err(`\n${errors.length} problem${errors.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  const s = courseStats(lessons.map((l) => l.lesson));
  const labTexts = labs.found ? `, ${Object.keys(labs.texts).length} lab texts` : '';
  const prepared = policyScenarios.peer.length + policyScenarios.authz.length;
  io.out(`✓ ${s.lessons} lesson${s.lessons === 1 ? '' : 's'} valid in ${dir}: ${s.cards} cards, ${s.questions.easy + s.questions.medium + s.questions.hard} questions, ${s.explainPrompts} explain prompts, ${s.labs} labs${labTexts}, ${prepared} policy scenarios`);
  if (table) io.out(`✓ ${table.signatures} error signatures (${table.stacks} stacks) valid in ${join(dir, ERRORS_FOLDER)}`);
  return 0;
}

function stats(positionals: string[], json: boolean, io: CliIo): number {
  if (positionals.length > 0) throw new UsageError(`lessons stats takes no arguments (got '${positionals[0]}')`);
  const dir = shippedLessonsDir();
  const { lessons, errors } = loadLessonDir(dir);
  if (errors.length > 0) {
    for (const e of errors) io.err(formatError(e));
    io.err(`\nthe lessons have problems; run 'mtls-tutor lessons check'`);
    return 1;
  }
  const s = courseStats(lessons.map((l) => l.lesson));
  if (json) {
    io.out(JSON.stringify(s));
    return 0;
  }
  io.out(
    [
      `lessons          ${s.lessons}`,
      `recall cards     ${s.cards}`,
      `questions        ${s.questions.easy + s.questions.medium + s.questions.hard} (easy ${s.questions.easy}, medium ${s.questions.medium}, hard ${s.questions.hard})`,
      `explain prompts  ${s.explainPrompts}`,
      `labs referenced  ${s.labs}`,
      `correct choice   longest in ${pct(s.itemWriting.correctIsLongest)} of questions (limit ${pct(ITEM_WRITING_LIMITS.correctIsLongest)}), 20%+ longer in ${pct(s.itemWriting.correctMuchLonger)} (limit ${pct(ITEM_WRITING_LIMITS.correctMuchLonger)})`,
    ].join('\n'),
  );
  return 0;
}

const pct = (fraction: number) => `${Math.round(fraction * 100)}%`;
