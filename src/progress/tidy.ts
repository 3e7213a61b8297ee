import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** A temp file of a write this old was abandoned: a live write takes milliseconds, and holds the lock. */
const ABANDONED_WRITE_MS = 60_000;

/** "progress.corrupt-2026-11-23T19-30-00.json", numbered if that name is taken. */
export function sideName(file: string, label: string, now: Date): string {
  const ext = extname(file);
  const stem = join(dirname(file), basename(file, ext));
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  for (let n = 1; ; n++) {
    const candidate = `${stem}.${label}-${stamp}${n > 1 ? `-${n}` : ''}${ext}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * conf writes through a temp file beside progress.json ("progress.json.tmp-<time><random>") renamed over it; a
 * writer killed before the rename leaves the temp file behind, as one killed while moving a lock aside leaves
 * "progress.json.lock.<pid>-<random>" (see lock.ts). They never hold progress that record() reported saved,
 * only clutter, so they are removed, once per start, under the lock (the caller holds it), only when long
 * abandoned.
 */
export function sweepAbandonedWrites(path: string): void {
  const dir = dirname(path);
  const leftovers = [
    { prefix: `${basename(path)}.tmp-`, rest: /^\d{10}[0-9a-f]{6}$/ },
    { prefix: `${basename(path)}.lock.`, rest: /^\d+-[0-9a-f]{12}$/ },
  ];
  try {
    for (const name of readdirSync(dir)) {
      if (!leftovers.some(({ prefix, rest }) => name.startsWith(prefix) && rest.test(name.slice(prefix.length)))) continue;
      const file = join(dir, name);
      if (Date.now() - statSync(file).mtimeMs > ABANDONED_WRITE_MS) unlinkSync(file);
    }
  } catch {
    // Only tidying: never a reason to fail opening the progress.
  }
}
