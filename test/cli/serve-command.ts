import { expect, vi } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/lab.js';

/** Starts `lab serve` with `args` in this process, waits until it listens, and returns its output, port, and a Ctrl+C. */
export async function startServe(args: string[]) {
  let interrupt: () => void = () => {};
  // bufferIo's methods write to the object they were made on, so add to it rather than spread it.
  const io = Object.assign(bufferIo(), { interrupted: new Promise<NodeJS.Signals>((resolve) => (interrupt = () => resolve('SIGINT'))) });
  const running = run(['serve', ...args], io);
  await vi.waitFor(() => expect(/Listening on https:\/\/localhost:(\d+)\//.test(io.stdout)).toBe(true), { timeout: 5000, interval: 10 });
  const port = Number(/localhost:(\d+)\//.exec(io.stdout)![1]);
  return { io, running, port, interrupt: () => interrupt() };
}
