import { readFile } from 'node:fs/promises';
import { parseFlags } from './args.js';
import { type CliIo, UsageError } from './io.js';
import { readStdin } from './stdin.js';
import { asksForHelp } from './subcommands.js';
import { fsErrorInWords } from '../fs-words.js';

export const INSPECT_HELP = `mtls-tutor inspect — what is in your certificates, and what is wrong with them

Usage
  mtls-tutor inspect FILE... [--json] [--password P] [--key FILE]
      Read certificates and bundles (PEM or DER), private keys, PKCS#12 files (with --password; opened with the
      openssl command), Kubernetes Secrets (YAML or JSON: tls.crt, tls.key, ca.crt; a List from
      'kubectl get secret -o yaml' too) and 'istioctl proxy-config secret POD -o json' dumps. - reads stdin.
      Each certificate is explained (subject, SAN and SPIFFE ID, key usage, CA or leaf, validity, which one
      issued it) and problems are flagged with the lesson that explains them: chain out of order, missing
      intermediate, a leaf in a CA bundle, a CA:TRUE leaf, no SAN, no clientAuth, expired or expiring within
      7 days, not yet valid, RSA under 2048 bits, SHA-1, a key that does not match, a ca.crt that did not issue
      tls.crt. Key material is never printed. --key FILE checks that key against the certificates.

Exit codes: 0 no errors found (warnings allowed); 1 errors found, or an input could not be read; 2 bad usage.
`;

const MAX_INPUT = 5 * 1024 * 1024;

async function readInput(path: string, io: CliIo): Promise<{ bytes: Buffer | null; error: string | null }> {
  try {
    if (path === '-') return { bytes: await readStdin(io, MAX_INPUT), error: null };
    const bytes = await readFile(path);
    if (bytes.length > MAX_INPUT) return { bytes: null, error: `larger than ${MAX_INPUT / 1024 / 1024} MB: not a certificate file` };
    return { bytes, error: null };
  } catch (error) {
    return { bytes: null, error: fsErrorInWords(error) };
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (asksForHelp(argv) || argv[0] === 'help') {
    io.out(INSPECT_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags('inspect', argv, { json: { type: 'boolean' }, password: { type: 'string' }, key: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError(`inspect: name at least one file (or - for standard input).\nRun 'mtls-tutor inspect --help' for usage.`);
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('inspect: standard input (-) can be read only once');

  const [{ readSource }, { analyse }, { inspectLines }, { loadCourse }] = await Promise.all([
    import('../inspect/sources.js'),
    import('../inspect/analyse.js'),
    import('../inspect/report.js'),
    import('../content/course.js'),
  ]);
  const options = values.password === undefined ? {} : { password: values.password };
  const sources = [];
  for (const path of positionals) {
    const { bytes, error } = await readInput(path, io);
    const name = path === '-' ? '(stdin)' : path;
    sources.push(bytes ? await readSource(name, bytes, options) : { source: name, format: 'unreadable', groups: [], keys: [], notes: [], error: `cannot read: ${error}` });
  }
  let givenKey;
  if (values.key !== undefined) {
    const { bytes, error } = await readInput(values.key, io);
    givenKey = bytes ? await readSource(values.key, bytes, options) : { source: values.key, format: 'unreadable', groups: [], keys: [], notes: [], error: `cannot read: ${error}` };
    if (!givenKey.error && givenKey.keys.length === 0) givenKey.error = 'no private key in it';
  }
  const report = analyse(sources, givenKey ? { givenKey } : {});
  if (givenKey)
    report.inputs.push({ source: `--key ${givenKey.source}`, format: givenKey.format, certificates: 0, keys: givenKey.keys.length, notes: givenKey.notes, error: givenKey.error });

  const course = await loadCourse();
  const policy = new Set<string>(course.policyScenarios.peer.map((s) => s.id));
  const labCommand = (id: string) => (policy.has(id) ? `mtls-tutor policy lab --scenario ${id}` : `mtls-tutor lab run ${id}`);
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else io.out(inspectLines(report, { lessonTitles: new Map(course.lessons.map((l) => [l.id, l.title])), labCommand }).join('\n'));
  const failed = report.inputs.some((input) => input.error !== null) || report.problems.some((p) => p.severity === 'error');
  return failed ? 1 : 0;
}
