import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { classify, revisionOf, type ProgressData } from './format.js';
import { inWords } from './fs-words.js';

/**
 * What is in a progress file: the one place that reads and judges one, for the store's own file (with or
 * without the lock) and for a file to import alike. Never throws.
 */
export type ProgressRead =
  | { kind: 'missing' }
  /** The file is there but cannot be read (permissions, a folder or a FIFO in its place). */
  | { kind: 'unreadable'; error: unknown; problem: string }
  | { kind: 'ok'; data: ProgressData; migratedFrom?: number }
  /** Truncated, partly corrupt or not progress at all: `data` holds every complete entry that could be kept. */
  | { kind: 'damaged'; problem: string; data: ProgressData; kept: number; migratedFrom?: number }
  /** Written by a newer version: `data` holds what could be read of it, to show without writing. */
  | { kind: 'newer'; problem: string; data: ProgressData }
  /** Another program's JSON. */
  | { kind: 'foreign'; problem: string };

const BOM = '\uFEFF';

export function readProgressFile(path: string): ProgressRead {
  let text: string;
  try {
    // Non-blocking open: a FIFO planted at the path must not hang the tutor (regular files read as usual).
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) return { kind: 'unreadable', error: Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), problem: 'it is a folder, not a file' };
      if (!stat.isFile()) return { kind: 'unreadable', error: new Error('not a regular file'), problem: 'it is not a regular file' };
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', error, problem: inWords(error) };
  }
  return parseProgressText(text);
}

/** The revision written in the file's first line (see ProgressData.revision), reading only that; or undefined. */
export function readRevision(path: string): string | undefined {
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!fstatSync(fd).isFile()) return undefined;
      const head = Buffer.alloc(160);
      const length = readSync(fd, head, 0, head.length, 0);
      return revisionOf(head.subarray(0, length).toString('utf8'));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export function parseProgressText(raw: string): Exclude<ProgressRead, { kind: 'missing' | 'unreadable' }> {
  const text = raw.startsWith(BOM) ? raw.slice(1) : raw; // editors on Windows add one
  if (text.trim() === '') return damaged('it is empty', undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const problem = `not valid JSON (${(error as Error).message})`;
    const salvaged = salvage(text);
    const checked = salvaged && classify(salvaged);
    if (checked?.ok) return { ...damaged(problem, checked.data), ...(checked.migratedFrom !== undefined ? { migratedFrom: checked.migratedFrom } : {}) };
    if (checked && checked.kind !== 'shape') return refused(checked.kind, checked.problem, salvaged);
    return damaged(problem, undefined);
  }
  const checked = classify(parsed);
  if (!checked.ok) return checked.kind === 'shape' ? damaged(checked.problem, undefined) : refused(checked.kind, checked.problem, parsed);
  const migrated = checked.migratedFrom !== undefined ? { migratedFrom: checked.migratedFrom } : {};
  if (checked.dropped) return { ...damaged(checked.dropped.first, checked.data), ...migrated };
  return { kind: 'ok', data: checked.data, ...migrated };
}

function damaged(problem: string, data: ProgressData | undefined): Extract<ProgressRead, { kind: 'damaged' }> {
  const kept = data ?? { app: 'mtls-tutor', version: 2, folded: {}, summary: [], events: [] };
  return { kind: 'damaged', problem, data: kept, kept: kept.summary.length + kept.events.length };
}

function refused(kind: 'foreign' | 'newer', problem: string, parsed: unknown): ProgressRead & { kind: 'foreign' | 'newer' } {
  if (kind === 'foreign') return { kind, problem };
  // Show what can be read of a newer file (its entries, if they look like ours), never write it.
  const lists = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const checked = classify({ app: 'mtls-tutor', version: 2, summary: lists.summary ?? [], events: lists.events ?? [] });
  const data = checked.ok ? checked.data : damaged(problem, undefined).data;
  return { kind, problem, data };
}

type Salvaged = Record<string, unknown> & { summary: unknown[]; events: unknown[] };

/**
 * Every complete entry of a damaged file (truncated, or with corrupt parts), with its header when that survived.
 * The store writes one entry per line, so lines are tried first; a file laid out otherwise (one long line, or
 * pretty-printed) is scanned for complete entries instead. Undefined when nothing was found.
 */
export function salvage(text: string): Salvaged | undefined {
  const found = byLine(text) ?? byScan(text);
  if (!found || found.summary.length + found.events.length === 0) return undefined;
  return found;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function byLine(text: string): Salvaged | undefined {
  const lines = text.split('\n');
  if (lines.length < 3) return undefined;
  const out: Salvaged = { summary: [], events: [] };
  let section: 'summary' | 'events' = 'events';
  const first = lines[0]!.trim();
  // "{"app":…,"folded":{…}," (version 2) or "{"app":…,"version":1,"events":[" (version 1)
  const opensEvents = first.endsWith('"events":[');
  const header = tryParse(`${(opensEvents ? first.slice(0, -',"events":['.length) : first.replace(/,$/, ''))}}`);
  if (isObject(header)) Object.assign(out, header, { summary: out.summary, events: out.events });
  for (const line of lines.slice(1)) {
    const trimmed = line.trim();
    if (/^"summary":\[/.test(trimmed)) section = 'summary';
    else if (/^"events":\[/.test(trimmed)) section = 'events';
    if (!trimmed.startsWith('{')) continue;
    const entry = tryParse(trimmed.replace(/,$/, ''));
    if (isObject(entry)) out[section].push(entry);
  }
  if (!isObject(header) && out.summary.length > 0 && out.version === undefined) Object.assign(out, { app: 'mtls-tutor', version: 2 });
  return out.summary.length + out.events.length > 0 ? out : undefined;
}

/** A tolerant walk over JSON text: complete objects in the top-level "summary" and "events" lists, and the header. */
function byScan(text: string): Salvaged | undefined {
  const out: Salvaged = { summary: [], events: [] };
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = -1;
  let lastString = '';
  let key: string | undefined;
  let valueStart = -1;
  let elementStart = -1;
  const endValue = (end: number) => {
    if (valueStart >= 0 && key !== undefined && key !== 'summary' && key !== 'events') {
      const value = tryParse(text.slice(valueStart, end));
      if (value !== undefined) out[key] = value;
    }
    valueStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        lastString = text.slice(stringStart, i + 1);
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      stringStart = i;
    } else if (c === ':' && depth === 1) {
      const name = tryParse(lastString);
      key = typeof name === 'string' ? name : undefined;
      valueStart = i + 1;
    } else if (c === ',' && depth === 1) {
      endValue(i);
    } else if (c === '{' || c === '[') {
      if (c === '{' && depth === 2 && (key === 'summary' || key === 'events')) elementStart = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) endValue(i);
      if (c === '}' && depth === 2 && elementStart >= 0) {
        const entry = tryParse(text.slice(elementStart, i + 1));
        if (isObject(entry)) out[key as 'summary' | 'events'].push(entry);
        elementStart = -1;
      }
    }
  }
  return out.summary.length + out.events.length > 0 ? out : undefined;
}
