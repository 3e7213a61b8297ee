import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { aliasProblem, MAX_ALIAS_COUNT, yamlProblem } from '../yaml/problems.js';
import type { PolicySet, Rejection } from './types.js';
import { validateDocument } from './validate.js';

/** One input file: its name (as the user gave it, for messages) and its text. */
export interface PolicyFile {
  path: string;
  text: string;
}

/** One YAML document, parsed to plain data, that can still tell where its fields were written. */
export interface RawDocument {
  file: string;
  /** 1-based position of the document in its file. */
  index: number;
  /** Line where the document starts. */
  line: number;
  value: unknown;
  /** Line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: readonly (string | number)[]): number;
  /** The text as written of the scalar at `path` ("1.10", where the value is the number 1.1). */
  sourceOf?(path: readonly (string | number)[]): string | undefined;
}

export interface LoadOptions {
  /**
   * Namespace for documents that have no metadata.namespace, as `kubectl apply -n NS -f FILE` would place them.
   * The CLI passes the workload's --namespace. Default "default".
   */
  defaultNamespace?: string;
}

/** Splits a file into YAML documents; a document that does not parse becomes a rejection with file and line. */
export function parseYamlDocuments(file: PolicyFile): { documents: RawDocument[]; rejected: Rejection[] } {
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would print its own warnings (e.g. a list used as a key) on stderr; validation reports them.
  const parsed = parseAllDocuments(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const documents: RawDocument[] = [];
  const rejected: Rejection[] = [];
  docs.forEach((doc, i) => {
    const index = i + 1;
    const line = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    const error = doc.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]);
      rejected.push({
        policy: `${file.path} (document ${index})`,
        field: '(yaml)',
        reason: `YAML does not parse at ${file.path}:${at.line}:${at.col}: ${yamlProblem(error.message)}`,
        file: file.path,
        line: at.line,
      });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // An alias bomb, or an alias to no anchor: refuse the document rather than expand it.
      const { offset, problem } = aliasProblem(doc, e, 'refused');
      const at = offset === undefined ? line : lineCounter.linePos(offset).line;
      rejected.push({ policy: `${file.path} (document ${index})`, field: '(yaml)', reason: `YAML cannot be read at ${file.path}:${at}: ${problem}`, file: file.path, line: at });
      return;
    }
    if (value === null || value === undefined) return; // an empty document, e.g. a trailing '---'
    documents.push({
      file: file.path,
      index,
      line,
      value,
      lineOf(path) {
        const offset = nodeOffset(doc.contents, path);
        return offset === undefined ? line : lineCounter.linePos(offset).line;
      },
      sourceOf(path) {
        const node = doc.getIn(path, true);
        return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
      },
    });
  });
  return { documents, rejected };
}

/** Parses and validates every document of every file into the set that resolution works on. */
export function loadPolicies(files: readonly PolicyFile[], options: LoadOptions = {}): PolicySet {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const set: PolicySet = { peerAuthentications: [], destinationRules: [], rejected: [], warnings: [] };
  for (const file of files) {
    const { documents, rejected } = parseYamlDocuments(file);
    // An empty file is valid YAML, but most likely the wrong file: say so rather than explain nothing.
    if (documents.length === 0 && rejected.length === 0) set.warnings.push(`${file.path}: no documents in this file (it is empty or only comments)`);
    const fileRejected = [...rejected];
    for (const doc of documents) {
      const result = validateDocument(doc, defaultNamespace);
      set.warnings.push(...result.warnings);
      fileRejected.push(...result.rejections);
      const resource = result.resource;
      if (!resource) continue;
      // The same object applied twice: the later document replaces the earlier, as `kubectl apply` would.
      const list: { ref: string; source: { file: string; line: number } }[] =
        resource.kind === 'PeerAuthentication' ? set.peerAuthentications : set.destinationRules;
      const earlier = list.findIndex((r) => r.ref === resource.ref);
      if (earlier >= 0) {
        const old = list[earlier]!;
        set.warnings.push(
          `${resource.kind} ${resource.ref} is defined twice (${old.source.file}:${old.source.line} and ${resource.source.file}:${resource.source.line}); the later one replaces the earlier, as kubectl apply would`,
        );
        list.splice(earlier, 1);
      }
      if (resource.kind === 'PeerAuthentication') set.peerAuthentications.push(resource);
      else set.destinationRules.push(resource);
    }
    // In file order, so "line 3" comes before "line 30" whatever failed first.
    set.rejected.push(...fileRejected.sort((a, b) => a.line - b.line));
  }
  return set;
}

/**
 * Offset of the deepest node along `path` that exists. Keys are compared as text, so a port written as the
 * number 8080 is found by the path segment "8080" (doc.getIn would miss it).
 */
function nodeOffset(node: unknown, path: readonly (string | number)[]): number | undefined {
  const here = (node as { range?: [number, number, number] } | null)?.range?.[0];
  const [head, ...rest] = path;
  if (head === undefined) return here;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key !== String(head)) continue;
      // The target itself is reported at its key, where the reader looks for it.
      const keyOffset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
      if (rest.length === 0) return keyOffset ?? here;
      return nodeOffset(pair.value, rest) ?? keyOffset ?? here;
    }
  } else if (isSeq(node) && typeof head === 'number') {
    return nodeOffset(node.items[head], rest) ?? here;
  }
  return here;
}

