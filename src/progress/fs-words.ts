/**
 * A file system error in words, for a message that already names the path ("permission denied", "is a file,
 * not a folder"), so raw codes such as ENOTDIR or ELOOP never reach the learner.
 */
export function inWords(error: unknown): string {
  if (error instanceof FolderError) return error.message;
  const e = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EISDIR: 'it is a folder, not a file',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENOENT: 'no such file or folder',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the name is too long',
    EMFILE: 'too many files open',
    EIO: 'input/output error from the disk',
  };
  if (e?.code && words[e.code]) return words[e.code]!;
  if (e instanceof SyntaxError) return `not valid JSON (${e.message})`;
  return e?.code ?? (e instanceof Error ? e.message : String(error));
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
