import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import Conf from 'conf';
import { isEventInput, newEventId, parseEvent, sortEvents, type ProgressEvent, type ProgressEventInput } from '../learning/events.js';
import { APP, classify, FORMAT_VERSION, salvageEvents, serialize, type ProgressData, type StoredEvent } from './format.js';
import { ensureFolder } from './folder.js';
import { inWords as describe } from './fs-words.js';
import { withLock, type LockOptions } from './lock.js';

export const PROJECT_NAME = 'mtls-tutor';
export const CONFIG_NAME = 'progress';

/** Something the learner must be told: shown by the TUI on the home screen and by the CLI on stderr. */
export interface ProgressNotice {
  kind: 'corrupt' | 'salvaged' | 'unreadable' | 'unwritable' | 'newer-version';
  message: string;
  /** Where the damaged or unreadable file was saved, when it was. */
  backupPath?: string;
}

export interface StoreOptions {
  /** Folder for progress.json. Default: $MTLS_TUTOR_HOME when set, else conf's OS config folder for mtls-tutor. */
  home?: string;
  now?: () => Date;
  lock?: LockOptions;
  /** Called whenever a new notice appears (e.g. the disk fills up mid-session). */
  onNotice?: (notice: ProgressNotice) => void;
}

export interface ImportReport {
  file: string;
  /** Events in the file, and how many of them were not already in this progress. */
  events: number;
  added: number;
  migratedFrom?: number;
}

export interface ResetReport {
  /** The copy of the progress made before clearing it; undefined when there was nothing to keep. */
  backupPath?: string;
  cleared: number;
}

/** A file given to import/export that cannot be used; the message names the file and the problem. */
export class ProgressFileError extends Error {
  override name = 'ProgressFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export function progressHome(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const home = env.MTLS_TUTOR_HOME?.trim();
  return home ? resolve(home) : undefined;
}

/** A temp file of a write this old was abandoned: a live write takes milliseconds, and holds the lock. */
const ABANDONED_WRITE_MS = 60_000;

const READ_FAILED = Symbol('read failed');
type ConfStore = Record<string, unknown> & { [READ_FAILED]?: unknown };

/**
 * conf, except that reading never throws and never makes folders: conf throws on bad JSON or an unreadable file
 * (and its clearInvalidConfig would silently delete the file), and makes the folder of a missing file with a
 * recursive mkdir, which never returns under /proc on Node 20. Here a read error comes back inside the store so
 * the caller can back the file up and tell the learner, and the folder is made by `ensureFolder` before writes.
 * While conf's constructor runs, the store reads as empty: the ProgressStore reads the file itself right after.
 */
class ProgressConf extends Conf<ConfStore> {
  static constructing = false;
  override get store(): ConfStore {
    if (ProgressConf.constructing) return {};
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as ConfStore;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { [READ_FAILED]: error };
    }
  }
  override set store(value: ConfStore) {
    super.store = value;
  }
}

