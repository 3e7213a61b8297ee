import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { aliasProblem, MAX_ALIAS_COUNT, yamlProblem } from '../yaml/problems.js';
import type { PolicySet, Rejection, Skipped } from './types.js';
import { validateDocument } from './validate.js';

/** One input file: its name (as the user gave it, for messages) and its text. */
export interface PolicyFile {
  path: string;
  text: string;
}

/** One YAML document, parsed to plain data, that can still tell where its fields were written. */
export interface RawDocument {
  file: string;
  /** 1-based position of the document in its file (an item of a List has its List's). */
  index: number;
  /** How messages name it: "document 2", or "document 1, items[3]" for an item of a List. */
  document: string;
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
export function parseYamlDocuments(file: PolicyFile): { documents: RawDocument[]; rejected: (Rejection & { document: string })[]; emptyLists: number } {
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would print its own warnings (e.g. a list used as a key) on stderr; validation reports them.
  const parsed = parseAllDocuments(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const documents: RawDocument[] = [];
  const rejected: (Rejection & { document: string })[] = [];
  let emptyLists = 0;
  docs.forEach((doc, i) => {
    const index = i + 1;
    const line = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    const error = doc.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]);
      rejected.push({
        policy: `${file.path} (document ${index})`,
        document: `document ${index}`,
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
      rejected.push({ policy: `${file.path} (document ${index})`, document: `document ${index}`, field: '(yaml)', reason: `YAML cannot be read at ${file.path}:${at}: ${problem}`, file: file.path, line: at });
      return;
    }
    if (value === null || value === undefined) return; // an empty document, e.g. a trailing '---'
    const document: RawDocument = {
      file: file.path,
      index,
      document: `document ${index}`,
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
    };
    const list = listItems(document);
    if (list.problem) rejected.push({ ...list.problem, document: document.document });
    else if (list.items?.length === 0) emptyLists++;
    else documents.push(...(list.items ?? [document]));
  });
  return { documents, rejected, emptyLists };
}

/**
 * What `kubectl get ... -o yaml|json` prints: one `kind: List` (or a typed list such as PeerAuthenticationList,
 * from the API itself) whose `items` are the objects. Each item becomes a document of its own, with lines and
 * fields still found in the file. Items of a typed list may leave out kind and apiVersion (the API server's list
 * responses do), so they take them from the list. Returns no items for a document that is not a list.
 */
function listItems(doc: RawDocument): { items?: RawDocument[]; problem?: Rejection } {
  const v = doc.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const { kind, apiVersion, items } = v as Record<string, unknown>;
  if (typeof kind !== 'string' || !kind.endsWith('List')) return {};
  const typed = kind !== 'List';
  if (items === undefined && typed) return {}; // not a list after all (a kind that happens to end in "List"): validation decides
  if (!Array.isArray(items)) {
    return {
      problem: {
        policy: `${doc.file} (${doc.document})`,
        field: 'items',
        reason: `a ${kind} must have items: a list of objects (got ${items === null || items === undefined ? 'none' : typeof items})`,
        file: doc.file,
        line: doc.lineOf(['items']),
      },
    };
  }
  const elementKind = typed ? kind.slice(0, -'List'.length) : undefined;
  return {
    items: items.flatMap((item, i): RawDocument[] => {
      if (item === null || item === undefined) return [];
      const prefix = ['items', i];
      let value: unknown = item;
      if (elementKind && typeof item === 'object' && !Array.isArray(item)) {
        const obj = item as Record<string, unknown>;
        value = { ...(obj.apiVersion === undefined ? { apiVersion } : {}), ...(obj.kind === undefined ? { kind: elementKind } : {}), ...obj };
      }
      return [
        {
          file: doc.file,
          index: doc.index,
          document: `${doc.document}, items[${i}]`,
          line: doc.lineOf(prefix),
          value,
          lineOf: (path) => doc.lineOf([...prefix, ...path]),
          sourceOf: (path) => doc.sourceOf?.([...prefix, ...path]),
        },
      ];
    }),
  };
}

/** Parses and validates every document of every file into the set that resolution works on. */
export function loadPolicies(files: readonly PolicyFile[], options: LoadOptions = {}): PolicySet {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const set: PolicySet = { peerAuthentications: [], destinationRules: [], authorizationPolicies: [], workloads: [], namespaces: [], rejected: [], skipped: [], warnings: [] };
  for (const file of files) {
    const { documents, rejected, emptyLists } = parseYamlDocuments(file);
    // An empty file is valid YAML, but most likely the wrong file: say so rather than explain nothing.
    if (documents.length === 0 && rejected.length === 0) {
      set.warnings.push(
        emptyLists > 0
          ? `${file.path}: the List has no items (kubectl found nothing of that kind)`
          : `${file.path}: no documents in this file (it is empty or only comments)`,
      );
    }
    const fileRejected = [...rejected];
    const ignored = new Map<string, number>();
    for (const doc of documents) {
      const result = validateDocument(doc, defaultNamespace);
      set.warnings.push(...result.warnings);
      fileRejected.push(...result.rejections.map((r) => ({ ...r, document: doc.document })));
      if (result.ignoredKind) ignored.set(result.ignoredKind, (ignored.get(result.ignoredKind) ?? 0) + 1);
      if (result.workload) set.workloads.push(result.workload);
      if (result.namespace) set.namespaces.push(result.namespace);
      const resource = result.resource;
      if (!resource) continue;
      // The same object applied twice: the later document replaces the earlier, as `kubectl apply` would.
      const list: { ref: string; source: { file: string; line: number } }[] =
        resource.kind === 'PeerAuthentication' ? set.peerAuthentications : resource.kind === 'DestinationRule' ? set.destinationRules : set.authorizationPolicies;
      const earlier = list.findIndex((r) => r.ref === resource.ref);
      if (earlier >= 0) {
        const old = list[earlier]!;
        set.warnings.push(
          `${resource.kind} ${resource.ref} is defined twice (${old.source.file}:${old.source.line} and ${resource.source.file}:${resource.source.line}); the later one replaces the earlier, as kubectl apply would`,
        );
        list.splice(earlier, 1);
      }
      if (resource.kind === 'PeerAuthentication') set.peerAuthentications.push(resource);
      else if (resource.kind === 'DestinationRule') set.destinationRules.push(resource);
      else set.authorizationPolicies.push(resource);
    }
    if (ignored.size > 0) {
      const kinds = [...ignored].map(([kind, n]) => (n > 1 ? `${kind} (${n})` : kind)).join(', ');
      set.warnings.push(`${file.path}: not used by the policy lab, skipped: ${kinds}`);
    }
    // In file order, so "line 3" comes before "line 30" whatever failed first.
    fileRejected.sort((a, b) => a.line - b.line);
    set.rejected.push(...fileRejected.map(({ document: _document, ...r }) => r));
    set.skipped.push(...skippedDocuments(fileRejected));
  }
  return set;
}

/** One entry per refused document, its problems joined, in file order. */
export function skippedDocuments(rejected: readonly (Rejection & { document: string })[]): Skipped[] {
  const byDocument = new Map<string, Skipped>();
  for (const r of rejected) {
    const key = `${r.file}\u0000${r.document}`;
    // A YAML error already says where; a field error names the object unless it has no name of its own.
    const who = r.policy.startsWith(`${r.file} (`) ? '' : `${r.policy} `;
    const problem = r.field === '(yaml)' ? r.reason : `line ${r.line}: ${who}${r.field === '(document)' ? '' : `${r.field}: `}${r.reason}`;
    const known = byDocument.get(key);
    if (known) known.reason += `; ${problem}`;
    else byDocument.set(key, { file: r.file, document: r.document, reason: problem });
  }
  return [...byDocument.values()];
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

