import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { isRoot } from './helpers.js';

/**
 * Runs the real progress store in a child process: store-child.ts, bundled with its dependencies into one file
 * in a world-readable folder under the OS temp dir, so any user can run it (nothing else of the project is read).
 */
export async function buildStoreChild(): Promise<{ script: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-store-child-'));
  chmodSync(dir, 0o755);
  const script = join(dir, 'store-child.mjs');
  await build({
    entryPoints: ['test/progress/store-child.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
    // Bundled CommonJS dependencies of conf call require() for Node built-ins.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  chmodSync(script, 0o644);
  return { script, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const NOBODY = 65534;

/**
 * How to run a child as a learner whom file permissions apply to. Root ignores chmod, so as root the child runs
 * as nobody (uid/gid 65534); otherwise as the current user, whom chmod already binds. Undefined (with the reason
 * in `learnerUnavailable`) when neither works: no POSIX permissions, or root that may not switch user.
 */
export const learner: { uid?: number; gid?: number } | undefined = (() => {
  if (process.platform === 'win32' || process.getuid === undefined) return undefined;
  if (!isRoot) return {};
  const probe = spawnSync(process.execPath, ['-e', ''], { uid: NOBODY, gid: NOBODY, cwd: tmpdir(), timeout: 10_000 });
  return probe.error || probe.status !== 0 ? undefined : { uid: NOBODY, gid: NOBODY };
})();
export const learnerUnavailable =
  learner === undefined ? (process.platform === 'win32' ? 'no POSIX file permissions here' : 'running as root and cannot switch to uid 65534') : undefined;

/** Gives a file or folder created by the test (as root) to the learner, as if they had created it. */
export function giveToLearner(path: string): void {
  if (learner?.uid !== undefined) chownSync(path, learner.uid, learner.gid ?? learner.uid);
}

/** Runs store-child.ts as the learner; bounded. */
export function runStoreChildAsLearner(script: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script, ...args], { ...learner, cwd: tmpdir(), encoding: 'utf8', timeout: 15_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
