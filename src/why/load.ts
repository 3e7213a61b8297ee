import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorTable } from './types.js';

/** Name of the table compiled at build time, next to the bundle (like course.json). */
export const COMPILED_ERRORS = 'errors.json';

let cached: ErrorTable | undefined;

/**
 * The error-signature table. The build's compiled errors.json when present (no YAML or schema code loaded);
 * otherwise the YAML in lessons/errors/ (tests, development), which throws listing every problem.
 */
export async function loadSignatures(): Promise<ErrorTable> {
  if (cached) return cached;
  const compiled = join(dirname(fileURLToPath(import.meta.url)), COMPILED_ERRORS);
  if (existsSync(compiled)) {
    cached = JSON.parse(readFileSync(compiled, 'utf8')) as ErrorTable;
  } else {
    const { shippedLessonsDir } = await import('../content/course.js');
    const { loadErrorTable, ERRORS_FOLDER } = await import('./table.js');
    const { table, errors } = loadErrorTable(join(shippedLessonsDir(), ERRORS_FOLDER));
    if (errors.length > 0) {
      const { formatError } = await import('../content/load.js');
      throw new Error(`the error-signature table has ${errors.length} problem(s):\n${errors.map(formatError).join('\n')}`);
    }
    cached = table;
  }
  return cached;
}
