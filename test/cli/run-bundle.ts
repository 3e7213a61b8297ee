import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';

/** Runs the built mtls-tutor with piped stdin, as a script or CI would, and returns what it printed. */
export function runBundle(args: string[], env: Record<string, string> = {}, input = '') {
  const result = spawnSync(process.execPath, [inject('bundle'), ...args], {
    input,
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
