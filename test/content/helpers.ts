import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/lessons/valid/', import.meta.url));
export const FIXTURE_FILE = `${FIXTURE_DIR}01-fixture.yaml`;

/** The valid fixture lesson as plain data, to break one rule at a time. */
export function fixtureLesson(): Record<string, any> {
  parsed ??= parse(readFileSync(FIXTURE_FILE, 'utf8')) as Record<string, any>;
  return structuredClone(parsed);
}
let parsed: Record<string, any> | undefined;

export function toYaml(data: unknown): string {
  return stringify(data);
}

/**
 * A new temp folder (the caller removes it) holding the fixture lesson with a duplicate id inside it (cards[3]
 * reuses the id of cards[1]) and a second lesson, 02-second.yaml, that reuses the fixture's questions[4] id.
 */
export function folderWithDuplicateIds(): { dir: string; first: string; second: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-dup-ids-'));
  const source = readFileSync(FIXTURE_FILE, 'utf8');
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  const [first, second] = [join(dir, '01-fixture.yaml'), join(dir, '02-second.yaml')];
  writeFileSync(first, source.replace('id: fix-card-3', 'id: fix-card-1'));
  writeFileSync(second, source.replace(/^id: fixture-lesson$/m, 'id: second-lesson').replace(/id: fix-/g, 'id: two-').replace('id: two-q-4', 'id: fix-q-4'));
  return { dir, first, second };
}
