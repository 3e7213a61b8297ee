import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFolder } from '../../src/progress/folder.js';
import { FolderError } from '../../src/progress/fs-words.js';
import { buildStoreChild } from './child.js';
import { tempHome } from './helpers.js';

function failure(dir: string): FolderError {
  try {
    ensureFolder(dir);
  } catch (error) {
    if (error instanceof FolderError) return error;
    throw error;
  }
  throw new Error(`ensureFolder(${dir}) did not fail`);
}

describe('ensureFolder', () => {
  it('makes every missing level, and is fine with a folder that is already there', () => {
    const home = tempHome();
    const deep = join(home, 'a', 'b', 'c');
    ensureFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => ensureFolder(deep)).not.toThrow();
  });

  it('names a file in the way, in words', () => {
    const home = tempHome();
    writeFileSync(join(home, 'notes'), 'x');
    expect(failure(join(home, 'notes', 'sub', 'deeper')).message).toBe(`${join(home, 'notes')} is a file, not a folder`);
    expect(failure(join(home, 'notes')).message).toBe(`${join(home, 'notes')} is a file, not a folder`);
  });

  it('says so for a link to nowhere in the way', async () => {
    const home = tempHome();
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(home, 'gone'), join(home, 'dangling'));
    expect(failure(join(home, 'dangling', 'sub')).message).toMatch(/dangling exists and is not a folder/);
  });
});

// Node 20's recursive mkdir never returns under /proc (mkdir there fails with ENOENT though the parent exists),
// so these run in a child process that a timeout kills: a regression fails here instead of hanging the suite.
describe.skipIf(!existsSync('/proc/self'))('a progress folder under /proc', () => {
  let child: Awaited<ReturnType<typeof buildStoreChild>>;
  beforeAll(async () => {
    child = await buildStoreChild();
  });
  afterAll(() => child?.dispose());

  it('is refused at once with the reason; progress stays in memory and answering works', { timeout: 30_000 }, () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [child.script, 'session', '/proc/nope/deeper'], { encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL' });
    expect(result.signal, `killed after ${Date.now() - started} ms: the store did not return`).toBeNull();
    expect(result.stderr).toBe('');
    const { opened, afterRecord } = JSON.parse(result.stdout);
    expect(opened.persistent).toBe(false);
    expect(opened.notices.map((n: { message: string }) => n.message)).toEqual([
      'Your progress cannot be saved in /proc/nope/deeper (cannot create /proc/nope: /proc does not allow new folders). It is kept in memory for this session only.',
    ]);
    expect(afterRecord.questions).toEqual(['from-child']);
  });

  it('ensureFolder itself returns at once', { timeout: 30_000 }, () => {
    const home = tempHome();
    mkdirSync(join(home, 'x'));
    const result = spawnSync(process.execPath, [child.script, 'ensure-folder', '/proc/nope/x/y'], { encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL' });
    expect(result.signal).toBeNull();
    expect(result.stdout).toBe('cannot create /proc/nope: /proc does not allow new folders');
  });
});
