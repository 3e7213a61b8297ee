import { createHash } from 'node:crypto';

/**
 * The progress file, also the export format:
 *
 *   { "app": "mtls-tutor", "version": 1, "events": [ { "id": "...", "type": "answer", "at": "2026-...Z", ... }, ... ] }
 *
 * Events are the log described in src/learning/events.ts. Events of types this version does not know are kept
 * (a newer version may have written them) but ignored when deriving progress.
 */
export const APP = 'mtls-tutor';
export const FORMAT_VERSION = 1;

/** An event as stored: at least an id, a type and a time; the rest is checked when progress is derived. */
export type StoredEvent = { id: string; type: string; at: string } & Record<string, unknown>;

export interface ProgressData {
  app: typeof APP;
  version: typeof FORMAT_VERSION;
  events: StoredEvent[];
}

type Json = Record<string, unknown>;
/** Turns data of version N into version N + 1. */
export type Migration = (data: Json) => Json;

/**
 * Migrations from each older version to the next. Version 0 is a file from before the format had a version:
 * `{ "events": [...] }` whose events may lack ids. They get ids derived from their content, so two copies of the
 * same old file migrate to the same ids and still merge without duplicates.
 */
export const MIGRATIONS: Record<number, Migration> = {
  0: (data) => ({
    app: APP,
    version: 1,
    events: (Array.isArray(data.events) ? data.events : []).map((event: unknown) =>
      isObject(event) && typeof event.id !== 'string' ? { ...event, id: `v0-${createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 16)}` } : event,
    ),
  }),
};

export type Classified =
  | { ok: true; data: ProgressData; migratedFrom?: number }
  | { ok: false; kind: 'foreign' | 'shape' | 'newer'; problem: string };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks parsed JSON is mtls-tutor progress, migrating older versions. Never throws: a problem comes back as
 * text that says what is wrong and where ("events[3] has no id").
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
  if (!Array.isArray(data.events)) return { ok: false, kind: 'shape', problem: `"events" must be a list, found ${data.events === undefined ? 'nothing' : typeof data.events}` };
  const problem = data.events.map(eventProblem).find((p) => p !== undefined);
  if (problem) return { ok: false, kind: 'shape', problem };
  const result: Classified = { ok: true, data: { app: APP, version: FORMAT_VERSION, events: data.events as StoredEvent[] } };
  return version < current ? { ...result, migratedFrom: version } : result;
}

function eventProblem(event: unknown, i: number): string | undefined {
  if (!isObject(event)) return `events[${i}] is not an object`;
  for (const field of ['id', 'type', 'at'] as const) {
    if (typeof event[field] !== 'string' || event[field] === '') return `events[${i}] has no ${field}`;
  }
  if (Number.isNaN(Date.parse(event.at as string))) return `events[${i}].at is not a date: ${JSON.stringify(event.at)}`;
  return undefined;
}

/** Keeps the events that are well-formed enough to store, for salvaging a damaged file. */
export function salvageEvents(parsed: unknown): StoredEvent[] {
  if (!isObject(parsed) || !Array.isArray(parsed.events)) return [];
  return parsed.events.filter((e, i): e is StoredEvent => eventProblem(e, i) === undefined);
}

/** One event per line: small, and a diff or a human can still read it. */
export function serialize(data: ProgressData): string {
  const events = data.events.map((e) => JSON.stringify(e)).join(',\n');
  return `{"app":${JSON.stringify(data.app)},"version":${data.version},"events":[${events ? `\n${events}\n` : ''}]}\n`;
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
