// Runs a command in a real pseudo-terminal (util-linux `script`), so Ink sees a TTY exactly as for a user, and
// times how long until the screen shows a marker. No native module needed.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const COLS = 100;
const ROWS = 30;

/**
 * The environment without CI and CONTINUOUS_INTEGRATION: with either set, Ink draws nothing until exit, so the Ink
 * baselines would never show a frame. (mtls-tutor itself ignores both; see src/cli/entry.ts.)
 */
export function interactiveEnv() {
  const { CI, CONTINUOUS_INTEGRATION, ...env } = process.env;
  return env;
}

/**
 * Starts `command` in a 100x30 pty. Resolves with ms until `marker` appears in the output (or until exit when
 * marker is null). `afterMarker` is typed into the pty (e.g. 'q' to quit). Bounded by `timeoutMs`.
 */
export function timeInPty(command, { marker = null, afterMarker = 'q', env = {}, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('script', ['-qfec', `stty cols ${COLS} rows ${ROWS}; ${command}`, '/dev/null'], {
      env: { ...interactiveEnv(), TERM: 'xterm-256color', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    let firstFrameMs = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${marker ?? 'exit'}: ${command}\n${seen.slice(-500)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      if (firstFrameMs !== null || marker === null) return;
      seen += chunk.toString('utf8');
      if (seen.includes(marker)) {
        firstFrameMs = performance.now() - start;
        child.stdin.write(afterMarker);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      const total = performance.now() - start;
      if (marker !== null && firstFrameMs === null) reject(new Error(`exited without showing ${marker}: ${command}\n${seen.slice(-500)}`));
      else resolve(marker === null ? total : firstFrameMs);
    });
  });
}
