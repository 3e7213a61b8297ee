import type { CliIo } from './io.js';
import { UserError } from './io.js';

/**
 * The text piped into a command given `-`. Tests inject `io.readStdinBytes`; otherwise process.stdin is read to its end,
 * at most `limitBytes` (a log excerpt or a certificate, never a stream without end).
 */
export async function readStdin(io: CliIo & { readStdinBytes?: () => Promise<Buffer> }, limitBytes: number): Promise<Buffer> {
  if (io.readStdinBytes) return io.readStdinBytes();
  if (process.stdin.isTTY) io.err('Reading from the terminal: paste, then press Ctrl+D on a line of its own.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new UserError(`standard input is larger than ${Math.round(limitBytes / 1024)} KB; give the part that matters`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
