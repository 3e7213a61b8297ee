import { resolve } from 'node:path';
import { shippedLessonsDir } from '../content/course.js';
import { checkCourseDir } from '../content/compile.js';
import { formatError, loadLessonDir } from '../content/load.js';
import { lessonJsonSchema } from '../content/schema.js';
import { courseStats } from '../content/stats.js';
import { parseFlags } from './args.js';
import { type CliIo, UsageError } from './io.js';
import { knownLabIds } from './known-labs.js';

const HELP = `Usage
  mtls-tutor lessons check [DIR]     validate every lesson file in DIR (default: the shipped lessons)
  mtls-tutor lessons stats [--json]  count lessons, cards, questions by difficulty, explain prompts, labs
  mtls-tutor lessons schema          print the lesson format as JSON Schema (point your editor at it)`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseFlags(`lessons ${sub ?? ''}`.trim(), rest, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (sub === undefined || sub === '--help' || sub === '-h' || values.help) {
    io.out(HELP);
    return sub === undefined ? 2 : 0;
  }
  switch (sub) {
    case 'check':
      return check(positionals, io);
    case 'stats':
      return stats(positionals, values.json === true, io);
    case 'schema':
      io.out(JSON.stringify(lessonJsonSchema(), null, 2));
      return 0;
    default:
      throw new UsageError(`unknown lessons command '${sub}'.\n${HELP}`);
  }
}

function check(positionals: string[], io: CliIo): number {
  if (positionals.length > 1) throw new UsageError('lessons check takes at most one folder');
  const dir = positionals[0] ? resolve(positionals[0]) : shippedLessonsDir();
  const { lessons, policyScenarios, errors } = checkCourseDir(dir, knownLabIds());
  if (errors.length > 0) {
    for (const e of errors) io.err(formatError(e));
    io.err(`\n${errors.length} problem${errors.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  const s = courseStats(lessons.map((l) => l.lesson));
  const prepared = policyScenarios.peer.length + policyScenarios.authz.length;
  io.out(`✓ ${s.lessons} lesson${s.lessons === 1 ? '' : 's'} valid in ${dir}: ${s.cards} cards, ${s.questions.easy + s.questions.medium + s.questions.hard} questions, ${s.explainPrompts} explain prompts, ${s.labs} labs, ${prepared} policy scenarios`);
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
    ].join('\n'),
  );
  return 0;
}
