import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * util.parseArgs with errors a user can read: an unknown flag or a missing value becomes a UsageError that
 * names the flag and the command, instead of a Node error code.
 */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional argument.*$/s, '')}\nRun 'mtls-tutor ${command} --help' for usage.`);
  }
}

/** Parses a whole-number flag in [min, max], naming the flag when it is wrong. */
export function intFlag(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${flag} must be a whole number, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}
