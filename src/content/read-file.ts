import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fsErrorInWords } from '../fs-words.js';

/** The largest content file (a lesson or a data file) the loaders read; the biggest lesson is ~60 kB. */
export const MAX_CONTENT_FILE_BYTES = 1024 * 1024;

/**
 * Reads a content file as UTF-8, refusing what is not a regular file (a FIFO would block forever, a link to
 * /dev/zero would never end) or is over MAX_CONTENT_FILE_BYTES, with the reason in words. Never throws.
 */
export function readContentFile(file: string): { source: string } | { problem: string } {
  let fd: number | undefined;
  try {
    // stat first, so a FIFO is refused without opening it (opening one blocks until a writer appears).
    const kind = statSync(file);
    if (!kind.isFile()) return { problem: `not a regular file (${describeKind(kind)}); lesson folders hold only YAML files` };
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd); // the file itself, in case it was swapped between the two calls
    if (!stat.isFile()) return { problem: `not a regular file (${describeKind(stat)})` };
    if (stat.size > MAX_CONTENT_FILE_BYTES) return { problem: `too large (${stat.size} bytes; the limit is ${MAX_CONTENT_FILE_BYTES})` };
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { source: buffer.subarray(0, read).toString('utf8') };
  } catch (error) {
    return { problem: `cannot read it (${fsErrorInWords(error)})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function describeKind(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** Why a content folder could not be listed: it is not there, it is not a folder, or reading it failed. */
export interface FolderProblem {
  kind: 'missing' | 'not-a-folder' | 'unreadable';
  problem: string;
}

/**
 * The YAML files directly in `dir` (subfolders are other content, never read here), sorted by name, which is the
 * course order for lessons ("01-..."): full paths, or the problem in words. Never throws.
 */
export function yamlFilesIn(dir: string): { files: string[] } | FolderProblem {
  try {
    if (!statSync(dir).isDirectory()) return { kind: 'not-a-folder', problem: 'not a folder' };
    return { files: readdirSync(dir).filter((name) => /\.ya?ml$/i.test(name)).sort().map((name) => join(dir, name)) };
  } catch (error) {
    return { kind: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable', problem: fsErrorInWords(error) };
  }
}
