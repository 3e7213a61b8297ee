import { spawn } from 'node:child_process';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007|\u001B[()][A-Z0-9]|\u001B[=>78]/g;

/** Text of terminal output without escape sequences. */
export const stripAnsi = (text: string) => text.replace(ANSI, '');

/**
 * A shell command in a real pseudo-terminal (util-linux `script`), as a learner's terminal runs it: the program
 * sees a TTY, raw mode and window size are real. Everything is bounded by `timeoutMs`.
 */
export function startPty(command: string, { env = {}, columns = 100, rows = 30, timeoutMs = 20_000 }: { env?: Record<string, string>; columns?: number; rows?: number; timeoutMs?: number } = {}) {
  const child = spawn('script', ['-qfec', `stty cols ${columns} rows ${rows}; ${command}`, '/dev/null'], {
    env: { ...process.env, TERM: 'xterm-256color', FORCE_COLOR: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  void exited.then(() => clearTimeout(killer));
  return {
    /** Everything printed so far, escape sequences included. */
    output: () => output,
    /** Output since `from` (a length of output()), as plain text. */
    textSince: (from = 0) => stripAnsi(output.slice(from)),
    type: (keys: string) => child.stdin.write(keys),
    /** Waits until `pattern` shows in the output printed since `from`. */
    async waitFor(pattern: string | RegExp, from = 0, ms = 8000): Promise<void> {
      const start = Date.now();
      const found = () => {
        const text = stripAnsi(output.slice(from));
        return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      };
      while (!found()) {
        if (Date.now() - start > ms) throw new Error(`waited ${ms} ms for ${String(pattern)}; the screen shows:\n${stripAnsi(output.slice(-1500))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    /** Waits until nothing has been printed for `ms`. */
    async quiet(ms: number, limit = 5000): Promise<void> {
      const start = Date.now();
      let seen = -1;
      while (seen !== output.length) {
        if (Date.now() - start > limit) throw new Error(`still printing after ${limit} ms`);
        seen = output.length;
        await new Promise((r) => setTimeout(r, ms));
      }
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}
