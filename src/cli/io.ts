/** Where a command writes. Commands never touch process.stdout or process.exit directly, so tests can run them in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (affects colour and prompts). */
  isTTY: boolean;
  /** Answers to yes/no prompts; undefined when stdin is not interactive. */
  ask?(question: string): Promise<string>;
  /** Lets long-running commands (lab serve) stop on Ctrl+C. Resolves on Ctrl+C, SIGTERM or SIGHUP. */
  interrupted?: Promise<void>;
  /** All of standard input, for `-f -`; undefined where there is none to read. */
  readStdin?(): Promise<string>;
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

async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
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
