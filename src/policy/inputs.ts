/**
 * What `-f` names, read the way `kubectl apply -f` reads it: a file, a folder (every .yaml, .yml and .json directly
 * in it, in name order; not its subfolders), or `-` for standard input. A path that cannot be read becomes a
 * skipped entry rather than an exception, so the documents that could be read are still explained.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicyFile } from './parse.js';
import type { Skipped } from './types.js';
import { fsErrorInWords } from '../fs-words.js';

export const STDIN_PATH = '-';
/** How standard input is named in messages. */
export const STDIN_NAME = '(stdin)';
const MANIFEST = /\.(ya?ml|json)$/i;

export interface ReadInputs {
  files: PolicyFile[];
  /** Paths that could not be read (missing, unreadable, a folder with no manifests). */
  unreadable: Skipped[];
}

export async function readPolicyInputs(paths: readonly string[], readStdin?: () => Promise<string>): Promise<ReadInputs> {
  const files: PolicyFile[] = [];
  const unreadable: Skipped[] = [];
  const cannot = (file: string, reason: string) => unreadable.push({ file, document: '(whole file)', reason });
  for (const path of paths) {
    if (path === STDIN_PATH) {
      if (!readStdin) cannot(STDIN_NAME, 'standard input cannot be read here');
      else files.push({ path: STDIN_NAME, text: await readStdin() });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch (error) {
      cannot(path, fsProblem(error));
      continue;
    }
    if (!isDir) {
      const file = await readOne(path);
      if ('text' in file) files.push(file);
      else cannot(path, file.problem);
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(path, { withFileTypes: true })).filter((e) => e.isFile() && MANIFEST.test(e.name)).map((e) => e.name).sort();
    } catch (error) {
      cannot(path, fsProblem(error));
      continue;
    }
    if (names.length === 0) cannot(path, 'a folder with no .yaml, .yml or .json files in it (subfolders are not read, as with kubectl apply -f DIR)');
    for (const name of names) {
      const file = await readOne(join(path, name));
      if ('text' in file) files.push(file);
      else cannot(join(path, name), file.problem);
    }
  }
  return { files, unreadable };
}

async function readOne(path: string): Promise<PolicyFile | { problem: string }> {
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (error) {
    return { problem: fsProblem(error) };
  }
}

function fsProblem(error: unknown): string {
  const known = (error as NodeJS.ErrnoException).code;
  // -f takes files and folders; otherwise the shared words, with the code when there are none.
  const words = fsErrorInWords(error, { ENOENT: 'no such file or folder', EISDIR: 'is a folder' });
  return known && words !== known ? words : `cannot be read (${words})`;
}
