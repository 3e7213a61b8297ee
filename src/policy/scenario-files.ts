/**
 * Reads the prepared policy scenarios (lessons/policy/NN-<id>.yaml), validated like lessons: the file format
 * (scenario-schema.ts), file names, unique ids, and the manifests each holds, admitted as `kubectl apply` would
 * (any refusal is an error at the manifest's own line in the file). Never throws for bad content.
 */
import { readContentFile, yamlFilesIn } from '../content/read-file.js';
import { basename } from 'node:path';
import { isScalar } from 'yaml';
import { parseYamlData } from '../content/load.js';
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

/** Parses and validates one scenario file's text. */
export function parseScenario(file: string, name: string, source: string): { scenario?: ScenarioFile; errors: ScenarioError[] } {
  const parsed = parseYamlData(file, source, scenarioFileSchema, 'a scenario file must hold one mapping (id, kind, title, ...), not a list or a scalar');
  if (!parsed.data || !parsed.lineOf || !parsed.doc) return { errors: parsed.errors };
  const { lineOf, doc } = parsed;
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

/** Every scenario file of a folder, in file-name order; problems come back as errors. */
export function loadScenarioDir(dir: string): { data: ScenarioData; errors: ScenarioError[] } {
  const data: ScenarioData = { peer: [], authz: [] };
  const errors: ScenarioError[] = [];
  const listed = yamlFilesIn(dir);
  if ('problem' in listed) {
    errors.push({ file: dir, path: '', message: `cannot read the policy scenario folder: ${listed.problem}` });
    return { data, errors };
  }
  const seen = new Map<string, string>();
  for (const file of listed.files) {
    const name = basename(file);
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
