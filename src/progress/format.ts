import { createHash } from 'node:crypto';

/**
 * The progress file, also the export format (version 2):
 *
 *   {"app":"mtls-tutor","version":2,"revision":"…","origin":"3f9a…","folded":{"3f9a…":120345},"through":{…},
 *   "summary":[
 *   { "id": "...", "type": "card-state", ... },        compacted history: entries standing for older events
 *   ...
 *   ],
 *   "events":[
 *   { "id": "...", "type": "answer", "at": "2026-...Z", ... },   the latest events, as recorded
 *   ...
 *   ]}
 *
 * Events are the log described in src/learning/events.ts; once there are more than 500, the oldest are folded
 * into `summary` (src/progress/compact.ts), so the file stays small however long the history. `folded` counts
 * the events folded, per store that folded them (`origin` is this store's), and `through` is the newest event
 * this store folded. `revision` is new on every write: a store that finds the revision it wrote last knows the
 * file is as it left it, and need not read it again. Entries of types this version does not know are kept (a
 * newer version may have written them) but ignored when deriving progress.
 */
export const APP = 'mtls-tutor';
export const FORMAT_VERSION = 2;

/** An event as stored: at least an id, a type and a time; the rest is checked when progress is derived. */
export type StoredEvent = { id: string; type: string; at: string } & Record<string, unknown>;

export interface ProgressData {
  app: typeof APP;
  version: typeof FORMAT_VERSION;
  /** Random, new on every write (see readRevision). */
  revision?: string;
  /** This store's name in the ids of the summary entries it makes; chosen on its first write. */
  origin?: string;
  /** Events folded into `summary`, per store that folded them. */
  folded: Record<string, number>;
  /** The newest event this store has folded (an import may bring older events that are counted already). */
  through?: { at: string; id: string };
  summary: StoredEvent[];
  events: StoredEvent[];
}

type Json = Record<string, unknown>;
/** Turns data of version N into version N + 1. */
export type Migration = (data: Json) => Json;

/**
 * Migrations from each older version to the next. Version 0 is a file from before the format had a version:
 * `{ "events": [...] }` whose events may lack ids. They get ids derived from their content, so two copies of the
 * same old file migrate to the same ids and still merge without duplicates. Version 1 held every event in
 * `events`: it is version 2 with nothing folded yet (the store folds it on its first write).
 */
export const MIGRATIONS: Record<number, Migration> = {
  0: (data) => ({
    app: APP,
    version: 1,
    events: (Array.isArray(data.events) ? data.events : []).map((event: unknown) =>
      isObject(event) && typeof event.id !== 'string' ? { ...event, id: `v0-${createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 16)}` } : event,
    ),
  }),
  1: (data) => ({ ...data, version: 2, folded: {}, summary: [] }),
};

/** Entries that were not well-formed and left out: how many, and what was wrong with the first. */
export interface Dropped {
  count: number;
  first: string;
}

export type Classified =
  | { ok: true; data: ProgressData; migratedFrom?: number; dropped?: Dropped }
  | { ok: false; kind: 'foreign' | 'shape' | 'newer'; problem: string };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Checks parsed JSON is mtls-tutor progress, migrating older versions. Entries that are not well-formed are left
 * out and counted in `dropped` (the caller decides whether that is acceptable); a file that is not progress at
 * all comes back as text that says what is wrong. Never throws.
 */
export function classify(parsed: unknown, migrations: Record<number, Migration> = MIGRATIONS, current = FORMAT_VERSION): Classified {
  if (!isObject(parsed)) return { ok: false, kind: 'shape', problem: `expected a JSON object, found ${Array.isArray(parsed) ? 'a list' : parsed === null ? 'null' : typeof parsed}` };
  if ('app' in parsed && parsed.app !== APP) return { ok: false, kind: 'foreign', problem: `it was written by ${JSON.stringify(parsed.app)}, not mtls-tutor` };
  if (!('app' in parsed) && !('events' in parsed) && !('version' in parsed) && Object.keys(parsed).length > 0) {
    return { ok: false, kind: 'foreign', problem: 'it is not an mtls-tutor progress file (no "app", "version" or "events")' };
  }
  const version = parsed.version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return { ok: false, kind: 'shape', problem: `"version" must be a whole number, found ${JSON.stringify(version)}` };
  if (version > current) return { ok: false, kind: 'newer', problem: `it is format version ${version}, written by a newer mtls-tutor; this one reads up to version ${current}` };
  let data: Json = parsed;
  for (let v = version; v < current; v++) {
    const migrate = migrations[v];
    if (!migrate) return { ok: false, kind: 'shape', problem: `no migration from format version ${v}` };
    data = migrate(data);
  }
  const problem = headerProblem(data);
  if (problem) return { ok: false, kind: 'shape', problem };
  let dropped: Dropped | undefined;
  const entries = (list: unknown, name: string): StoredEvent[] => {
    const kept: StoredEvent[] = [];
    (Array.isArray(list) ? list : []).forEach((entry, i) => {
      const wrong = eventProblem(entry, `${name}[${i}]`);
      if (wrong === undefined) kept.push(entry as StoredEvent);
      else dropped = { count: (dropped?.count ?? 0) + 1, first: dropped?.first ?? wrong };
    });
    return kept;
  };
  const summary = entries(data.summary, 'summary');
  const events = entries(data.events, 'events');
  const result: ProgressData = {
    app: APP,
    version: FORMAT_VERSION,
    ...(typeof data.revision === 'string' ? { revision: data.revision } : {}),
    ...(typeof data.origin === 'string' ? { origin: data.origin } : {}),
    folded: isObject(data.folded) ? (data.folded as Record<string, number>) : {},
    ...(isObject(data.through) ? { through: data.through as ProgressData['through'] & object } : {}),
    summary,
    events,
  };
  return { ok: true, data: result, ...(version < current ? { migratedFrom: version } : {}), ...(dropped ? { dropped } : {}) };
}

