import { render } from 'ink';
import { loadCourse } from '../content/course.js';
import { KeyByKeyStdin } from './input/key-by-key-stdin.js';
import { lazyStore } from './progress.js';
import { TutorApp } from './tutor-app.js';
import { capYoungGeneration } from './young-generation.js';

const USE_THE_COMMAND_LINE = `Run \`mtls-tutor\` directly in a terminal window, or use the command line
instead: \`mtls-tutor --help\` lists commands such as \`mtls-tutor lab run --all\`, \`mtls-tutor lessons stats\`
and \`mtls-tutor progress --json\`, which work in scripts and pipes.`;

export const NOT_A_TERMINAL = `mtls-tutor is an interactive tutor and needs a terminal it can read keys from, but its input is not one
(it is piped or redirected). ${USE_THE_COMMAND_LINE}`;

/**
 * Why the TUI cannot run here, or undefined when it can: it reads keys in raw mode and draws with cursor
 * movements, so it needs a terminal on both sides, and one that understands cursor movements (not TERM=dumb,
 * which Emacs shells and some CI consoles set).
 */
export function terminalProblem(stdin: { isTTY?: boolean; setRawMode?: unknown }, stdout: { isTTY?: boolean }, term: string | undefined): string | undefined {
  // Ink reports isRawModeSupported as undefined (not false) on piped stdin: only a real `true` will do.
  if (stdin.isTTY !== true || typeof stdin.setRawMode !== 'function') return NOT_A_TERMINAL;
  if (stdout.isTTY !== true)
    return `mtls-tutor is an interactive tutor and draws on a terminal, but its output is not one (it is piped or\nredirected to a file). ${USE_THE_COMMAND_LINE}`;
  if (term === 'dumb')
    return `mtls-tutor is an interactive tutor and needs a terminal that can move the cursor, but TERM=dumb says this one\ncannot. Run it in a full terminal (xterm, iTerm, Windows Terminal...), or use the command line instead:\n\`mtls-tutor --help\` lists commands that work anywhere.`;
  return undefined;
}

/** Starts the TUI and resolves with the exit code when the learner quits. */
export async function runTui(): Promise<number> {
  const problem = terminalProblem(process.stdin, process.stdout, process.env.TERM);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 1;
  }
  capYoungGeneration();
  let course;
  try {
    course = await loadCourse();
  } catch (error) {
    if (error instanceof Error && error.name === 'CourseError') {
      process.stderr.write(`mtls-tutor: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  // The progress store (conf and its validator) loads just after the first frame, so start-up does not wait for
  // it; the home screen fills in mastery and due counts a moment later. A damaged file is moved aside by the store
  // and its notice (what happened, where the backup is) is shown as soon as the store is open.
  // Progress recorded under ids the lessons have since renamed is read under the new ids.
  const store = lazyStore(async () => {
    const [{ openProgressStore }, { renamesOf }] = await Promise.all([import('../progress/store.js'), import('../progress/format.js')]);
    return openProgressStore({ renames: renamesOf(course.lessons) });
  });
  // Ctrl+C unmounts the app, so each screen's clean-up records its study time before the process ends.
  // Keys that arrive together (fast typing, ssh, tmux send-keys) reach the app one at a time.
  const keys = new KeyByKeyStdin(process.stdin);
  // Bracketed paste is on only while a text box has the keys; the box's screen turns it off when it closes.
  const pasteMode = (on: boolean) => process.stdout.write(on ? '\u001B[?2004h' : '\u001B[?2004l');
  const instance = render(<TutorApp keys={keys} course={course} store={store} pasteMode={pasteMode} />, {
    exitOnCtrlC: true,
    stdin: keys as unknown as NodeJS.ReadStream,
  });
  // Closing the terminal window (SIGHUP) or `kill` (SIGTERM) unmounts the same way, so nothing is lost there either.
  const unmount = () => instance.unmount();
  // A bug that throws in a key handler or a timer ends the app like a render error does (CrashBoundary): screens
  // clean up, the terminal is restored, and the command line reports it in one line.
  // (Ink's unmount() as render() returns it takes no error, so the error is kept here and thrown after exit.)
  let crashed: Error | undefined;
  const crash = (error: unknown) => {
    crashed = error instanceof Error ? error : new Error(String(error));
    instance.unmount();
  };
  process.once('SIGHUP', unmount);
  process.once('SIGTERM', unmount);
  process.once('uncaughtException', crash);
  try {
    await instance.waitUntilExit();
    await store.ready; // a learner who quit within the first moments still gets their events written
    if (crashed) {
      process.stdout.write('\n'); // the report goes under the last frame, not after its last line
      throw crashed;
    }
  } finally {
    process.off('SIGHUP', unmount);
    process.off('SIGTERM', unmount);
    process.off('uncaughtException', crash);
  }
  return 0;
}
