import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import Conf from 'conf';
import { isEventInput, newEventId, parseEvent, type ProgressEvent, type ProgressEventInput } from '../learning/events.js';
import { ensureFolder } from './folder.js';
import { eventCount, serialize, type ProgressData, type StoredEvent } from './format.js';
import { inWords as describe } from './fs-words.js';
import { withLock, type LockOptions } from './lock.js';
import { compactLog, copyLog, emptyLog, logSize, RAW_KEEP, RAW_LIMIT, toData, toLog, type ProgressLog } from './log.js';
import { readProgressFile, readRevision } from './read.js';
import { addToStudyTime } from './study-time.js';
import { sideName, sweepAbandonedWrites } from './tidy.js';
import { checkImport, mergeImport, writeExport, type ImportReport } from './transfer.js';
import { progressView } from './view.js';

export { IMPORT_LIMITS, ProgressFileError, type ImportReport } from './transfer.js';
export { progressView } from './view.js';

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
  /** When to fold old events into the summary (see RAW_LIMIT); smaller in tests, to fold a short history. */
  compaction?: { limit: number; keep: number };
  /** Ids the lessons renamed, old → new (renamesOf(course.lessons)): events() reports them under the new id. */
  renames?: ReadonlyMap<string, string>;
}

export interface ResetReport {
  /** The copy of the progress made before clearing it; undefined when there was nothing to keep. */
  backupPath?: string;
  cleared: number;
}

export function progressHome(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const home = env.MTLS_TUTOR_HOME?.trim();
  return home ? resolve(home) : undefined;
}

/**
 * conf decides where progress lives and writes it (atomically, through `atomically`: a temp file in the same
 * folder, fsync, rename). Reading is ours (src/progress/read.ts): conf's throws on a damaged file (and its
 * clearInvalidConfig would silently delete it) and makes a missing file's folder with a recursive mkdir, which
 * never returns under /proc on Node 20. So conf's own view of the store is empty, and the folder is made by
 * `ensureFolder` before every write.
 */
class ProgressConf extends Conf<Record<string, unknown>> {
  override get store(): Record<string, unknown> {
    return {};
  }
  override set store(value: Record<string, unknown>) {
    super.store = value;
  }
}

/**
 * The learner's progress in progress.json, written through conf. Every `record` is written at once (re-read,
 * merged by event id with what other instances wrote, written atomically, under a lock file), so quitting at any
 * moment loses nothing and two instances never lose each other's answers. Once more than 500 events are
 * kept, the oldest are folded into a summary that shows the same progress (src/progress/compact.ts), so saving
 * an answer costs the same after a million.
 *
 * It never throws for a bad or unreachable file: a damaged file is moved aside and the store carries on with every
 * complete entry it held; an unreadable file or folder leaves the store working in memory. Either way a notice
 * says what happened.
 */
export class ProgressStore {
  readonly path: string;
  readonly notices: ProgressNotice[] = [];
  #conf: ProgressConf | undefined;
  #persistent = true;
  #log: ProgressLog = emptyLog();
  /** Recorded but not yet on disk (only non-empty after a failed write). */
  #pending = new Map<string, StoredEvent>();
  #view: ProgressEvent[] | undefined;
  /** The study-time event this instance recorded last, which the next one may add to. */
  #lastStudy: string | undefined;
  #now: () => Date;
  #lock: LockOptions;
  #compaction: { limit: number; keep: number };
  #onNotice: ((notice: ProgressNotice) => void) | undefined;
  #swept = false;
  #renames: ReadonlyMap<string, string>;

