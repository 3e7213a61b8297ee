import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import { readContentFile, yamlFilesIn } from './read-file.js';
import { aliasProblem, MAX_ALIAS_COUNT, yamlProblem } from '../yaml/problems.js';
import type { z } from 'zod';
import { lessonSchema, type Lesson } from './schema.js';

/** One problem in one lesson file, precise enough to jump to. */
export interface ContentError {
  file: string;
  /** Dotted field path, e.g. `questions[3].choices[1].why`; empty for file-level problems. */
  path: string;
  line?: number;
  message: string;
}

/** A lesson read from a file; `lineOf` finds the line of a field (for errors found later, e.g. duplicate ids). */
export interface LoadedLesson {
  file: string;
  lesson: Lesson;
  lineOf?: (path: ReadonlyArray<PropertyKey>) => number | undefined;
}

export interface LoadResult {
  lessons: LoadedLesson[];
  errors: ContentError[];
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

export function formatError(e: ContentError): string {
  const where = `${e.file}${e.line !== undefined ? `:${e.line}` : ''}`;
  return e.path ? `${where}: ${e.path}: ${e.message}` : `${where}: ${e.message}`;
}

/** Parses and validates one lesson file's text. `file` is only used to label errors. */
export function parseLesson(file: string, source: string): { lesson?: Lesson; errors: ContentError[]; lineOf?: (path: ReadonlyArray<PropertyKey>) => number | undefined } {
  const { data, errors, lineOf } = parseYamlData(file, source, lessonSchema, 'a lesson file must hold one mapping (id, title, ...), not a list or a scalar');
  return { ...(data ? { lesson: data } : {}), errors, ...(lineOf ? { lineOf } : {}) };
}

/**
 * Parses one YAML file holding one mapping and validates it with `schema`; every problem comes back as a
 * ContentError with the line of the field it is about. `notAMapping` is the message for a list or a scalar.
 */
export function parseYamlData<T>(
  file: string,
  source: string,
  schema: z.ZodType<T>,
  notAMapping: string,
): { data?: T; errors: ContentError[]; lineOf?: (path: ReadonlyArray<PropertyKey>) => number | undefined; doc?: Document } {
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would print its own warnings (e.g. a list used as a key) on stderr; the schema reports them.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);

  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({ file, path: '', line: lineAt(e.pos[0]), message: `YAML does not parse: ${yamlProblem(e.message)}` })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const { offset, problem } = aliasProblem(doc, error, 'write the values out instead');
    return { errors: [{ file, path: '', line: lineAt(offset) ?? 1, message: `YAML does not parse: ${problem}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { errors: [{ file, path: '', line: 1, message: notAMapping }] };
  }
  // Point each issue at the closest YAML node that exists (a missing field points at its parent).
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
      if (depth === 0 && doc.contents?.range) return lineAt(doc.contents.range[0]);
    }
    return undefined;
  };
  const parsed = schema.safeParse(data);
  if (parsed.success) return { data: parsed.data, errors: [], lineOf, doc };
  return { errors: parsed.error.issues.map((issue) => toContentError(file, issue, lineOf, doc.hasIn(issue.path as unknown[]))) };
}

function toContentError(file: string, issue: z.core.$ZodIssue, lineOf: (p: ReadonlyArray<PropertyKey>) => number | undefined, present: boolean): ContentError {
  let message = issue.message;
  if (issue.code === 'invalid_type' && !present) message = 'is required';
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return { file, path: formatPath(issue.path), line: lineOf(issue.path), message };
}

/** Reads every lesson file of a folder. Never throws for bad content: problems come back as errors. */
export function loadLessonDir(dir: string): LoadResult {
  const result: LoadResult = { lessons: [], errors: [] };
  const listed = yamlFilesIn(dir);
  if ('problem' in listed) {
    result.errors.push({ file: dir, path: '', message: `cannot read lesson folder: ${listed.problem}` });
    return result;
  }
  const { files } = listed;
  if (files.length === 0) result.errors.push({ file: dir, path: '', message: 'no lesson files (*.yaml) in this folder' });
  for (const file of files) {
    const read = readContentFile(file);
    if ('problem' in read) {
      result.errors.push({ file, path: '', message: read.problem });
      continue;
    }
    const { lesson, errors, lineOf } = parseLesson(file, read.source);
    result.errors.push(...errors);
    if (lesson) result.lessons.push({ file, lesson, ...(lineOf ? { lineOf } : {}) });
  }
  return result;
}
