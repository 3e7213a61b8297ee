import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const noTui = async () => {
  throw new Error('the TUI must not start in CLI tests');
};

/** `mtls-tutor policy ARGV...` in this process, with `stdin` when given: its exit code and what it printed. */
export async function policyCli(argv: string[], stdin?: string) {
  const io = bufferIo([], stdin);
  const code = await main(['policy', ...argv], io, noTui);
  return { code, out: io.stdout, err: io.stderr };
}
