import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/lessons.js';
import { compileCourse } from '../../src/content/compile.js';
import { shippedLessonsDir } from '../../src/content/course.js';
import { checkLabTexts, loadLabTexts } from '../../src/content/lab-texts.js';
import { formatError } from '../../src/content/load.js';
import { scenarioShapes, SCENARIO_IDS } from '../../src/lab/scenarios.js';
import { FIXTURE_DIR } from './helpers.js';

const SHIPPED_LABS = join(shippedLessonsDir(), 'labs');

/** A lesson folder (the fixture lesson) with a copy of the shipped lab texts, to break one thing at a time. */
function folderWithLabs(): { dir: string; labs: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-lab-texts-'));
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  cpSync(SHIPPED_LABS, join(dir, 'labs'), { recursive: true });
  made.push(dir);
  return { dir, labs: join(dir, 'labs') };
}
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const problems = (dir: string) => {
  const loaded = loadLabTexts(dir);
  return [...loaded.errors, ...checkLabTexts(loaded, dir, scenarioShapes())].map(formatError);
};
const lineOf = (file: string, text: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

describe('lab texts (lessons/labs/<id>.yaml)', () => {
  it('the shipped ones: one valid text per scenario, nothing extra', () => {
    const loaded = loadLabTexts(shippedLessonsDir());
    expect(loaded.errors).toEqual([]);
    expect(checkLabTexts(loaded, shippedLessonsDir(), scenarioShapes())).toEqual([]);
    expect(Object.keys(loaded.texts).sort()).toEqual([...SCENARIO_IDS].sort());
  });

  it('a bad field is reported as file:line: field: message', () => {
    const { dir, labs } = folderWithLabs();
    const file = join(labs, 'good.yaml');
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, source.replace(/^fix: .*\n(?: {2}.*\n)*/m, '').replace(/^title: .*$/m, 'title: ""').replace('commands:', 'comands:'));
    expect(problems(dir)).toEqual([
      `${file}:${lineOf(file, 'title:')}: title: title must not be empty`,
      `${file}:1: fix: is required`,
      `${file}:1: commands: is required`,
      `${file}:1: unknown field 'comands'`,
    ]);
  });

  it('a missing text, an extra one, a file named after another id and the wrong number of step labels are errors', () => {
    const { dir, labs } = folderWithLabs();
    unlinkSync(join(labs, 'expired-client-cert.yaml'));
    writeFileSync(join(labs, 'no-such-lab.yaml'), readFileSync(join(labs, 'good.yaml'), 'utf8').replace('id: good', 'id: no-such-lab'));
    const renamed = join(labs, 'self-signed-client-cert.yaml');
    writeFileSync(renamed, readFileSync(renamed, 'utf8').replace('id: self-signed-client-cert', 'id: self-signed'));
    const rotation = join(labs, 'ca-rotation.yaml');
    writeFileSync(rotation, readFileSync(rotation, 'utf8').replace(/^ {2}- old-CA client, old CA dropped\n/m, ''));
    const good = join(labs, 'good.yaml');
    writeFileSync(good, `${readFileSync(good, 'utf8')}steps:\n  - one\n  - two\n`);
    const found = problems(dir);
    expect(found).toContain(`${renamed}:1: id: id 'self-signed' does not match the file name: name the file self-signed.yaml`);
    expect(found).toContain(`${join(labs, 'expired-client-cert.yaml')}: missing: the TLS lab scenario 'expired-client-cert' has no text`);
    expect(found).toContain(`${rotation}: steps: the scenario runs 3 handshakes: give steps one label each (found 2)`);
    expect(found).toContain(`${good}: steps: the scenario runs one handshake: leave steps out (its title labels it)`);
    expect(found.find((p) => p.startsWith(`${join(labs, 'no-such-lab.yaml')}: id: no TLS lab scenario 'no-such-lab'. Known scenarios: good, `))).toBeDefined();
    // The file with the wrong id is not reported missing as well: its own error says what to do.
    expect(found.filter((p) => p.startsWith(renamed))).toHaveLength(1);
    expect(found).toHaveLength(5);
  });

  it('the build refuses a course whose lab texts are incomplete, with the same messages', () => {
    const { dir, labs } = folderWithLabs();
    unlinkSync(join(labs, 'good.yaml'));
    expect(() => compileCourse(dir, undefined, scenarioShapes())).toThrow(`${join(labs, 'good.yaml')}: missing: the TLS lab scenario 'good' has no text`);
    rmSync(labs, { recursive: true });
    expect(() => compileCourse(dir, undefined, scenarioShapes())).toThrow(`${labs}: no lab text folder: each of the ${SCENARIO_IDS.length} TLS lab scenarios needs its text in labs/<id>.yaml`);
    // Without the scenario list (a folder of lessons only, as in tests), no texts is no problem.
    expect(compileCourse(dir).labs).toEqual({});
  });

  it('the compiled course carries the texts by id', () => {
    const { dir } = folderWithLabs();
    const course = compileCourse(dir, undefined, scenarioShapes());
    expect(course.labs?.good?.title).toBe(loadLabTexts(shippedLessonsDir()).texts.good?.title);
  });
});

describe('lessons check and the lab texts', () => {
  it('names every lab text problem and exits 1; a folder of lessons without labs/ is still valid', async () => {
    const { dir, labs } = folderWithLabs();
    let io = bufferIo();
    expect(await run(['check', dir], io)).toBe(0);
    expect(io.stdout).toContain(`, ${SCENARIO_IDS.length} lab texts`);
    unlinkSync(join(labs, 'plaintext-to-mtls.yaml'));
    io = bufferIo();
    expect(await run(['check', dir], io)).toBe(1);
    expect(io.stderr).toContain(`${join(labs, 'plaintext-to-mtls.yaml')}: missing: the TLS lab scenario 'plaintext-to-mtls' has no text`);
    io = bufferIo();
    expect(await run(['check', FIXTURE_DIR], io)).toBe(0);
    expect(io.stdout).not.toContain('lab texts');
  });

  it('a stray file that is not YAML is ignored; a YAML list is refused', () => {
    const { dir, labs } = folderWithLabs();
    writeFileSync(join(labs, 'README.md'), '# notes\n');
    mkdirSync(join(labs, 'drafts'));
    expect(problems(dir)).toEqual([]);
    writeFileSync(join(labs, 'good.yaml'), '- a list\n');
    expect(problems(dir)).toEqual([`${join(labs, 'good.yaml')}:1: a lab text file must hold one mapping (id, title, presents, ...), not a list or a scalar`]);
  });
});
