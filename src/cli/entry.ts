import { processIo, signalExitCode } from './io.js';
import { main } from './main.js';

// NO_COLOR (no-color.org) must win before Ink's colour detection runs.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';

const io = processIo();
// Created on first use, so commands that never wait for Ctrl+C keep Node's default signal behaviour. Ctrl+C, a
// `kill` (SIGTERM) and a closed terminal (SIGHUP) all ask a long-running command to stop and clean up; a second
// signal while it does ends the process at once, through process.exit, so its 'exit' clean-ups still run.
let interrupted: Promise<NodeJS.Signals> | undefined;
let stoppedBySignal = false;
Object.defineProperty(io, 'interrupted', {
  get: () =>
    (interrupted ??= new Promise<NodeJS.Signals>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(signalExitCode(signal));
        stopping = true;
        stoppedBySignal = true;
        resolve(signal);
      };
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
    })),
});

/**
 * Loads the TUI with two things hidden that Ink's modules read once, as they load:
 * - fetch: yoga-layout (Ink's layout engine) loads its embedded WebAssembly with fetch() whenever fetch exists,
 *   and the first touch of Node's fetch loads its whole HTTP client: ~50 ms of start-up spent decoding a data:
 *   URL. With fetch hidden, yoga decodes the same bytes directly.
 * - CI and CONTINUOUS_INTEGRATION: with either set, Ink draws nothing until the app exits. The tutor only starts
 *   when a learner is at the keyboard (it refuses piped input), so a CI=true left in a shell or a dev container
 *   must not give them a blank screen.
 * Both are restored before anything runs.
 */
async function loadTui() {
  const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  const ciVariables = (['CI', 'CONTINUOUS_INTEGRATION'] as const).filter((name) => name in process.env).map((name) => [name, process.env[name]] as const);
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  for (const [name] of ciVariables) delete process.env[name];
  try {
    return await import('../ui/run.js');
  } finally {
    if (fetchDescriptor) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
    for (const [name, value] of ciVariables) process.env[name] = value;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2), io, async () => (await loadTui()).runTui());
  // A command stopped by a signal has cleaned up what it started; work it no longer waits for (a lab step, a
  // timer) must not keep the process alive after it said it stopped. 'exit' handlers still run.
  if (stoppedBySignal) process.exit();
} catch (error) {
  // Anything that reaches here is our bug, not the user's: say so briefly; the stack only on request.
  const message = error instanceof Error ? error.message : String(error);
  io.err(`mtls-tutor: unexpected error: ${message}`);
  if (process.env.MTLS_TUTOR_DEBUG) io.err(error instanceof Error && error.stack ? error.stack : '');
  else io.err('Set MTLS_TUTOR_DEBUG=1 to see the stack trace, and please report it.');
  process.exitCode = 1;
}
