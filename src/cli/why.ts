import { parseFlags } from './args.js';
import { type CliIo, UsageError, UserError } from './io.js';
import { readStdin } from './stdin.js';
import { asksForHelp } from './subcommands.js';

export const WHY_HELP = `mtls-tutor why — what a TLS error message means, and where to look

Usage
  mtls-tutor why "ERROR TEXT" [--json]
      Match an error pasted from a log (Node, OpenSSL, curl, Go, Java, Python, gRPC, Envoy/Istio) against the
      table of known signatures: what it means, which side refused, likely causes, checks to run, the lab that
      reproduces it and the lesson that explains it. Timestamps, JSON log lines and stack frames around the
      message do not matter. Text it does not know gets "not recognised" and the closest signatures.
  mtls-tutor why - [--json]
      The same, reading the text (a log excerpt, up to 1 MB) from standard input.

Exit codes: 0 recognised; 1 not recognised (or stdin unreadable); 2 bad usage.
`;

const STDIN_LIMIT = 1024 * 1024;

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (asksForHelp(argv) || argv[0] === 'help') {
    io.out(WHY_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags('why', argv, { json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError(`why: give the error text in quotes, or - to read it from standard input.\nRun 'mtls-tutor why --help' for usage.`);
  let text: string;
  if (positionals.length === 1 && positionals[0] === '-') {
    try {
      text = (await readStdin(io, STDIN_LIMIT)).toString('utf8');
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`cannot read standard input: ${(error as Error).message}`);
    }
  } else text = positionals.join(' ');
  if (text.trim() === '') throw new UsageError('why: the error text is empty');

  const [{ loadSignatures }, { matchError }, { whyJson, whyLines }, { loadCourse }] = await Promise.all([
    import('../why/load.js'),
    import('../why/match.js'),
    import('../why/report.js'),
    import('../content/course.js'),
  ]);
  const [table, course] = await Promise.all([loadSignatures(), loadCourse()]);
  const context = { lessonTitles: new Map(course.lessons.map((lesson) => [lesson.id, lesson.title])), policyLabs: new Set<string>(course.policyScenarios.peer.map((s) => s.id)) };
  const result = matchError(text, table);
  if (values.json) io.out(JSON.stringify(whyJson(result, context), null, 2));
  else io.out(whyLines(result, table, context).join('\n'));
  return result.recognised ? 0 : 1;
}
