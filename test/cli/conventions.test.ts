/**
 * One command-line convention for every command: `--help`/`-h` (and `help CMD`) prints that command's usage and
 * exits 0; an unknown option is called an option and exits 2; the README's command list says what --help says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { HELP, main } from '../../src/cli/main.js';

const noTui = async () => {
  throw new Error('the TUI must not start');
};

/** `group sub` pairs named by a usage text: every line `mtls-tutor GROUP SUB ...` whose SUB is a word. */
function commandsIn(text: string): string[] {
  const found = new Set<string>();
  for (const [, group, sub] of text.matchAll(/^\s*mtls-tutor ([a-z]+)(?: ([a-z]+))?/gm)) found.add(sub ? `${group} ${sub}` : group!);
  return [...found].sort();
}

const COMMANDS = commandsIn(HELP).filter((command) => command.includes(' '));
const GROUPS = [...new Set(COMMANDS.map((command) => command.split(' ')[0]!))];

describe('every command', () => {
  it('is found in --help (the list this suite walks is not empty)', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['lab run', 'lab serve', 'lessons check', 'policy explain', 'progress reset']));
  });

  it.each(COMMANDS.flatMap((command) => [[command, '--help'], [command, '-h']]))('%s %s prints its own usage and exits 0', async (command, flag) => {
    const io = bufferIo();
    expect(await main([...command.split(' '), flag], io, noTui)).toBe(0);
    expect(io.stdout).toContain(`mtls-tutor ${command}`);
    expect(io.stderr).toBe('');
  });

  it.each(COMMANDS)('help %s is the same as the command with --help', async (command) => {
    const viaHelp = bufferIo();
    const viaFlag = bufferIo();
    expect(await main(['help', ...command.split(' ')], viaHelp, noTui)).toBe(0);
    await main([...command.split(' '), '--help'], viaFlag, noTui);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it.each([...COMMANDS, ...GROUPS, ''])('"%s --frob": an unknown option, called an option, exit 2', async (command) => {
    const io = bufferIo();
    expect(await main([...command.split(' ').filter(Boolean), '--frob'], io, noTui)).toBe(2);
    expect(io.stderr).toMatch(/unknown option '--frob'/i);
    expect(io.stderr).not.toMatch(/unknown (sub)?command/);
  });

  it.each(GROUPS)('%s alone prints its usage and exits 0', async (group) => {
    const io = bufferIo();
    const code = await main([group], io, noTui);
    // `progress` alone is a command of its own (the summary); every other group lists its subcommands.
    if (group === 'progress') return;
    expect(code).toBe(0);
    expect(io.stdout).toContain(`mtls-tutor ${group} `);
  });
});

describe("the README's command list", () => {
  const readme = readFileSync('README.md', 'utf8');
  const block = /## Command line\s+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('names exactly the commands --help names', () => {
    expect(block, 'README has a "## Command line" code block').not.toBe('');
    expect(commandsIn(block)).toEqual(commandsIn(HELP));
  });
});
