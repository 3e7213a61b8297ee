/**
 * Reads and checks the error-signature table (lessons/errors/*.yaml): schema errors as `file:line: field: message`,
 * then the rules across files: ids unique, every lab and lesson named exists, and every example is recognised as
 * its own signature (so a pattern that is too broad, or one that never matches, is caught when the data is written).
 */
import { statSync } from 'node:fs';
import { readContentFile, yamlFilesIn } from '../content/read-file.js';
import { join } from 'node:path';
import { formatPath, parseYamlData, type ContentError } from '../content/load.js';
import { matchError } from './match.js';
import { stackFileSchema, type StackFile } from './schema.js';
import type { ErrorTable } from './types.js';

/** Where the table lives, under the lessons folder (the lesson loader only reads files directly in lessons/). */
export const ERRORS_FOLDER = 'errors';

interface LoadedFile {
  file: string;
  data: StackFile;
  lineOf: (path: ReadonlyArray<PropertyKey>) => number | undefined;
}

function parseFile(file: string, source: string): { loaded?: LoadedFile; errors: ContentError[] } {
  const { data, errors, lineOf } = parseYamlData(file, source, stackFileSchema, 'an error-signature file must hold one mapping (stack, name, signatures), not a list or a scalar');
  return data && lineOf ? { loaded: { file, data, lineOf }, errors } : { errors };
}

export interface TableCheck {
  /** Lesson ids a signature may name. */
  lessonIds: ReadonlySet<string>;
  /** Lab ids a signature may name. */
  labIds: ReadonlySet<string>;
}

/** Reads every *.yaml in `dir` into one table. Never throws for bad content: problems come back as errors. */
export function loadErrorTable(dir: string, check?: TableCheck): { table: ErrorTable; errors: ContentError[] } {
  const table: ErrorTable = { stacks: [], signatures: [] };
  const errors: ContentError[] = [];
  const listed = yamlFilesIn(dir);
  if ('problem' in listed) {
    errors.push({ file: dir, path: '', message: `cannot read the error-signature folder: ${listed.problem}` });
    return { table, errors };
  }
  const { files } = listed;
  if (files.length === 0) errors.push({ file: dir, path: '', message: 'no error-signature files (*.yaml) in this folder' });

  const loaded: LoadedFile[] = [];
  for (const file of files) {
    // A regular file of bounded size only: a pipe or a device named like YAML is refused, not read forever.
    const read = readContentFile(file);
    if ('problem' in read) {
      errors.push({ file, path: '', message: read.problem });
      continue;
    }
    const source = read.source;
    const result = parseFile(file, source);
    errors.push(...result.errors);
    if (result.loaded) loaded.push(result.loaded);
  }

  const stackFiles = new Map<string, string>();
  const firstSeen = new Map<string, string>();
  for (const { file, data, lineOf } of loaded) {
    const at = (path: (string | number)[]) => ({ file, path: formatPath(path), ...(lineOf(path) !== undefined ? { line: lineOf(path)! } : {}) });
    const other = stackFiles.get(data.stack);
    if (other) errors.push({ ...at(['stack']), message: `stack '${data.stack}' is already declared by ${other}; one file per stack` });
    else stackFiles.set(data.stack, file);
    table.stacks.push({ stack: data.stack, name: data.name, hints: data.hints });
    data.signatures.forEach((signature, i) => {
      const where = firstSeen.get(signature.id);
      if (where) errors.push({ ...at(['signatures', i, 'id']), message: `id '${signature.id}' is already used at ${where}` });
      else firstSeen.set(signature.id, `${file}:${lineOf(['signatures', i, 'id']) ?? '?'}`);
      if (check && signature.lab !== undefined && !check.labIds.has(signature.lab))
        errors.push({ ...at(['signatures', i, 'lab']), message: `unknown lab '${signature.lab}'. Known labs: ${[...check.labIds].sort().join(', ')}` });
      if (check && !check.lessonIds.has(signature.lesson))
        errors.push({ ...at(['signatures', i, 'lesson']), message: `unknown lesson '${signature.lesson}'. Lessons: ${[...check.lessonIds].sort().join(', ')}` });
      table.signatures.push({ ...signature, stack: data.stack });
    });
  }

  // Each example must come out as its own signature, first: the table's patterns are tested by its own data.
  for (const { file, data, lineOf } of loaded) {
    data.signatures.forEach((signature, i) => {
      signature.examples.forEach((example, j) => {
        const best = matchError(example, table).matches[0];
        if (best?.signature.id === signature.id) return;
        const path = ['signatures', i, 'examples', j];
        const message = best
          ? `recognised as '${best.signature.id}' (score ${best.score}) before this signature; make the patterns more specific`
          : 'not recognised by any pattern of this signature';
        errors.push({ file, path: formatPath(path), ...(lineOf(path) !== undefined ? { line: lineOf(path)! } : {}), message });
      });
    });
  }
  return { table, errors };
}

/**
 * `lessons check`'s part: the table in DIR/errors, checked against the lessons found in DIR and the known labs.
 * A lesson folder without an errors/ subfolder (a test fixture, a draft course) has no table to check.
 */
export function checkErrorTable(lessonsDir: string, check: TableCheck): { errors: ContentError[]; signatures: number; stacks: number } | null {
  const dir = join(lessonsDir, ERRORS_FOLDER);
  try {
    if (!statSync(dir).isDirectory()) return null;
  } catch {
    return null;
  }
  const { table, errors } = loadErrorTable(dir, check);
  return { errors, signatures: table.signatures.length, stacks: table.stacks.length };
}
