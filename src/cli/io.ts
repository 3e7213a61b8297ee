import { constants as osConstants } from 'node:os';

/** Where a command writes. Commands never touch process.stdout or process.exit directly, so tests can run them in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (affects colour and prompts). */
  isTTY: boolean;
  /** Answers to yes/no prompts; undefined when stdin is not interactive. */
  ask?(question: string): Promise<string>;
  /** Lets long-running commands stop and clean up. Resolves with the signal: Ctrl+C (SIGINT), SIGTERM or SIGHUP. */
  interrupted?: Promise<NodeJS.Signals>;
  /** All of standard input, for `-f -`; undefined where there is none to read. */
  readStdin?(): Promise<string>;
}

/** The shell's exit code for a process ended by `signal`: 128 + its number (130 for Ctrl+C, 143 SIGTERM, 129 SIGHUP). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}

/** A mistake in how the command was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on (bad file, port in use...): printed without a stack trace, exit code 1 unless given. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function processIo(): CliIo {
  // `mtls-tutor lab list | head` closes the pipe early: that is the reader saying "enough", not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    isTTY: process.stdout.isTTY === true,
    // Only a person at a terminal can answer; scripts must pass --yes-style flags instead.
    ...(process.stdin.isTTY === true ? { ask: askOnTerminal } : {}),
    readStdin: readAllStdin,
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A prompt that ended without an answer: Ctrl+C ('interrupted') or the end of input, Ctrl+D ('closed'). */
export class PromptEnded extends Error {
  override name = 'PromptEnded';
  constructor(readonly how: 'interrupted' | 'closed') {
    super(how === 'interrupted' ? 'cancelled with Ctrl+C' : 'the input ended before an answer');
  }
}

async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const end = (how: PromptEnded['how']) => {
      if (settled) return;
      settled = true;
      process.stderr.write('\n'); // the prompt's line was left unfinished
      rl.close();
      reject(new PromptEnded(how));
    };
    rl.on('SIGINT', () => end('interrupted'));
    rl.on('close', () => end('closed'));
    rl.question(question, (answer) => {
      settled = true;
      rl.close();
      resolve(answer);
    });
  });
}

/** Test helper and building block: an io that records what was written. */
export function bufferIo(answers: string[] = [], stdin?: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    ...(stdin !== undefined ? { readStdin: async () => stdin } : {}),
    stdout: '',
    stderr: '',
    isTTY: false,
    out(text: string) {
      io.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      io.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    ask: async () => answers.shift() ?? '',
  };
  return io;
}
