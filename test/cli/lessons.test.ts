import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/lessons.js';
import { FIXTURE_DIR, FIXTURE_FILE } from '../content/helpers.js';
import { runBundle } from './run-bundle.js';

function brokenDir(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-lessons-'));
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

  it('reports a folder that does not exist', async () => {
    const io = bufferIo();
    expect(await run(['check', '/no/such/folder'], io)).toBe(1);
    expect(io.stderr).toContain('cannot read lesson folder: ENOENT');
  });
});

describe('lessons stats', () => {
  it('prints the relied-on JSON shape for the shipped course', () => {
    const { code, stdout } = runBundle(['lessons', 'stats', '--json']);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout);
    expect(Object.keys(stats).sort()).toEqual(['cards', 'explainPrompts', 'labs', 'lessons', 'questions']);
    expect(Object.keys(stats.questions).sort()).toEqual(['easy', 'hard', 'medium']);
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
