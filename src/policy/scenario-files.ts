/**
 * Reads the prepared policy scenarios (lessons/policy/NN-<id>.yaml), validated like lessons: the file format
 * (scenario-schema.ts), file names, unique ids, and the manifests each holds, admitted as `kubectl apply` would
 * (any refusal is an error at the manifest's own line in the file). Never throws for bad content.
 */
import { readdirSync, statSync } from 'node:fs';
import { readContentFile } from '../content/read-file.js';
import { join } from 'node:path';
import { isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { aliasProblem, MAX_ALIAS_COUNT, yamlProblem } from '../yaml/problems.js';
import { loadPolicies } from './parse.js';
import { scenarioFileSchema, type ScenarioData, type ScenarioFile } from './scenario-schema.js';

/** One problem, precise enough to jump to (the same shape as a lesson's ContentError). */
export interface ScenarioError {
  file: string;
  path: string;
  line?: number;
  message: string;
}

const FILE_NAME = /^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.ya?ml$/;

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Parses and validates one scenario file's text. */
export function parseScenario(file: string, name: string, source: string): { scenario?: ScenarioFile; errors: ScenarioError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) return { errors: doc.errors.map((e) => ({ file, path: '', line: lineAt(e.pos[0]), message: `YAML does not parse: ${yamlProblem(e.message)}` })) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const { offset, problem } = aliasProblem(doc, error, 'write the values out instead');
    return { errors: [{ file, path: '', line: lineAt(offset) ?? 1, message: `YAML does not parse: ${problem}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { errors: [{ file, path: '', line: 1, message: 'a scenario file must hold one mapping (id, kind, title, ...), not a list or a scalar' }] };
  }
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
      if (depth === 0 && doc.contents?.range) return lineAt(doc.contents.range[0]);
    }
    return undefined;
  };
  const parsed = scenarioFileSchema.safeParse(data);
  if (!parsed.success) return { errors: parsed.error.issues.map((issue) => toError(file, issue, lineOf, doc.hasIn(issue.path as unknown[]))) };
  const scenario = parsed.data;
  const errors: ScenarioError[] = [];
  const match = FILE_NAME.exec(name);
  if (match && match[2] !== scenario.id) errors.push({ file, path: 'id', line: lineOf(['id']), message: `id '${scenario.id}' does not match the file name (expected NN-${scenario.id}.yaml)` });

  // The manifests must be admitted: the learner is told they are what `kubectl apply` takes.
  const node = doc.getIn(['manifests'], true);
  // A block scalar's text starts on the line after its indicator; a plain one on the same line.
  const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
  const base = (lineOf(['manifests']) ?? 1) - (block ? 0 : 1);
  const set = loadPolicies([{ path: file, text: scenario.manifests }], { defaultNamespace: scenario.workload.namespace });
  for (const r of set.rejected) {
    errors.push({ file, path: 'manifests', line: base + r.line, message: `refused at admission: ${r.policy} ${r.field}: ${r.reason}` });
  }
  return errors.length ? { errors } : { scenario, errors };
}

function toError(file: string, issue: z.core.$ZodIssue, lineOf: (p: ReadonlyArray<PropertyKey>) => number | undefined, present: boolean): ScenarioError {
  let message = issue.message;
  if (issue.code === 'invalid_type' && !present) message = 'is required';
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return { file, path: formatPath(issue.path), line: lineOf(issue.path), message };
}

/** Every scenario file of a folder, in file-name order; problems come back as errors. */
export function loadScenarioDir(dir: string): { data: ScenarioData; errors: ScenarioError[] } {
  const data: ScenarioData = { peer: [], authz: [] };
  const errors: ScenarioError[] = [];
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (error) {
    errors.push({ file: dir, path: '', message: `cannot read the policy scenario folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    return { data, errors };
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    if (!FILE_NAME.test(name)) {
      errors.push({ file, path: '', message: 'a scenario file is named NN-<id>.yaml (two digits set the order), like 01-policy-namespace-strict.yaml' });
      continue;
    }
    // A regular file of bounded size only: a pipe or a device named like YAML is refused, not read forever.
    const read = readContentFile(file);
    if ('problem' in read) {
      errors.push({ file, path: '', message: read.problem });
      continue;
    }
    const source = read.source;
    const { scenario, errors: fileErrors } = parseScenario(file, name, source);
    errors.push(...fileErrors);
    if (!scenario) continue;
    const earlier = seen.get(scenario.id);
    if (earlier) {
      errors.push({ file, path: 'id', message: `id '${scenario.id}' is also used by ${earlier}` });
      continue;
    }
    seen.set(scenario.id, file);
    if (scenario.kind === 'peer-authentication') data.peer.push(scenario);
    else data.authz.push(scenario);
  }
  return { data, errors };
}

/** Every scenario id, in order. */
export function scenarioIds(data: ScenarioData): string[] {
  return [...data.peer.map((s) => s.id), ...data.authz.map((s) => s.id)];
}
