import { rmSync } from 'node:fs';

/**
 * Everything a lab starts that could outlive the process: openssl s_server children and the private folders
 * holding their keys. A stop (Ctrl+C, SIGTERM, SIGHUP, or the process ending for any other reason) releases them
 * all at once, synchronously, so no listener is left re-parented to init and no key is left in TMPDIR.
 */
interface Killable {
  kill(signal: NodeJS.Signals): boolean;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
}

const children = new Set<Killable>();
const folders = new Set<string>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers run synchronously on every ending Node can still see (process.exit, an empty loop, a signal
  // the CLI turned into an exit), which is exactly when the work has to be done without waiting.
  process.once('exit', releaseAll);
}

export function trackChild(child: Killable): () => void {
  hookExit();
  children.add(child);
  return () => children.delete(child);
}

export function trackFolder(path: string): () => void {
  hookExit();
  folders.add(path);
  return () => folders.delete(path);
}

/** Kills every tracked child and removes every tracked folder, synchronously. Safe to call more than once. */
export function releaseAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const path of folders) rmSync(path, { recursive: true, force: true });
  folders.clear();
}

/** How many resources are held now (for tests and for a clean-up report). */
export function liveResourceCount(): { children: number; folders: number } {
  return { children: children.size, folders: folders.size };
}
