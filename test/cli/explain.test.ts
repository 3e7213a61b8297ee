import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/explain.js';
import { bufferIo, UsageError, UserError } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { runBundle } from './run-bundle.js';

const answer = (text: string) => async () => text;
/** The command through the dispatcher, which turns usage errors into exit code 2. */
const cli = async (argv: string[]) => {
  const io = bufferIo();
  const code = await main(['explain', ...argv], io, async () => 0);
  return { code, out: io.stdout, err: io.stderr };
};

describe('explain list', () => {
  it('lists every prompt id with its lesson, and as JSON', async () => {
    const io = bufferIo();
    expect(await run(['list'], io)).toBe(0);
    expect(io.stdout).toMatch(/^k8s-explain-effective-mode\s+mtls-kubernetes$/m);
    const json = bufferIo();
    expect(await run(['list', '--json'], json)).toBe(0);
    const rows = JSON.parse(json.stdout) as { id: string; lesson: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(14);
    expect(rows).toContainEqual(expect.objectContaining({ id: 'basics-explain-how-mtls-works', lesson: 'mtls-basics' }));
  });
});

describe('explain score', () => {
  it('prints the relied-on JSON: score, covered with the learner’s sentence, missed, contradicted, notAnExplanation', async () => {
    const io = bufferIo();
    const text = 'If no PeerAuthentication matches, the workload is PERMISSIVE. The newest policy wins when two exist at one level.';
    expect(await run(['score', 'k8s-explain-effective-mode', '--json'], io, answer(text))).toBe(0);
    const result = JSON.parse(io.stdout);
    expect(Object.keys(result)).toEqual(['prompt', 'score', 'total', 'covered', 'missed', 'contradicted', 'notAnExplanation']);
    expect(result).toMatchObject({
      prompt: 'k8s-explain-effective-mode',
      score: 1,
      total: 5,
      covered: [{ concept: 'the default is PERMISSIVE when no policy applies', evidence: 'If no PeerAuthentication matches, the workload is PERMISSIVE.' }],
      contradicted: [{ concept: expect.stringContaining('oldest policy wins'), claim: 'The newest policy wins when two exist at one level.', correction: expect.stringContaining('oldest') }],
      notAnExplanation: false,
    });
    expect(result.missed).toHaveLength(3);
  });

  it('says in words what was covered, contradicted and missed', async () => {
    const io = bufferIo();
    await run(['score', 'k8s-explain-effective-mode'], io, answer('With no policy the default is STRICT. A workload policy overrides the namespace one.'));
    expect(io.stdout).toContain('k8s-explain-effective-mode: 1/5 concepts');
    expect(io.stdout).toContain('✓ the narrowest scope wins');
    expect(io.stdout).toContain('you wrote: "With no policy the default is STRICT."');
    expect(io.stdout).toContain('in fact: Istio’s default is PERMISSIVE'.replace('’', "'"));
    expect(io.stdout).toMatch(/· UNSET inherits from the broader scope \(missed\)\n {4}a good answer says: /);
  });

  it('flags a list of terms', async () => {
    const io = bufferIo();
    await run(['score', 'basics-explain-how-mtls-works', '--json'], io, answer('server cert certificate request private key trust store reject'));
    expect(JSON.parse(io.stdout)).toMatchObject({ score: 0, covered: [], notAnExplanation: true });
  });

  it('exits 2 for an unknown id, naming it and listing the valid ones', async () => {
    const { code, err } = await cli(['score', 'no-such-prompt']);
    expect(code).toBe(2);
    expect(err).toContain("unknown explain prompt 'no-such-prompt'");
    expect(err).toContain('k8s-explain-migration');
  });

  it('is a usage error without an id, with two ids, or with an unknown flag; an empty answer fails with exit 1', async () => {
    await expect(run(['score'], bufferIo(), answer('x'))).rejects.toThrow(UsageError);
    await expect(run(['score', 'a', 'b'], bufferIo(), answer('x'))).rejects.toThrow(UsageError);
    await expect(run(['score', 'k8s-explain-migration', '--bogus'], bufferIo(), answer('x'))).rejects.toThrow(/Unknown option '--bogus'/);
    await expect(run(['list', 'extra'], bufferIo())).rejects.toThrow(UsageError);
    await expect(run(['score', 'k8s-explain-migration'], bufferIo(), answer('  \n'))).rejects.toThrow(UserError);
  });

  it('prints usage and exits 0 for --help and -h on the group and each subcommand', async () => {
    for (const argv of [['--help'], ['-h'], ['list', '--help'], ['score', '-h'], ['score', 'k8s-explain-migration', '--help']]) {
      const io = bufferIo();
      expect(await run(argv, io, answer('unused')), argv.join(' ')).toBe(0);
      // The group's help lists both; a subcommand's help is its own usage.
      expect(io.stdout).toContain(argv[0] === 'list' ? 'mtls-tutor explain list' : 'mtls-tutor explain score PROMPT_ID');
    }
  });

  it('reads the answer from stdin in the real binary', () => {
    const { code, stdout, stderr } = runBundle(['explain', 'score', 'basics-explain-how-mtls-works', '--json'], {}, 'The server sends its certificate and the client verifies it against the root CA it trusts.\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ prompt: 'basics-explain-how-mtls-works', score: 2, notAnExplanation: false });
    const unknown = runBundle(['explain', 'score', 'nope'], {}, 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace
  });
});
