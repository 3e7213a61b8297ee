/**
 * A file system error in words, for a message that already names the path ("permission denied", "it is a folder,
 * not a file"), so raw codes such as ENOTDIR or ELOOP never reach the learner. One table for every command;
 * `overrides` lets a caller say it its own way where its context is narrower (a file that must be a folder...).
 */
const WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files open',
  EIO: 'input/output error from the disk',
};

export function fsErrorInWords(error: unknown, overrides: Record<string, string> = {}): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && (overrides[code] ?? WORDS[code])) return overrides[code] ?? WORDS[code]!;
  return code ?? (error instanceof Error ? error.message : String(error));
}
