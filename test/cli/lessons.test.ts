import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/lessons.js';
import { FIXTURE_DIR, FIXTURE_FILE, folderWithDuplicateIds } from '../content/helpers.js';
import { runBundle } from './run-bundle.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function brokenDir(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-lessons-'));
  dirs.push(dir);
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  writeFileSync(join(dir, '01-fixture.yaml'), edit(readFileSync(FIXTURE_FILE, 'utf8')));
  return dir;
}

describe('lessons check', () => {
  it('passes a valid folder with exit 0', async () => {
    const io = bufferIo();
    expect(await run(['check', FIXTURE_DIR], io)).toBe(0);
    expect(io.stdout).toContain('✓ 1 lesson valid');
  });

  it('names file, line and field of each error and exits 1', async () => {
    const dir = brokenDir((y) => y.replace('level: beginner', 'level: wizard').replace('difficulty: hard', 'difficulty: brutal'));
    const io = bufferIo();
    expect(await run(['check', dir], io)).toBe(1);
    expect(io.stderr).toMatch(/01-fixture\.yaml:\d+: cards\[0\]\.level: level must be one of beginner, intermediate, advanced/);
    expect(io.stderr).toMatch(/01-fixture\.yaml:\d+: questions\[7\]\.difficulty: /);
    expect(io.stderr).toContain('problems in');
  });

  it('reports unparsable YAML from the real binary without a stack trace', () => {
    const dir = brokenDir((y) => `${y}\nbroken: [unclosed\n`);
    const { code, stderr } = runBundle(['lessons', 'check', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/01-fixture\.yaml:\d+: YAML does not parse/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('reports wrong types and missing fields as file:line: field: message', async () => {
    const dir = brokenDir((y) =>
      y.replace('minutes: 5', 'minutes: ten').replace('summary: A small valid lesson used by tests.\n', '').replace('  front: Front 2?\n', '').replace('  correct: true', '  correct: "yes"'),
    );
    const io = bufferIo();
    expect(await run(['check', dir], io)).toBe(1);
    const file = join(dir, '01-fixture.yaml');
    const text = readFileSync(file, 'utf8').split('\n');
    const line = (needle: string) => text.findIndex((l) => l.includes(needle)) + 1;
    expect(io.stderr).toContain(`${file}:${line('minutes: ten')}: minutes: minutes must be a number\n`);
    expect(io.stderr).toContain(`${file}:${line('correct: "yes"')}: questions[0].choices[0].correct: Invalid input: expected boolean, received string\n`);
    expect(io.stderr).toContain(`${file}:${line('id: fixture-lesson')}: summary: is required\n`); // a missing field points at its parent
    expect(io.stderr).toContain(`${file}:${line('id: fix-card-2')}: cards[2].front: is required\n`);
  });

  it('reports a duplicate id in one lesson and across lessons, with the lines of both', async () => {
    const { dir, first, second: other } = folderWithDuplicateIds();
    dirs.push(dir);
    const second = readFileSync(other, 'utf8');
    const io = bufferIo();
    expect(await run(['check', dir], io)).toBe(1);
    expect(io.stderr).toMatch(new RegExp(`^${escape(first)}:30: cards\\[3\\]\\.id: id 'fix-card-1' is already used at ${escape(first)}:22 cards\\[1\\]\\.id; ids must be unique`, 'm'));
    const qLine = (text: string) => text.split('\n').findIndex((l) => l.includes('id: fix-q-4')) + 1;
    expect(io.stderr).toContain(`${other}:${qLine(second)}: questions[4].id: id 'fix-q-4' is already used at ${first}:${qLine(readFileSync(first, 'utf8'))} questions[4].id`);
    expect(io.stderr).toContain('2 problems in');
  });

  it('reports an alias bomb from the real binary as a lesson error, not a crash', () => {
    const dir = brokenDir((y) => `${y}lol0: &l0 [a, a, a, a, a, a, a, a, a]\nlol1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]\nlol2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\nlol3: [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\n`);
    const { code, stderr } = runBundle(['lessons', 'check', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/01-fixture\.yaml:\d+: YAML does not parse: aliases would expand to more than 100 copies/);
    expect(stderr).not.toMatch(/unexpected error|\n\s+at /);
  });

  it('reports a folder that does not exist', async () => {
    const io = bufferIo();
    expect(await run(['check', '/no/such/folder'], io)).toBe(1);
    expect(io.stderr).toContain('cannot read lesson folder: no such file');
  });
});

describe('lessons stats', () => {
  it('prints the relied-on JSON shape for the shipped course', () => {
    const { code, stdout } = runBundle(['lessons', 'stats', '--json']);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout);
    expect(Object.keys(stats).sort()).toEqual(['cards', 'explainPrompts', 'itemWriting', 'labs', 'lessons', 'questions']);
    expect(Object.keys(stats.questions).sort()).toEqual(['easy', 'hard', 'medium']);
    expect(Object.keys(stats.itemWriting).sort()).toEqual(['correctIsLongest', 'correctMuchLonger']);
    for (const fraction of Object.values(stats.itemWriting)) expect(fraction).toSatisfy((f: number) => f >= 0 && f <= 1);
    expect(stats.lessons).toBeGreaterThanOrEqual(2);
  });

  it('rejects an unknown flag naming it, exit 2', () => {
    const { code, stderr } = runBundle(['lessons', 'stats', '--jsno']);
    expect(code).toBe(2);
    expect(stderr).toContain("'--jsno'");
  });
});

describe('lessons schema', () => {
  it('prints a JSON Schema an editor can use', async () => {
    const io = bufferIo();
    expect(await run(['schema'], io)).toBe(0);
    const schema = JSON.parse(io.stdout);
    expect(schema.properties.questions.type).toBe('array');
    expect(schema.required).toContain('cards');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
