import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/lessons.js';
import { compileCourse } from '../../src/content/compile.js';
import { formatError } from '../../src/content/load.js';
import { loadSynonymSets, parseSynonymFile } from '../../src/content/terms.js';
import { FIXTURE_DIR, FIXTURE_FILE } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the fixture folder, with extra or replaced files. */
function fixtureCopy(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-terms-'));
  dirs.push(dir);
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const errorsOf = (source: string) => parseSynonymFile('terms/x.yaml', source).errors.map(formatError);

describe('synonym-set files', () => {
  it('reads sets of words and phrases, numbers included', () => {
    expect(parseSynonymFile('x.yaml', "sets:\n  reject: [reject, tear down]\n  code: [403, '503']\n")).toMatchObject({
      sets: { reject: ['reject', 'tear down'], code: ['403', '503'] },
      errors: [],
    });
  });

  it.each([
    ['a bad set name', 'sets:\n  Trust_Store: [trust store]\n', /x\.yaml:2: sets\.Trust_Store: a set name must be lower-case words joined by dashes/],
    ['an empty set', 'sets:\n  empty: []\n', /x\.yaml:2: sets\.empty: a set needs at least one word or phrase/],
    ['an @ or | inside a set', 'sets:\n  a: [ok, "@other", "x | y"]\n', /x\.yaml:2: sets\.a\[1\]: a set member is a word or a phrase: no "@" or "\|" inside a set/],
    ['an empty member', 'sets:\n  a: [ok, "  "]\n', /x\.yaml:2: sets\.a\[1\]: set member must not be empty/],
    ['an unknown field', 'sets: {}\nextra: 1\n', /x\.yaml:1: unknown field 'extra'/],
    ['no sets', 'other: 1\n', /sets: is required/],
    ['YAML that does not parse', 'sets:\n  a: [unclosed\n', /x\.yaml:\d+: YAML does not parse/],
    ['a list instead of a mapping', '- a\n', /x\.yaml:1: a synonym-set file must hold one mapping/],
  ])('rejects %s with file:line: field: message', (_what, source, expected) => {
    expect(errorsOf(source).join('\n')).toMatch(expected);
  });

  it('merges every file of lessons/terms/, and names the second definition of a set', () => {
    const dir = fixtureCopy();
    writeFileSync(join(dir, 'terms', 'zz-more.yaml'), 'sets:\n  extra: [one, two]\n  show: [display]\n');
    const { sets, errors } = loadSynonymSets(dir);
    expect(sets.extra).toEqual(['one', 'two']);
    expect(sets.show).toContain('present'); // the first definition is kept
    expect(errors.map(formatError)).toEqual([
      `${join(dir, 'terms', 'zz-more.yaml')}:3: sets.show: set 'show' is already defined at ${join(dir, 'terms', 'fixture.yaml')}:3; a set name is defined once across lessons/terms/`,
    ]);
  });

  it('is compiled into the course with the lessons', () => {
    expect(compileCourse(FIXTURE_DIR).synonyms).toMatchObject({ show: expect.arrayContaining(['present', 'send']) });
  });
});

describe('lessons check and synonym sets', () => {
  it('names each unknown @set with file, line and statement', async () => {
    const dir = fixtureCopy({ '01-fixture.yaml': readFileSync(FIXTURE_FILE, 'utf8').replace('"@show"]', '"@shown"]') });
    const io = bufferIo();
    expect(await run(['check', dir], io)).toBe(1);
    expect(io.stderr).toMatch(/01-fixture\.yaml:\d+: explain\[0\]\.concepts\[0\]\.statements\[0\]: unknown synonym set '@shown'/);
  });

  it('reports a set defined twice, and a broken set file, as problems of the folder', async () => {
    const dir = fixtureCopy();
    writeFileSync(join(dir, 'terms', 'zz-again.yaml'), 'sets:\n  show: [x]\n  Bad: [y]\n');
    const io = bufferIo();
    expect(await run(['check', dir], io)).toBe(1);
    expect(io.stderr).toMatch(/zz-again\.yaml:2: sets\.show: set 'show' is already defined at .*fixture\.yaml:3/);
    expect(io.stderr).toMatch(/zz-again\.yaml:3: sets\.Bad: a set name must be lower-case/);
  });

  it('reports statements that name sets when the folder has no terms/ at all', async () => {
    const dir = fixtureCopy();
    rmSync(join(dir, 'terms'), { recursive: true });
    const io = bufferIo();
    expect(await run(['check', dir], io)).toBe(1);
    expect(io.stderr).toContain("unknown synonym set '@show'");
  });
});