/** "progress.corrupt-2026-11-23T19-30-00.json", numbered if that name is taken. */
function sideName(file: string, label: string, now: Date): string {
  const ext = extname(file);
  const stem = join(dirname(file), basename(file, ext));
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  for (let n = 1; ; n++) {
    const candidate = `${stem}.${label}-${stamp}${n > 1 ? `-${n}` : ''}${ext}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * The learner's progress: an event log in progress.json, managed through conf. Every `record` is written at once
 * (re-read, merged by event id with what other instances wrote, written atomically, under a lock file), so
 * quitting at any moment loses nothing and two instances never lose each other's answers.
 *
 * It never throws for a bad or unreachable file: a corrupt file is moved aside and the store starts fresh; an
 * unreadable file or folder leaves the store working in memory. Either way a notice says what happened.
 */
export class ProgressStore {
  readonly path: string;
  readonly notices: ProgressNotice[] = [];
  #conf: ProgressConf | undefined;
  #persistent = true;
  #events = new Map<string, StoredEvent>();
  /** Recorded but not yet on disk (only non-empty after a failed write). */
  #pending = new Map<string, StoredEvent>();
  #now: () => Date;
  #lock: LockOptions;
  #onNotice: ((notice: ProgressNotice) => void) | undefined;
  #cache: { source: Map<string, StoredEvent>; size: number; events: ProgressEvent[] } | undefined;
  #swept = false;

  constructor(options: StoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#lock = options.lock ?? {};
    this.#onNotice = options.onNotice;
    const home = options.home ?? progressHome();
    ProgressConf.constructing = true;
    try {
      this.#conf = new ProgressConf({
        projectName: PROJECT_NAME,
        configName: CONFIG_NAME,
        ...(home ? { cwd: home } : {}),
        accessPropertiesByDotNotation: false,
        // Only ever write progress data: if conf tried to write anything else, refuse rather than overwrite the file.
        serialize: (value) => {
          if (!Array.isArray((value as { events?: unknown }).events)) throw new Error('refusing to write a progress file without events');
          return serialize(value as unknown as ProgressData);
        },
      });
      this.path = this.#conf.path;
    } catch (error) {
      this.path = join(home ?? '.', `${CONFIG_NAME}.json`);
      this.#goMemory('unreadable', `Your progress at ${this.path} cannot be opened (${describe(error)}).`);
      return;
    } finally {
      ProgressConf.constructing = false;
    }
    this.#sync(false);
  }

  /** False when progress is only kept in memory this session (see `notices`). */
  get persistent(): boolean {
    return this.#persistent;
  }

  /** The recorded events this version understands, in time order. */
  events(): ProgressEvent[] {
    // Screens call this on every render: parse and sort only when the log changed.
    if (this.#cache?.source !== this.#events || this.#cache.size !== this.#events.size) {
      const events = sortEvents([...this.#events.values()].map(parseEvent).filter((e): e is ProgressEvent => e !== undefined));
      this.#cache = { source: this.#events, size: this.#events.size, events };
    }
    return this.#cache.events;
  }

  /** How many events are stored, including ones this version does not understand. */
  get size(): number {
    return this.#events.size;
  }

  /** Records one event and writes it to disk before returning. */
  record(input: ProgressEventInput): ProgressEvent {
    if (!isEventInput(input)) throw new TypeError(`not a valid progress event: ${JSON.stringify(input)}`);
    const event = { ...input, id: newEventId(this.#now()) } as ProgressEvent;
    const stored = event as unknown as StoredEvent;
    this.#events.set(event.id, stored);
    this.#pending.set(event.id, stored);
    this.#sync(true);
    return event;
  }

  /** Picks up what other instances have written since. */
  refresh(): void {
    this.#sync(this.#pending.size > 0);
  }

  /** Writes all progress to `file` in the same format (JSON), to keep or to import elsewhere. */
  exportTo(file: string): { file: string; events: number } {
    this.refresh();
    const target = resolve(file);
    const data: ProgressData = { app: APP, version: FORMAT_VERSION, events: sortEvents([...this.#events.values()]) };
    try {
      const temp = `${target}.tmp-${process.pid}`;
      writeFileSync(temp, serialize(data));
      renameSync(temp, target);
    } catch (error) {
      throw new ProgressFileError(file, `cannot write it (${describe(error)})`);
    }
    return { file: target, events: data.events.length };
  }

  /**
   * Merges the progress in `file` into this one (a union of events: nothing is lost on either side). The file is
   * checked first; on any problem this throws a ProgressFileError and the current progress is left untouched.
   */
  importFrom(file: string): ImportReport {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ProgressFileError(file, code === 'ENOENT' ? 'no such file' : `cannot read it (${describe(error)})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ProgressFileError(file, `not a progress file: ${text.trim() === '' ? 'it is empty' : describe(error)}`);
    }
    const checked = classify(parsed);
    if (!checked.ok) throw new ProgressFileError(file, checked.kind === 'shape' ? `not a valid progress file: ${checked.problem}` : checked.problem);
    this.refresh();
    let added = 0;
    for (const event of checked.data.events) {
      if (this.#events.has(event.id)) continue;
      added++;
      this.#events.set(event.id, event);
      this.#pending.set(event.id, event);
    }
    if (added > 0) this.#sync(true);
    return { file: resolve(file), events: checked.data.events.length, added, ...(checked.migratedFrom !== undefined ? { migratedFrom: checked.migratedFrom } : {}) };
  }

  /** Forgets all progress, after saving a copy of the file beside it. */
  reset(): ResetReport {
    const cleared = this.#events.size;
    this.#pending.clear();
    this.#events = new Map();
    if (!this.#persistent || !this.#conf) return { cleared };
    try {
      return this.#locked(() => {
        let backupPath: string | undefined;
        if (existsSync(this.path)) {
          backupPath = sideName(this.path, 'backup', this.#now());
          copyFileSync(this.path, backupPath);
        }
        this.#write([]);
        return { ...(backupPath ? { backupPath } : {}), cleared };
      });
    } catch (error) {
      this.#goMemory('unwritable', `Could not reset ${this.path} (${describe(error)}); progress is cleared for this session only.`);
      return { cleared };
    }
  }

  #locked<T>(fn: () => T): T {
    ensureFolder(dirname(this.path));
    return withLock(`${this.path}.lock`, fn, this.#lock);
  }

  /** Re-reads the file, merges, and (when `write`) writes the union back. */
  #sync(write: boolean): void {
    if (!this.#persistent || !this.#conf) return;
    try {
      this.#locked(() => {
        if (!this.#swept) this.#sweepAbandonedWrites();
        const disk = this.#readDisk();
        if (disk === undefined) return; // switched to memory
        const union = new Map(disk.map((e) => [e.id, e]));
        for (const [id, event] of this.#pending) union.set(id, event);
        if (write) this.#write([...union.values()]);
        this.#pending.clear();
        this.#events = union;
      });
    } catch (error) {
      const fileProblem = write ? undefined : this.#loadWithoutLock();
      this.#goMemory(
        'unwritable',
        `Your progress cannot be saved in ${dirname(this.path)} (${describe(error)})${fileProblem ? `, and ${fileProblem}` : ''}. It is kept in memory for this session only.`,
      );
    }
  }

  /**
   * conf writes through a temp file beside progress.json ("progress.json.tmp-<time><random>") renamed over it; a
   * writer killed before the rename leaves the temp file behind. It never holds progress that record() reported
   * saved, only clutter, so it is removed, once per start, under the lock and only when long abandoned.
   */
  #sweepAbandonedWrites(): void {
    this.#swept = true;
    const dir = dirname(this.path);
    const prefix = `${basename(this.path)}.tmp-`;
    try {
      for (const name of readdirSync(dir)) {
        if (!name.startsWith(prefix) || !/^\d{10}[0-9a-f]{6}$/.test(name.slice(prefix.length))) continue;
        const file = join(dir, name);
        if (Date.now() - statSync(file).mtimeMs > ABANDONED_WRITE_MS) unlinkSync(file);
      }
    } catch {
      // Only tidying: never a reason to fail opening the progress.
    }
  }

  /**
   * When the folder cannot be written (no lock file possible), still show the progress that is there. Returns
   * what is wrong with the file too, if anything: it cannot be moved aside here, so the learner must be told.
   */
  #loadWithoutLock(): string | undefined {
    const raw = (this.#conf as ProgressConf).store;
    const failure = raw[READ_FAILED];
    if (failure !== undefined) {
      if (!existsSync(this.path)) return undefined;
      return failure instanceof SyntaxError
        ? `your progress file ${this.path} is damaged (${describe(failure)}); it is left as it is`
        : `your progress file ${this.path} cannot be read either (${describe(failure)})`;
    }
    const checked = classify(raw);
    for (const event of checked.ok ? checked.data.events : salvageEvents(raw)) this.#events.set(event.id, event);
    if (checked.ok) return undefined;
    return checked.kind === 'newer'
      ? `your progress file ${this.path} was written by a newer mtls-tutor (${checked.problem}); it is left as it is`
      : `your progress file ${this.path} is damaged (${checked.problem}); it is left as it is`;
  }

  /** The events on disk; moves a damaged file aside. Undefined when the store had to go to memory. */
  #readDisk(): StoredEvent[] | undefined {
    const conf = this.#conf as ProgressConf;
    const raw = conf.store;
    const failure = raw[READ_FAILED];
    if (failure !== undefined && !(failure instanceof SyntaxError)) {
      this.#goMemory(
        existsSync(this.path) ? 'unreadable' : 'unwritable',
        existsSync(this.path)
          ? `Your progress file ${this.path} cannot be read (${describe(failure)}). It is left as it is; this session's progress is kept in memory only.`
          : `Your progress cannot be saved in ${dirname(this.path)} (${describe(failure)}). It is kept in memory for this session only.`,
      );
      return undefined;
    }
    if (failure instanceof SyntaxError) return this.#quarantine(describe(failure), []);
    const checked = classify(raw);
    if (checked.ok) {
      if (checked.migratedFrom !== undefined) this.#write(checked.data.events);
      return checked.data.events;
    }
    if (checked.kind === 'newer') {
      const events = salvageEvents(raw);
      for (const e of events) this.#events.set(e.id, e);
      this.#goMemory(
        'newer-version',
        `Your progress file ${this.path} was written by a newer mtls-tutor (${checked.problem}). It is left as it is; this session's progress is kept in memory only. Update mtls-tutor to keep both.`,
      );
      return undefined;
    }
    return this.#quarantine(checked.problem, salvageEvents(raw));
  }

  /** Saves a damaged file beside itself and carries on with what could be salvaged. */
  #quarantine(problem: string, salvaged: StoredEvent[]): StoredEvent[] {
    const backupPath = sideName(this.path, 'corrupt', this.#now());
    renameSync(this.path, backupPath);
    if (salvaged.length > 0) {
      this.#write(salvaged);
      this.#notice({
        kind: 'salvaged',
        message: `Your progress file was damaged (${problem}); it was saved as ${backupPath}. ${salvaged.length} entries could be kept.`,
        backupPath,
      });
    } else {
      this.#notice({ kind: 'corrupt', message: `Your progress file was unreadable (${problem}); it was saved as ${backupPath}. Starting fresh.`, backupPath });
    }
    return salvaged;
  }

  /**
   * conf writes atomically (through `atomically`: a temp file in the same folder, fsync, rename), so a crash leaves
   * the old file or the new one, never half of one (test/progress/crash.test.ts kills writers to check it).
   */
  #write(events: StoredEvent[]): void {
    const data: ProgressData = { app: APP, version: FORMAT_VERSION, events: sortEvents(events) };
    (this.#conf as ProgressConf).store = data as unknown as ConfStore;
  }

  #goMemory(kind: ProgressNotice['kind'], message: string): void {
    this.#persistent = false;
    this.#notice({ kind, message });
  }

  #notice(notice: ProgressNotice): void {
    this.notices.push(notice);
    this.#onNotice?.(notice);
  }
}

export function openProgressStore(options: StoreOptions = {}): ProgressStore {
  return new ProgressStore(options);
}
