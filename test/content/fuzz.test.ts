import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { formatError, parseLesson } from '../../src/content/load.js';
import { seededRng } from '../../src/learning/rng.js';
import { damageYaml, DAMAGES } from '../yaml-damage.js';
import { FIXTURE_FILE, fixtureLesson, toYaml } from './helpers.js';

/** A small seeded generator, so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const SOURCE = readFileSync(FIXTURE_FILE, 'utf8');
const JUNK = ['', ':', '- ', '  ', '\t', '"', "'", '{', '}', '[', ']', '&a', '*a', '!!binary', '\u0000', '%', '#', '|', '>', '\n', '? ', '@', '`'];

/** Text-level damage: cut, delete, insert junk, swap lines. */
function mangleText(random: () => number): string {
  let text = SOURCE;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * text.length);
    const kind = Math.floor(random() * 4);
    if (kind === 0) text = text.slice(0, at);
    else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40));
    else if (kind === 2) text = text.slice(0, at) + JUNK[Math.floor(random() * JUNK.length)] + text.slice(at);
    else {
      const lines = text.split('\n');
      const a = Math.floor(random() * lines.length);
      const b = Math.floor(random() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      text = lines.join('\n');
    }
  }
  return text;
}

/** Structure-level damage: a random field replaced by a value of the wrong type, or removed. */
function mangleData(random: () => number): string {
  const lesson = fixtureLesson();
  const values = [null, 0, -1, 1.5, true, '', 'x', [], {}, [1, 2], { a: 1 }];
  for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
    let node: any = lesson;
    for (let depth = 0; depth < 4 && node && typeof node === 'object'; depth++) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[Math.floor(random() * keys.length)]!;
      if (random() < 0.35 || typeof node[key] !== 'object' || node[key] === null) {
        if (random() < 0.3) delete node[key];
        else node[key] = values[Math.floor(random() * values.length)];
        break;
      }
      node = node[key];
    }
  }
  return toYaml(lesson);
}

describe('lesson loader fuzz', () => {
  it('turns 300 damaged lesson files into precise errors, never an exception', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = rng(seed);
      const source = seed % 2 === 0 ? mangleText(random) : mangleData(random);
      let result;
      try {
        result = parseLesson('fuzz.yaml', source);
      } catch (error) {
        throw new Error(`seed ${seed} threw ${String(error)}`);
      }
      for (const e of result.errors) {
        expect(e.file, `seed ${seed}`).toBe('fuzz.yaml');
        expect(e.message.length, `seed ${seed}`).toBeGreaterThan(0);
        if (e.line !== undefined) expect(e.line, `seed ${seed}`).toBeGreaterThanOrEqual(1);
      }
      // Either a valid lesson or at least one error: never silence.
      expect(result.lesson !== undefined || result.errors.length > 0, `seed ${seed}`).toBe(true);
    }
  });

  it('turns 150 files with hostile YAML (alias bombs, tabs, deep nesting, bad bytes...) into errors with a line', { timeout: 60_000 }, () => {
    const tried = new Set<string>();
    for (let seed = 1; seed <= 150; seed++) {
      const { text, applied } = damageYaml(SOURCE, seededRng(seed));
      applied.forEach((name) => tried.add(name));
      const where = `seed ${seed} (${applied.join(', ')})`;
      const started = performance.now();
      let result;
      try {
        result = parseLesson('fuzz.yaml', text);
      } catch (error) {
        throw new Error(`${where} threw ${String(error)}`);
      }
      expect(performance.now() - started, where).toBeLessThan(2_000);
      expect(result.lesson !== undefined || result.errors.length > 0, where).toBe(true);
      const lines = text.split(/\r?\n|\r/).length;
      for (const e of result.errors) {
        // file:line: field.path: message, the line inside the file; nothing that reads like a crash.
        expect(formatError(e), where).toMatch(/^fuzz\.yaml:\d+: /);
        expect(e.line, where).toBeLessThanOrEqual(lines);
        expect(e.message, where).not.toMatch(/Maximum call stack|\n\s+at |undefined|\[object Object\]/);
      }
    }
    expect([...tried].sort()).toEqual(Object.keys(DAMAGES).sort());
  });
});

