import { type CliIo, UsageError } from './io.js';

export type Subcommand = (argv: string[], io: CliIo) => number | Promise<number>;

/** Whether the arguments ask for help: `--help` or `-h` anywhere before a `--`. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * One subcommand's part of its group's help: the usage lines that start `mtls-tutor GROUP SUB` and the indented
 * lines under them, then the group's closing notes (exit codes...). The group help is the one source of truth,
 * so `lab run --help` can never drift from `lab --help`.
 */
export function subcommandHelp(groupHelp: string, group: string, sub: string): string {
  const lines = groupHelp.split('\n');
  const usage = new RegExp(`^\\s+mtls-tutor ${group} ${sub}(\\s|$)`);
  const anyUsage = /^\s+mtls-tutor /;
  const picked: string[] = [];
  let inside = false;
  let indent = 0;
  for (const line of lines) {
    if (usage.test(line)) {
      inside = true;
      indent = line.length - line.trimStart().length;
      picked.push(line);
    } else if (inside && line.trim() !== '' && !anyUsage.test(line) && line.length - line.trimStart().length > indent) picked.push(line);
    else inside = false;
  }
  if (picked.length === 0) return groupHelp;
  const closing = lines.filter((line) => /^(Exit codes|Progress is stored)/.test(line) || /^\d{3}, /.test(line));
  return ['Usage', ...picked, ...(closing.length > 0 ? ['', ...closing] : [])].join('\n');
}

/**
 * Dispatches `mtls-tutor GROUP SUB ...` to the named subcommand; no subcommand or help prints the group's help;
 * `GROUP SUB --help` prints that subcommand's usage; an unknown one is a usage error that lists the valid ones.
 */
export async function runSubcommand(group: string, argv: string[], io: CliIo, help: string, commands: Record<string, Subcommand>): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(help);
    return 0;
  }
  const command = Object.hasOwn(commands, sub) ? commands[sub] : undefined;
  if (!command) {
    const names = Object.keys(commands);
    const what = sub.startsWith('-') ? `unknown option '${sub}'` : `unknown subcommand '${sub}'`;
    throw new UsageError(`${group}: ${what}. Subcommands: ${names.join(', ')}. Run 'mtls-tutor ${group} --help'.`);
  }
  if (asksForHelp(rest)) {
    io.out(subcommandHelp(help, group, sub));
    return 0;
  }
  return command(rest, io);
}
