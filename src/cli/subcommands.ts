import { type CliIo, UsageError } from './io.js';

export type Subcommand = (argv: string[], io: CliIo) => number | Promise<number>;

/**
 * Dispatches `mtls-tutor GROUP SUB ...` to the named subcommand; no subcommand or help prints the group's help;
 * an unknown one is a usage error that lists the valid ones.
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
    throw new UsageError(`${group}: unknown subcommand '${sub}'. Subcommands: ${names.join(', ')}. Run 'mtls-tutor ${group} --help'.`);
  }
  return command(rest, io);
}
