import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FolderError, inWords } from './fs-words.js';

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Makes `dir` and any missing parents, one level at a time, each step bounded by the depth of the path.
 *
 * Not `mkdirSync(dir, { recursive: true })`: on Node 20 that loops forever, at full CPU and deaf to SIGTERM, where
 * a parent exists but refuses new entries with ENOENT (anything under /proc, for one). Throws a FolderError
 * whose message names the path and the problem in words.
 */
export function ensureFolder(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  let current = target;
  // Up to the nearest thing that exists: at most one step per path component.
  for (;;) {
    try {
      if (statSync(current).isDirectory()) break;
      throw new FolderError(target, `${current} is a file, not a folder`);
    } catch (error) {
      if (error instanceof FolderError) throw error;
      if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR') throw new FolderError(target, `cannot reach ${current} (${inWords(error)})`);
    }
    const parent = dirname(current);
    if (parent === current) throw new FolderError(target, `${current} does not exist`);
    missing.push(current);
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if (code(error) === 'EEXIST' && isFolder(folder)) continue; // another process made it meanwhile
      throw new FolderError(target, whyNot(folder, error));
    }
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function whyNot(folder: string, error: unknown): string {
  const parent = dirname(folder);
  switch (code(error)) {
    case 'EEXIST':
      return `${folder} exists and is not a folder (a file, or a link to nowhere)`;
    case 'ENOENT':
      // The parent is there (we just found or made it), yet the system says "no such file": it takes no new folders.
      return `cannot create ${folder}: ${parent} does not allow new folders`;
    case 'ENOTDIR':
      return `cannot create ${folder}: ${parent} is a file, not a folder`;
    case 'EACCES':
    case 'EPERM':
      return `cannot create ${folder}: permission denied`;
    case 'EROFS':
      return `cannot create ${folder}: ${parent} is on a read-only file system`;
    default:
      return `cannot create ${folder} (${inWords(error)})`;
  }
}
