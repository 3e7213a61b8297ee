import { loadCourse } from '../content/course.js';
import type { Course, ExplainPrompt } from '../content/schema.js';
import { scoreExplanation, scoreJson, type ExplanationScore } from '../learning/explain.js';
import { parseFlags } from './args.js';
import { type CliIo, UsageError, UserError } from './io.js';
import { runSubcommand } from './subcommands.js';

const HELP = `Usage
  mtls-tutor explain list [--json]             the explain prompts, with their lesson
  mtls-tutor explain score PROMPT_ID [--json]  score an answer read from stdin, as the tutor does

  echo "The server sends its certificate ..." | mtls-tutor explain score basics-explain-how-mtls-works

The answer scores a concept when one of its sentences states it (not negated); a sentence that makes a known
false claim earns that concept nothing and is shown with the correction; a list of terms scores 0.`;

/** Reads all of stdin as text (the answer). Injected so tests need not pipe. */
export type ReadInput = () => Promise<string>;

export async function run(argv: string[], io: CliIo, readInput: ReadInput = readStdin): Promise<number> {
  return runSubcommand('explain', argv, io, HELP, {
    list: (rest) => list(rest, io),
    score: (rest) => score(rest, io, readInput),
  });
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('explain list', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return help(io);
  if (positionals.length > 0) throw new UsageError(`explain list takes no arguments (got '${positionals[0]}')`);
  const rows = (await course()).lessons.flatMap((lesson) => lesson.explain.map((p) => ({ id: p.id, lesson: lesson.id, prompt: p.prompt, concepts: p.concepts.length })));
  if (values.json === true) {
    io.out(JSON.stringify(rows));
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length), 2);
  io.out(rows.map((r) => `${r.id.padEnd(width)}  ${r.lesson}`).join('\n'));
  return 0;
}

async function score(argv: string[], io: CliIo, readInput: ReadInput): Promise<number> {
  const { values, positionals } = parseFlags('explain score', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return help(io);
  if (positionals.length !== 1) throw new UsageError(`explain score takes one PROMPT_ID (got ${positionals.length}). Run 'mtls-tutor explain list' for the ids.`);
  const id = positionals[0]!;
  const loaded = await course();
  const prompt = loaded.lessons.flatMap((l) => l.explain).find((p) => p.id === id);
  if (!prompt) {
    const ids = loaded.lessons.flatMap((l) => l.explain.map((p) => p.id));
    throw new UsageError(`unknown explain prompt '${id}'. Prompts: ${ids.join(', ')}`);
  }
  let answer: string;
  try {
    answer = await readInput();
  } catch (error) {
    throw new UserError(`cannot read the answer from stdin: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (answer.trim() === '') throw new UserError('no answer on stdin: pipe or type the explanation, then end the input (Ctrl+D)');
  const result = scoreExplanation(answer, prompt, loaded.synonyms ?? {});
  io.out(values.json === true ? JSON.stringify(scoreJson(prompt.id, result)) : describe(prompt, result));
  return 0;
}

function help(io: CliIo): number {
  io.out(HELP);
  return 0;
}

async function course(): Promise<Course> {
  try {
    return await loadCourse();
  } catch (error) {
    if (error instanceof Error && error.name === 'CourseError') throw new UserError(error.message);
    throw error;
  }
}

/** The result for a person: the score, each concept with the learner's sentence or what a good answer says. */
export function describe(prompt: ExplainPrompt, result: ExplanationScore): string {
  const lines = [`${prompt.id}: ${result.score}/${result.total} concepts`];
  if (result.notAnExplanation) lines.push(`not an explanation: ${result.reason ?? ''}`);
  for (const r of result.results) {
    if (r.status === 'covered') lines.push(`✓ ${r.concept.name}`, `    you wrote: "${r.evidence}"`);
    else if (r.status === 'contradicted') lines.push(`✗ ${r.concept.name} (contradicted)`, `    you wrote: "${r.claim}"`, `    in fact: ${r.misconception.correction}`);
    else lines.push(`· ${r.concept.name} (missed)`, `    a good answer says: ${r.concept.says}`);
  }
  return lines.join('\n');
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Type or paste your explanation, then press Ctrl+D on a new line.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
