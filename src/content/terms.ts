import { readContentFile, yamlFilesIn } from './read-file.js';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { aliasProblem, MAX_ALIAS_COUNT, yamlProblem } from '../yaml/problems.js';
import { formatPath, type ContentError, type LoadedLesson } from './load.js';
import { setMembersSchema, setNameSchema, synonymFileSchema, type SynonymSets } from './schema.js';

/**
 * The synonym sets of explain prompts: every `*.yaml` in lessons/terms/ holds `sets: {name: [word or phrase]}`.
 * The files are merged (so each lesson's writer can add sets in a file of their own); a name defined twice is
 * an error, and so is a statement that names a set no file defines.
 */

/** Where the synonym sets live, inside a lesson folder. */
export const TERMS_FOLDER = 'terms';

export interface TermsResult {
  sets: SynonymSets;
  errors: ContentError[];
}

/** Parses and validates one synonym-set file; `file` labels errors. */
export function parseSynonymFile(file: string, source: string): { sets?: SynonymSets; errors: ContentError[]; lineOf: (path: ReadonlyArray<PropertyKey>) => number | undefined } {
  // The valid sets of a file with errors are returned as well: a duplicate name elsewhere is still found.
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
      if (depth === 0 && doc.contents?.range) return lineAt(doc.contents.range[0]);
    }
    return undefined;
  };
  if (doc.errors.length > 0) {
    return { lineOf, errors: doc.errors.map((e) => ({ file, path: '', line: lineAt(e.pos[0]), message: `YAML does not parse: ${yamlProblem(e.message)}` })) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const { offset, problem } = aliasProblem(doc, error, 'write the values out instead');
    return { lineOf, errors: [{ file, path: '', line: lineAt(offset) ?? 1, message: `YAML does not parse: ${problem}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { lineOf, errors: [{ file, path: '', line: 1, message: 'a synonym-set file must hold one mapping with a "sets" field' }] };
  }
  const parsed = synonymFileSchema.safeParse(data);
  if (parsed.success) return { sets: parsed.data.sets, errors: [], lineOf };
  // The sets that are valid still count, so one bad set does not hide problems elsewhere (a duplicate name).
  const valid: SynonymSets = {};
  const raw = (data as Record<string, unknown>).sets;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [name, members] of Object.entries(raw)) {
      const ok = setMembersSchema.safeParse(members);
      if (setNameSchema.safeParse(name).success && ok.success) valid[name] = ok.data;
    }
  }
  return {
    sets: valid,
    lineOf,
    errors: parsed.error.issues.map((issue) => {
      const present = doc.hasIn(issue.path as unknown[]);
      let message = issue.message;
      if (issue.code === 'invalid_type' && !present) message = 'is required';
      else if (issue.code === 'invalid_type' && issue.path.length === 1) message = 'sets must be a mapping of set names to lists of words or phrases';
      if (issue.code === 'invalid_key') message = 'a set name must be lower-case words joined by dashes, like "trust-store"';
      if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
      return { file, path: formatPath(issue.path), line: lineOf(issue.path), message };
    }),
  };
}

/**
 * Reads every synonym-set file of `lessonDir/terms/` and merges them. No folder means no sets (then every "@set"
 * a lesson uses is reported as unknown). Never throws for bad content.
 */
export function loadSynonymSets(lessonDir: string): TermsResult {
  const dir = join(lessonDir, TERMS_FOLDER);
  const result: TermsResult = { sets: {}, errors: [] };
  const listed = yamlFilesIn(dir);
  if ('problem' in listed) {
    if (listed.kind !== 'missing') result.errors.push({ file: dir, path: '', message: `cannot read synonym-set folder: ${listed.problem}` });
    return result;
  }
  const { files } = listed;
  const definedAt = new Map<string, string>();
  for (const file of files) {
    const read = readContentFile(file);
    if ('problem' in read) {
      result.errors.push({ file, path: '', message: read.problem });
      continue;
    }
    const { sets, errors, lineOf } = parseSynonymFile(file, read.source);
    result.errors.push(...errors);
    for (const [name, members] of Object.entries(sets ?? {})) {
      const line = lineOf(['sets', name]);
      const here = `${file}${line !== undefined ? `:${line}` : ''}`;
      const first = definedAt.get(name);
      if (first) {
        result.errors.push({ file, path: `sets.${name}`, ...(line !== undefined ? { line } : {}), message: `set '${name}' is already defined at ${first}; a set name is defined once across lessons/terms/` });
        continue;
      }
      definedAt.set(name, here);
      result.sets[name] = members;
    }
  }
  return result;
}

/** The "@name" references of a term group. */
export function setReferences(group: string): string[] {
  return group
    .split('|')
    .map((a) => a.trim())
    .filter((a) => a.startsWith('@'))
    .map((a) => a.slice(1));
}

/** Every statement of every explain prompt that names a set no file defines, as `explain[i].concepts[j].statements[k]`. */
export function checkSynonymReferences(lessons: readonly LoadedLesson[], sets: SynonymSets): ContentError[] {
  const errors: ContentError[] = [];
  for (const { file, lesson, lineOf } of lessons) {
    const check = (statements: string[][], path: (string | number)[]) => {
      statements.forEach((statement, k) => {
        const at = [...path, 'statements', k];
        for (const name of new Set(statement.flatMap(setReferences))) {
          if (Object.hasOwn(sets, name)) continue;
          const line = lineOf?.(at);
          errors.push({ file, path: formatPath(at), ...(line !== undefined ? { line } : {}), message: `unknown synonym set '@${name}'` });
        }
      });
    };
    lesson.explain.forEach((prompt, i) =>
      prompt.concepts.forEach((concept, j) => {
        check(concept.statements, ['explain', i, 'concepts', j]);
        concept.misconceptions?.forEach((m, n) => check(m.statements, ['explain', i, 'concepts', j, 'misconceptions', n]));
      }),
    );
  }
  return errors;
}
