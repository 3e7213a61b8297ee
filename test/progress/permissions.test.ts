import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP, FORMAT_VERSION, serialize, type StoredEvent } from '../../src/progress/format.js';
import { buildStoreChild, giveToLearner, learner, learnerUnavailable, runStoreChildAsLearner } from './child.js';
import { answer, tempHome } from './helpers.js';

// Permission cases run the real store in a child process as a user that chmod binds (nobody when the tests run
// as root, since root reads and writes anything), and check what that learner sees and what is left on disk.

let child: Awaited<ReturnType<typeof buildStoreChild>>;
beforeAll(async () => {
  child = await buildStoreChild();
});
afterAll(() => child?.dispose());

// Give permissions back, so a non-root run can remove the temp folders (root could anyway).
const restricted: string[] = [];
function restrict(path: string, mode: number): void {
  restricted.push(path);
  chmodSync(path, mode);
}
afterEach(() => {
  for (const path of restricted.splice(0)) chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
});

interface Snapshot {
  path: string;
  persistent: boolean;
  notices: { kind: string; message: string; backupPath?: string }[];
  questions: string[];
}

function runSession(home: string): { opened: Snapshot; afterRecord: Snapshot } {
  const { code, stdout, stderr } = runStoreChildAsLearner(child.script, ['session', home]);
  expect(stderr).toBe(''); // no stack trace, no crash
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

/** A learner's own progress folder holding a progress file with answers q1 and q2. */
function homeWithProgress(content?: string): { home: string; file: string; content: string } {
  const home = tempHome();
  const file = join(home, 'progress.json');
  const events = ['q1', 'q2'].map((q, i) => ({ ...answer(q), id: `e-${i}` }) as unknown as StoredEvent);
  const text = content ?? serialize({ app: APP, version: FORMAT_VERSION, folded: {}, summary: [], events });
  writeFileSync(file, text);
  giveToLearner(home);
  giveToLearner(file);
  return { home, file, content: text };
}

/** Same inode, bytes and mode: not deleted, not replaced, not rewritten. */
function fingerprint(file: string) {
  const stat = statSync(file);
  return { ino: stat.ino, mode: stat.mode, size: stat.size, mtimeMs: stat.mtimeMs, content: readFileSync(file, 'utf8') };
}

const title = learner
  ? `progress store without permission (the child runs as ${learner.uid !== undefined ? `uid ${learner.uid}` : 'this user'})`
  : `progress store without permission: skipped, ${learnerUnavailable}`;

describe.skipIf(learner === undefined)(title, () => {
  it('a progress file the learner cannot read: a notice names it, the session works in memory, the file is untouched', () => {
    const { home, file } = homeWithProgress();
    restrict(file, 0o000);
    const before = fingerprint(file);

    const { opened, afterRecord } = runSession(home);
    expect(opened.persistent).toBe(false);
    expect(opened.notices).toEqual([
      {
        kind: 'unreadable',
        message: `Your progress file ${file} cannot be read (permission denied). It is left as it is; this session's progress is kept in memory only.`,
      },
    ]);
    expect(afterRecord.questions).toEqual(['from-child']); // answering still works
    expect(afterRecord.notices).toHaveLength(1); // and does not pile up notices

    expect(fingerprint(file)).toEqual(before);
    expect(readdirSync(home)).toEqual(['progress.json']); // no backup, no lock, no temp file left
  });

  it('a read-only progress folder: progress is shown, a notice names the folder, new answers stay in memory', () => {
    const { home, file } = homeWithProgress();
    restrict(home, 0o555);
    const before = fingerprint(file);

    const { opened, afterRecord } = runSession(home);
    expect(opened.questions).toEqual(['q1', 'q2']);
    expect(opened.persistent).toBe(false);
    expect(opened.notices).toEqual([
      { kind: 'unwritable', message: `Your progress cannot be saved in ${home} (permission denied). It is kept in memory for this session only.` },
    ]);
    expect(afterRecord.questions).toEqual(['q1', 'q2', 'from-child']);

    expect(fingerprint(file)).toEqual(before);
    expect(readdirSync(home)).toEqual(['progress.json']);
  });

  it('a progress folder that cannot be made: the notice names the folder and says why in words', () => {
    const home = tempHome();
    giveToLearner(home);
    restrict(home, 0o555);
    const { opened, afterRecord } = runSession(join(home, 'sub', 'deeper'));
    expect(opened.persistent).toBe(false);
    expect(opened.notices.map((n) => n.message)).toEqual([
      `Your progress cannot be saved in ${join(home, 'sub', 'deeper')} (cannot create ${join(home, 'sub')}: permission denied). It is kept in memory for this session only.`,
    ]);
    expect(afterRecord.questions).toEqual(['from-child']);
    expect(readdirSync(home)).toEqual([]);
  });

  it('a damaged file in a read-only folder: says it is damaged and left alone, rather than showing no progress silently', () => {
    const { home, file, content } = homeWithProgress('{"app":"mtls-tutor","version":1,"events":[{"id":');
    restrict(home, 0o555);

    const { opened, afterRecord } = runSession(home);
    expect(opened.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^Your progress cannot be saved in ${home} \\(permission denied\\), and your progress file ${file} is damaged \\(not valid JSON .*\\); it is left as it is\\. It is kept in memory`),
      ),
    ]);
    expect(afterRecord.questions).toEqual(['from-child']);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(home)).toEqual(['progress.json']); // it could not be moved aside, and was not lost
  });

  it('an unreadable file in a read-only folder: both problems named', () => {
    const { home, file } = homeWithProgress();
    restrict(file, 0o000);
    restrict(home, 0o555);
    const before = fingerprint(file);

    const { opened } = runSession(home);
    expect(opened.notices.map((n) => n.message)).toEqual([
      `Your progress cannot be saved in ${home} (permission denied), and your progress file ${file} cannot be read either (permission denied). It is kept in memory for this session only.`,
    ]);
    expect(fingerprint(file)).toEqual(before);
  });
});