function headerProblem(data: Json): string | undefined {
  if (!Array.isArray(data.events)) return `"events" must be a list, found ${data.events === undefined ? 'nothing' : typeof data.events}`;
  if (data.summary !== undefined && !Array.isArray(data.summary)) return `"summary" must be a list, found ${typeof data.summary}`;
  if (data.origin !== undefined && (typeof data.origin !== 'string' || data.origin === '')) return '"origin" must be a name';
  if (data.folded !== undefined && (!isObject(data.folded) || !Object.values(data.folded).every(count))) return '"folded" must map names to counts of events';
  if (data.through !== undefined && !(isObject(data.through) && typeof data.through.id === 'string' && typeof data.through.at === 'string' && !Number.isNaN(Date.parse(data.through.at)))) {
    return '"through" must be an event\'s time and id';
  }
  return undefined;
}

function eventProblem(event: unknown, where: string): string | undefined {
  if (!isObject(event)) return `${where} is not an object`;
  for (const field of ['id', 'type', 'at'] as const) {
    if (typeof event[field] !== 'string' || event[field] === '') return `${where} has no ${field}`;
  }
  if (Number.isNaN(Date.parse(event.at as string))) return `${where}.at is not a date: ${JSON.stringify(event.at)}`;
  return undefined;
}

/** How many events the data stands for: those folded into its summary, and those listed. */
export function eventCount(data: Pick<ProgressData, 'folded'> & { events: { length: number } | { size: number } }): number {
  const listed = 'size' in data.events ? data.events.size : data.events.length;
  return Object.values(data.folded).reduce((sum, n) => sum + n, 0) + listed;
}

/** Each entry's line, kept while the entry lives: saving an answer rewrites hundreds of unchanged lines. */
const lines = new WeakMap<object, string>();
function line(entry: StoredEvent): string {
  let text = lines.get(entry);
  if (text === undefined) {
    text = JSON.stringify(entry);
    lines.set(entry, text);
  }
  return text;
}

/** One entry per line: a diff or a human can still read it, and a damaged file loses only the lines it damaged. */
export function serialize(data: ProgressData): string {
  const header = {
    app: data.app,
    version: data.version,
    ...(data.revision ? { revision: data.revision } : {}),
    ...(data.origin ? { origin: data.origin } : {}),
    folded: data.folded,
    ...(data.through ? { through: data.through } : {}),
  };
  const list = (entries: readonly StoredEvent[]) => (entries.length > 0 ? `\n${entries.map(line).join(',\n')}\n` : '');
  return `${JSON.stringify(header).slice(0, -1)},\n"summary":[${list(data.summary)}],\n"events":[${list(data.events)}]}\n`;
}

const REVISION = /^\uFEFF?\{"app":"mtls-tutor","version":2,"revision":"([0-9a-f]{1,64})"/;

/** The revision in a file's first line, read without reading the rest; undefined if there is none. */
export function revisionOf(firstBytes: string): string | undefined {
  return REVISION.exec(firstBytes)?.[1];
}

/** Old id → new id, from every lesson's `renamedIds` (a lesson renames only ids of its own). */
export function renamesOf(lessons: readonly { renamedIds?: Record<string, string> | undefined }[]): Map<string, string> {
  return new Map(lessons.flatMap((lesson) => Object.entries(lesson.renamedIds ?? {})));
}

/** The fields of an event that hold a card, question or explain prompt id (see src/learning/events.ts). */
const ID_FIELDS = ['cardId', 'questionId', 'promptId'] as const;

/**
 * The event as if it had been recorded under the current ids: every card, question or prompt id a lesson has
 * renamed is replaced by its new id. Applied each time progress is read, never written back, so the file keeps
 * what was recorded (an older version still reads it) and applying it again changes nothing: a new id is never
 * an old one (lessons check). Returns the same object when nothing is renamed.
 */
export function renameEventIds<E extends Record<string, unknown>>(event: E, renames: ReadonlyMap<string, string>): E {
  if (renames.size === 0) return event;
  let out: Record<string, unknown> | undefined;
  for (const field of ID_FIELDS) {
    const id = event[field];
    const renamed = typeof id === 'string' ? renames.get(id) : undefined;
    if (renamed !== undefined) (out ??= { ...event })[field] = renamed;
  }
  const list = event.questionIds;
  if (Array.isArray(list) && list.some((id) => typeof id === 'string' && renames.has(id))) {
    (out ??= { ...event }).questionIds = list.map((id) => (typeof id === 'string' ? (renames.get(id) ?? id) : id));
  }
  return (out ?? event) as E;
}