  constructor(options: StoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#renames = options.renames ?? new Map();
    this.#lock = options.lock ?? {};
    this.#compaction = options.compaction ?? { limit: RAW_LIMIT, keep: RAW_KEEP };
    this.#onNotice = options.onNotice;
    const home = options.home ?? progressHome();
    try {
      this.#conf = new ProgressConf({
        projectName: PROJECT_NAME,
        configName: CONFIG_NAME,
        ...(home ? { cwd: home } : {}),
        accessPropertiesByDotNotation: false,
        // Only ever write progress data: if conf tried to write anything else, refuse rather than overwrite the file.
        serialize: (value) => {
          const data = value as unknown as ProgressData;
          if (!Array.isArray(data.events) || !Array.isArray(data.summary)) throw new Error('refusing to write a progress file without events');
          return serialize(data);
        },
      });
      this.path = this.#conf.path;
    } catch (error) {
      this.path = join(home ?? '.', `${CONFIG_NAME}.json`);
      this.#goMemory('unreadable', `Your progress at ${this.path} cannot be opened (${describe(error)}).`);
      return;
    }
    this.#transact(undefined, false);
  }

  /** False when progress is only kept in memory this session (see `notices`). */
  get persistent(): boolean {
    return this.#persistent;
  }

  /** The recorded events (and compacted history) this version understands, in time order. */
  events(): ProgressEvent[] {
    // Screens call this on every render: derived only when the log changed.
    this.#view ??= progressView([...this.#log.summary.values(), ...this.#log.events.values()], this.#renames);
    return this.#view;
  }

  /** How many events the progress stands for (folded into the summary or kept), including unknown types. */
  get size(): number {
    return logSize(this.#log);
  }

  /**
   * Records one event and writes it to disk before returning; returns it as stored. Study time recorded soon
   * after this instance's last, for the same lesson and mode, is added to that event instead of making another.
   */
  record(input: ProgressEventInput): ProgressEvent {
    if (!isEventInput(input)) throw new TypeError(`not a valid progress event: ${JSON.stringify(input)}`);
    const last = this.#lastStudy === undefined ? undefined : parseEvent(this.#log.events.get(this.#lastStudy));
    const event = addToStudyTime(last, input) ?? ({ ...input, id: newEventId(this.#now()) } as ProgressEvent);
    if (event.type === 'study-time') this.#lastStudy = event.id;
    const stored = event as unknown as StoredEvent;
    this.#log.events.set(event.id, stored);
    this.#pending.set(event.id, stored);
    this.#transact();
    return event;
  }

  /** Picks up what other instances have written since. */
  refresh(): void {
    this.#transact();
  }

  /** Writes all progress to `file` in the same format (JSON), to keep or to import elsewhere. */
  exportTo(file: string, options: { force?: boolean } = {}): { file: string; events: number } {
    this.refresh();
    return writeExport(file, toData(this.#log), options.force === true);
  }

  /**
   * Merges the progress in `file` into this one (a union: nothing is lost on either side; see mergeImport). The file
   * is checked first; a damaged one gives every complete entry it holds. On any other problem this throws a
   * ProgressFileError and the current progress is left untouched.
   */
  importFrom(file: string): ImportReport {
    const checked = checkImport(file);
    let added = 0;
    this.#transact((log) => {
      added = mergeImport(log, checked.data);
    });
    return {
      file: resolve(file),
      events: eventCount(checked.data),
      added,
      ...(checked.migratedFrom !== undefined ? { migratedFrom: checked.migratedFrom } : {}),
      ...(checked.damaged ? { damaged: checked.damaged } : {}),
    };
  }

  /** Forgets all progress, after saving a copy of the file beside it. */
  reset(): ResetReport {
    const cleared = this.size;
    this.#pending.clear();
    this.#log = emptyLog(this.#log.origin);
    this.#view = undefined;
    if (!this.#persistent || !this.#conf) return { cleared };
    try {
      return this.#locked(() => {
        let backupPath: string | undefined;
        if (existsSync(this.path)) {
          backupPath = sideName(this.path, 'backup', this.#now());
          copyFileSync(this.path, backupPath);
        }
        this.#write(this.#log);
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

  /**
   * Re-reads the file under the lock, adds what this instance recorded and `change`, folds old events when there
   * are too many, and writes the result (when anything changed, or the file needs upgrading).
   */
  #transact(change?: (log: ProgressLog) => void, write = change !== undefined || this.#pending.size > 0): void {
    this.#view = undefined;
    if (!this.#persistent || !this.#conf) {
      change?.(this.#log);
      return;
    }
    try {
      this.#locked(() => {
        if (!this.#swept) {
          this.#swept = true;
          sweepAbandonedWrites(this.path);
        }
        // The file as this instance left it (same revision): what it holds is in memory already.
        const unchanged = this.#log.revision !== undefined && readRevision(this.path) === this.#log.revision;
        const disk = unchanged ? { log: copyLog(this.#log), upgrade: false } : this.#readDisk();
        if (disk === undefined) {
          change?.(this.#log); // switched to memory
          return;
        }
        const log = disk.log;
        for (const [id, event] of this.#pending) log.events.set(id, event);
        change?.(log);
        if (write || disk.upgrade) {
          compactLog(log, this.#compaction.limit, this.#compaction.keep);
          this.#write(log);
        }
        this.#pending.clear();
        this.#log = log;
      });
    } catch (error) {
      const fileProblem = write ? undefined : this.#loadWithoutLock();
      change?.(this.#log);
      this.#goMemory(
        'unwritable',
        `Your progress cannot be saved in ${dirname(this.path)} (${describe(error)})${fileProblem ? `, and ${fileProblem}` : ''}. It is kept in memory for this session only.`,
      );
    }
    this.#view = undefined;
  }

  /** Shows in memory what could be read, adding what this instance recorded. */
  #showInMemory(data: ProgressData): void {
    const log = toLog(data);
    for (const [id, event] of this.#pending) log.events.set(id, event);
    this.#log = log;
  }

  /**
   * When the folder cannot be written (no lock file possible), still show the progress that is there. Returns
   * what is wrong with the file too, if anything: it cannot be moved aside here, so the learner must be told.
   */
  #loadWithoutLock(): string | undefined {
    const read = readProgressFile(this.path);
    switch (read.kind) {
      case 'missing':
        return undefined;
      case 'unreadable':
        return `your progress file ${this.path} cannot be read either (${read.problem})`;
      case 'foreign':
        return `your progress file ${this.path} is damaged (${read.problem}); it is left as it is`;
      case 'ok':
        this.#showInMemory(read.data);
        return undefined;
      case 'damaged':
        this.#showInMemory(read.data);
        return `your progress file ${this.path} is damaged (${read.problem}); it is left as it is`;
      case 'newer':
        this.#showInMemory(read.data);
        return `your progress file ${this.path} was written by a newer mtls-tutor (${read.problem}); it is left as it is`;
    }
  }

  /**
   * The progress on disk, under the lock; a damaged file is moved aside and what it held is carried on.
   * `upgrade`: the file should be rewritten even if nothing new was recorded (older format, too long, salvaged).
   * Undefined when the store had to go to memory.
   */
  #readDisk(): { log: ProgressLog; upgrade: boolean } | undefined {
    const read = readProgressFile(this.path);
    switch (read.kind) {
      case 'missing':
        return { log: emptyLog(this.#log.origin), upgrade: false };
      case 'ok':
        return { log: toLog(read.data), upgrade: read.migratedFrom !== undefined || read.data.events.length > this.#compaction.limit };
      case 'unreadable': {
        const there = existsSync(this.path);
        this.#goMemory(
          there ? 'unreadable' : 'unwritable',
          there
            ? `Your progress file ${this.path} cannot be read (${read.problem}). It is left as it is; this session's progress is kept in memory only.`
            : `Your progress cannot be saved in ${dirname(this.path)} (${read.problem}). It is kept in memory for this session only.`,
        );
        return undefined;
      }
      case 'newer':
        this.#showInMemory(read.data);
        this.#goMemory(
          'newer-version',
          `Your progress file ${this.path} was written by a newer mtls-tutor (${read.problem}). It is left as it is; this session's progress is kept in memory only. Update mtls-tutor to keep both.`,
        );
        return undefined;
      case 'foreign':
        return { log: this.#quarantine(read.problem, undefined, 0), upgrade: false };
      case 'damaged':
        return { log: this.#quarantine(read.problem, read.data, read.kept), upgrade: read.kept > 0 };
    }
  }

  /** Saves a damaged file beside itself and carries on with every complete entry it held. */
  #quarantine(problem: string, data: ProgressData | undefined, kept: number): ProgressLog {
    const backupPath = sideName(this.path, 'corrupt', this.#now());
    renameSync(this.path, backupPath);
    if (data && kept > 0) {
      this.#notice({
        kind: 'salvaged',
        message: `Your progress file was damaged (${problem}); it was saved as ${backupPath}. ${kept} ${kept === 1 ? 'entry' : 'entries'} could be kept.`,
        backupPath,
      });
      return toLog(data);
    }
    this.#notice({ kind: 'corrupt', message: `Your progress file was unreadable (${problem}); it was saved as ${backupPath}. Starting fresh.`, backupPath });
    return emptyLog(this.#log.origin);
  }

  /**
   * conf writes atomically, so a crash leaves the old file or the new one, never half of one
   * (test/progress/crash.test.ts kills writers to check it).
   */
  #write(log: ProgressLog): void {
    log.revision = randomBytes(8).toString('hex');
    // conf keeps metadata of its own under "__internal__", and re-reads the whole file on every write to carry it
    // over unless the value has that key. There is none to keep (the serializer writes only progress).
    (this.#conf as ProgressConf).store = { ...toData(log), __internal__: {} } as unknown as Record<string, unknown>;
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
