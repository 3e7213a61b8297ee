/**
 * Lesson folders that hold something other than YAML files under a .yaml name: each is refused by name with the
 * reason in words, at once, instead of blocking on a pipe or reading /dev/zero until memory runs out.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLessonDir } from '../../src/content/load.js';
import { MAX_CONTENT_FILE_BYTES } from '../../src/content/read-file.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const folder = () => (dir = mkdtempSync(join(tmpdir(), 'mtls-odd-lessons-')));
const messageFor = (file: string) => loadLessonDir(dir).errors.find((e) => e.file === join(dir, file))?.message;

describe('lessons check on files that are not lesson files', () => {
  it.skipIf(process.platform === 'win32')('a named pipe called 01-x.yaml: refused without opening it (opening would block)', () => {
    folder();
    execFileSync('mkfifo', [join(dir, '01-pipe.yaml')]);
    expect(messageFor('01-pipe.yaml')).toBe('not a regular file (a named pipe); lesson folders hold only YAML files');
  }, 5000);

  it.skipIf(process.platform === 'win32')('a link to /dev/zero: refused as a device, not read forever', () => {
    folder();
    symlinkSync('/dev/zero', join(dir, '01-zero.yaml'));
    expect(messageFor('01-zero.yaml')).toBe('not a regular file (a device); lesson folders hold only YAML files');
  }, 5000);

  it('a folder named like a lesson, and a file over the size limit', () => {
    folder();
    mkdirSync(join(dir, '01-folder.yaml'));
    writeFileSync(join(dir, '02-huge.yaml'), `# ${'x'.repeat(MAX_CONTENT_FILE_BYTES)}\n`);
    expect(messageFor('01-folder.yaml')).toBe('not a regular file (a folder); lesson folders hold only YAML files');
    expect(messageFor('02-huge.yaml')).toMatch(/^too large \(\d+ bytes; the limit is 1048576\)$/);
  });

  it('a broken link: the reason in words, not an error code', () => {
    folder();
    symlinkSync(join(dir, 'gone'), join(dir, '01-broken.yaml'));
    expect(messageFor('01-broken.yaml')).toBe('cannot read it (no such file)');
  });
});
