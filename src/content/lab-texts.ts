import { readContentFile, yamlFilesIn } from './read-file.js';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { formatError, parseYamlData, type ContentError } from './load.js';

/**
 * The texts of the TLS lab scenarios: lessons/labs/<id>.yaml, one file per scenario. The lab engine
 * (src/lab/scenarios.ts) keeps what each scenario does (certificates, trust, the predicted outcome); these files say
 * what it means: its title, what the client presents, the explanation, the fix and the commands to try by hand.
 * A content fix never touches code. Loaded with the lessons (`lessons check`, the build); never at start-up.
 */

/** Where the lab texts live, inside a lesson folder. */
export const LABS_FOLDER = 'labs';

/** An error message that says "is required" when the field is absent, else `message`. */
const required = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
const text = (what: string) => z.string({ error: required(`${what} must be text`) }).trim().min(1, `${what} must not be empty`);

export const labTextSchema = z.strictObject({
  /** The scenario id, as `lab run <id>` and lessons' `labs:` name it; the file is named after it. */
  id: z.string({ error: required('id must be text') }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be lower-case words joined by dashes'),
  title: text('title'),
  /** What the client presents, completing "The client presents ...". */
  presents: text('presents'),
  /** What happened and why, as the learner reads it after the run. */
  explanation: text('explanation'),
  fix: text('fix'),
  /** One label per handshake, in order: required for a scenario of several handshakes, absent for one. */
  steps: z.array(text('step label')).min(2, 'steps is for scenarios of several handshakes; leave it out for one').optional(),
  /** Where the facts of this text were checked (RFCs, library source, docs), as in lessons. */
  sources: z
    .array(z.strictObject({ title: text('source title'), url: z.url({ error: 'url must be a full http(s) address' }).optional(), note: z.string().optional() }))
    .optional(),
  /** The same scenario by hand, run inside a folder made by `mtls-tutor lab export DIR`. */
  commands: z.strictObject({
    /** The server to start first (`mtls-tutor lab serve ...`, or `openssl s_server ...` when lab serve cannot play it). */
    server: text('server command'),
    curl: text('curl command'),
    openssl: text('openssl command'),
    /** Why the commands look the way they do, and what each prints when the scenario happens. */
    note: text('note').optional(),
  }),
});

export type LabText = z.infer<typeof labTextSchema>;

/** Every lab text, by scenario id. */
export type LabTexts = Record<string, LabText>;

/** A scenario as the engine defines it: what its text must match. */
export interface LabShape {
  id: string;
  steps: number;
}

export interface LabTextsResult {
  texts: LabTexts;
  errors: ContentError[];
  /** Whether the folder exists at all. */
  found: boolean;
}

/** Parses and validates one lab text file; `file` labels errors, and its name must be the text's id. */
export function parseLabText(file: string, source: string): { text?: LabText; errors: ContentError[]; lineOf?: (path: ReadonlyArray<PropertyKey>) => number | undefined } {
  const { data, errors, lineOf } = parseYamlData(file, source, labTextSchema, 'a lab text file must hold one mapping (id, title, presents, ...), not a list or a scalar');
  if (!data) return { errors, ...(lineOf ? { lineOf } : {}) };
  const named = basename(file).replace(/\.ya?ml$/i, '');
  if (data.id !== named) {
    return { errors: [{ file, path: 'id', ...lineField(lineOf, ['id']), message: `id '${data.id}' does not match the file name: name the file ${data.id}.yaml` }] };
  }
  return { text: data, errors: [], ...(lineOf ? { lineOf } : {}) };
}

const lineField = (lineOf: ((path: ReadonlyArray<PropertyKey>) => number | undefined) | undefined, path: PropertyKey[]) => {
  const line = lineOf?.(path);
  return line !== undefined ? { line } : {};
};

/** Reads every `*.yaml` of `lessonDir/labs/`. A missing folder is reported by `found: false`, not as an error. Never throws. */
export function loadLabTexts(lessonDir: string): LabTextsResult {
  const dir = join(lessonDir, LABS_FOLDER);
  const result: LabTextsResult = { texts: {}, errors: [], found: false };
  const listed = yamlFilesIn(dir);
  if ('problem' in listed) {
    if (listed.kind === 'not-a-folder') result.errors.push({ file: dir, path: '', message: 'is not a folder: lab texts go in lessons/labs/<id>.yaml' });
    else if (listed.kind === 'unreadable') result.errors.push({ file: dir, path: '', message: `cannot read lab text folder: ${listed.problem}` });
    return result;
  }
  const { files } = listed;
  result.found = true;
  for (const file of files) {
    // A regular file of bounded size only: a pipe or a device named like YAML is refused, not read forever.
    const read = readContentFile(file);
    if ('problem' in read) {
      result.errors.push({ file, path: '', message: read.problem });
      continue;
    }
    const source = read.source;
    const { text, errors } = parseLabText(file, source);
    result.errors.push(...errors);
    if (!text) continue;
    if (Object.hasOwn(result.texts, text.id)) {
      result.errors.push({ file, path: 'id', message: `a second text for lab '${text.id}' (${basename(file)}); one file per scenario` });
      continue;
    }
    result.texts[text.id] = text;
  }
  return result;
}

/**
 * The texts against the engine's scenarios: one text per scenario, none for an id the engine does not have, and
 * one step label per handshake of a multi-step scenario. `required`: a missing folder is itself an error (the
 * course being built must carry every text).
 */
export function checkLabTexts(loaded: LabTextsResult, lessonDir: string, shapes: readonly LabShape[], { required = true } = {}): ContentError[] {
  const dir = join(lessonDir, LABS_FOLDER);
  if (!loaded.found) {
    return required ? [{ file: dir, path: '', message: `no lab text folder: each of the ${shapes.length} TLS lab scenarios needs its text in ${LABS_FOLDER}/<id>.yaml` }] : [];
  }
  const errors: ContentError[] = [];
  const fileOf = (id: string) => join(dir, `${id}.yaml`);
  const known = new Map(shapes.map((shape) => [shape.id, shape]));
  for (const shape of shapes) {
    const text = loaded.texts[shape.id];
    if (!text) {
      // A file that exists but failed validation has reported its own problems already.
      if (!loaded.errors.some((e) => e.file === fileOf(shape.id))) errors.push({ file: fileOf(shape.id), path: '', message: `missing: the TLS lab scenario '${shape.id}' has no text` });
      continue;
    }
    const labels = text.steps?.length;
    if (shape.steps > 1 && labels !== shape.steps)
      errors.push({ file: fileOf(shape.id), path: 'steps', message: `the scenario runs ${shape.steps} handshakes: give steps one label each (found ${labels ?? 'none'})` });
    if (shape.steps === 1 && labels !== undefined) errors.push({ file: fileOf(shape.id), path: 'steps', message: 'the scenario runs one handshake: leave steps out (its title labels it)' });
  }
  for (const id of Object.keys(loaded.texts)) {
    if (!known.has(id)) errors.push({ file: fileOf(id), path: 'id', message: `no TLS lab scenario '${id}'. Known scenarios: ${[...known.keys()].join(', ')}` });
  }
  return errors;
}

/** Thrown when the lab texts have problems; lists every one, as `lessons check` would. */
export class LabTextsError extends Error {
  override name = 'CourseError';
}

/** Reads and validates the lab texts of a lesson folder (checked against `shapes` when given); throws listing every problem. */
export function compileLabTexts(lessonDir: string, shapes?: readonly LabShape[]): LabTexts {
  const loaded = loadLabTexts(lessonDir);
  const errors = [...loaded.errors, ...(shapes ? checkLabTexts(loaded, lessonDir, shapes) : [])];
  if (errors.length > 0) throw new LabTextsError(`the lab texts in ${join(lessonDir, LABS_FOLDER)} have ${errors.length} problem(s):\n${errors.map(formatError).join('\n')}`);
  return loaded.texts;
}
