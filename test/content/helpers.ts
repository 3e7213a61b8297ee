import { readFileSync } from 'node:fs';
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
