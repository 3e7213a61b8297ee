import { fsErrorInWords } from '../fs-words.js';

/**
 * A file system error in words, for a message that already names the path ("permission denied", "is a file,
 * not a folder"), so raw codes such as ENOTDIR or ELOOP never reach the learner.
 */
export function inWords(error: unknown): string {
  if (error instanceof FolderError) return error.message;
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  // A progress path may name a file or the folder it belongs in.
  return fsErrorInWords(error, { ENOENT: 'no such file or folder' });
}

/** A folder that cannot be made; the message names the path and the problem. */
export class FolderError extends Error {
  override name = 'FolderError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(problem);
  }
}
