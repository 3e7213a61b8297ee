import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import stringWidth from 'string-width';
import { afterAll, describe, expect, inject, it } from 'vitest';
// @ts-expect-error plain JavaScript build script without type declarations
import { editDependencies } from '../../scripts/build.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mtls-edits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** string-width as the app's bundle has it, with the build's edit applied. */
async function editedStringWidth(): Promise<(text: string) => number> {
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, "export { default } from 'string-width';");
  const outfile = join(dir, 'string-width.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, plugins: [editDependencies], nodePaths: [join(process.cwd(), 'node_modules')], logLevel: 'silent' });
  expect(readFileSync(outfile, 'utf8'), 'the edit was applied').toContain('mayBeEmojiRegex.test(segment) && rgiEmojiRegex.test(segment)');
  return (await import(pathToFileURL(outfile).href)).default;
}

// Every kind of emoji sequence, text-presentation symbols that are not emoji alone, and the app's own glyphs.
const SAMPLES = [
  '▱▰›·✓✗—…←→↑↓', '😀', '👍🏽', '👨‍👩‍👧‍👦', '🇩🇪', '1️⃣', '#⃣', '❤️', '❤', '©', '©️', '™', '☺', '☺️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🧑‍💻',
  '中文', 'ｱｲ', 'é', 'é', '한국어', '\u200B', 'a\u0301', '🔒 mTLS', '⚠️ warn', '✔', '✅', '⭐', '⌚', '◻️', '▪',
];

describe('the build’s dependency edits', () => {
  it('all applied in the bundle the tests run (a dependency update that defeats one warns at build time)', () => {
    const { expected, applied } = JSON.parse(readFileSync(join(dirname(inject('bundle')), 'edits-applied.json'), 'utf8')) as { expected: string[]; applied: string[] };
    expect(expected).toEqual(['keep-ink-caches', 'string-width-emoji-precheck']);
    expect(applied).toEqual([...expected].sort());
  });
});

describe('the build’s edit of string-width', () => {
  it('gives the same width as the original for every code point up to U+33FF, the emoji blocks and every sample', async () => {
    const edited = await editedStringWidth();
    const differences: string[] = [];
    const check = (text: string) => {
      if (edited(text) !== stringWidth(text)) differences.push(`${JSON.stringify(text)}: ${edited(text)} vs ${stringWidth(text)}`);
    };
    for (let cp = 0x20; cp <= 0x33ff; cp++) check(String.fromCodePoint(cp));
    for (let cp = 0x1f000; cp <= 0x1faff; cp++) check(String.fromCodePoint(cp));
    SAMPLES.forEach(check);
    expect(differences).toEqual([]);
  });
});
