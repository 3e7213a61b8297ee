/**
 * Building blocks shared by every kind's admission check: the API server's message shapes (unknown field,
 * unsupported value, type errors), the metadata every object has, and turning field errors into rejections that
 * name file, line and field. Pure.
 */
import type { RawDocument } from './parse.js';
import type { Rejection } from './types.js';

export type Path = (string | number)[];
export type Obj = Record<string, unknown>;
export type Fail = (path: Path, reason: string) => void;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function unsupported(value: unknown, allowed: readonly string[]): string {
  return `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((m) => `"${m}"`).join(', ')}`;
}

export function unknownField(path: string): string {
  return `strict decoding error: unknown field "${path}"`;
}

/** "spec.rules[0].from" for messages, from a path such as ['spec', 'rules', 0, 'from']. */
export function dotted(path: Path): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

/** Every field error of one document as rejections, each at the line of its field. */
export function refusals(doc: RawDocument, policy: string, errors: { path: Path; reason: string }[]): Rejection[] {
  return errors.map((e) => ({
    policy,
    field: e.path.length ? e.path.join('.') : '(document)',
    reason: e.reason,
    file: doc.file,
    line: doc.lineOf(e.path),
  }));
}

/** metadata.name, metadata.namespace and metadata.creationTimestamp, checked as the API server does. */
export function checkMetadata(doc: RawDocument, v: Obj, fail: Fail): { createdAt: number | undefined } {
  const metadata = isObj(v.metadata) ? v.metadata : undefined;
  const rawName = metadata?.name;
  const rawNs = metadata?.namespace;
  if (!metadata) fail(['metadata'], 'metadata is required (resource name may not be empty)');
  else {
    if (rawName !== undefined && rawName !== null && typeof rawName !== 'string') {
      const hint = typeof rawName === 'number' || typeof rawName === 'boolean' ? ` (quote it: "${doc.sourceOf?.(['metadata', 'name']) ?? String(rawName)}")` : '';
      fail(['metadata', 'name'], `Invalid value: "${typeName(rawName)}": metadata.name must be of type string${hint}`);
    } else if (typeof rawName !== 'string' || rawName === '') fail(['metadata', 'name'], 'resource name may not be empty');
    if (rawNs !== undefined && rawNs !== null && (typeof rawNs !== 'string' || rawNs === '')) {
      fail(['metadata', 'namespace'], `Invalid value: ${JSON.stringify(rawNs)}: metadata.namespace must be a non-empty string`);
    }
  }
  let createdAt: number | undefined;
  const ts = metadata?.creationTimestamp;
  if (ts !== undefined && ts !== null) {
    const ms = typeof ts === 'string' && /^\d{4}-\d\d-\d\dT/.test(ts) ? Date.parse(ts) : Number.NaN;
    if (Number.isNaN(ms)) {
      fail(['metadata', 'creationTimestamp'], `Invalid value: ${JSON.stringify(ts)}: must be an RFC 3339 time such as "2024-05-01T10:00:00Z"`);
    } else {
      // Kubernetes keeps whole seconds, so two policies in the same second tie (and the name decides).
      createdAt = Math.floor(ms / 1000);
    }
  }
  return { createdAt };
}

/** A label map (metadata.labels, matchLabels) whose values must all be text; `null`/absent is no labels. */
export function stringMap(value: unknown, path: Path, fail: Fail, sourceOf: (path: Path) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (!isObj(value)) {
    fail(path, `${dotted(path)} must be an object, got ${typeName(value)}`);
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else {
      // Quote what was written: `version: 1.10` is the number 1.1, and "1.1" would be the wrong label.
      const hint = typeof v === 'number' || typeof v === 'boolean' ? ` (quote it: "${sourceOf([...path, key]) ?? String(v)}")` : '';
      fail([...path, key], `Invalid value: "${typeName(v)}": ${dotted(path)}.${key} in body must be of type string${hint}`);
    }
  }
  return out;
}

const LABEL_VALUE_MAX = 63;
const SELECTOR_MAX_LABELS = 4096;

/** spec.selector.matchLabels as the CRD checks them (no wildcards, no empty keys, values of at most 63 bytes). */
export function selectorLabels(labels: Obj, fail: Fail, sourceOf: (path: Path) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = Object.keys(labels);
  if (keys.length > SELECTOR_MAX_LABELS) {
    fail(['spec', 'selector', 'matchLabels'], `Too many: ${keys.length}: must have at most ${SELECTOR_MAX_LABELS} items`);
  }
  for (const key of keys) {
    const path = ['spec', 'selector', 'matchLabels', key];
    const value = labels[key];
    if (key.trim() === '') fail(path, 'key must not be empty');
    else if (key.includes('*')) fail(path, 'wildcard not allowed in label key match');
    if (typeof value !== 'string') {
      // Quote what was written: `version: 1.10` is the number 1.1, and "1.1" would be the wrong label.
      const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: "${sourceOf(path) ?? String(value)}")` : '';
      fail(path, `Invalid value: "${typeName(value)}": spec.selector.matchLabels.${key} in body must be of type string${hint}`);
      continue;
    }
    if (value.includes('*')) fail(path, 'wildcard not allowed in label value match');
    if (value.length > LABEL_VALUE_MAX) fail(path, `Too long: may not be more than ${LABEL_VALUE_MAX} bytes (got ${value.length})`);
    out[key] = value;
  }
  return out;
}
